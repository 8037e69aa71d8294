/**
 * The wire contract, `spec/openrouter-byok.openapi.yaml`, as JSON-Schema validators (ajv,
 * draft 2020-12 as OpenAPI 3.1 uses), in three strengths:
 *
 * - `published`: the schemas exactly as the spec states them;
 * - `newest`: also closed (no property the spec does not declare) and complete (every
 *   declared property present, the `x-added-later` ones included), the shape the mock serves
 *   by default;
 * - `legacy`: closed, complete, and without the `x-added-later` properties.
 */
import { Ajv2020 } from "ajv/dist/2020.js"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { parse } from "yaml"

export type JsonSchema = Record<string, any>

export interface Operation {
  readonly operationId: string
  readonly method: string
  readonly path: string
  /** The response schema of each documented status. */
  readonly responses: Readonly<Record<string, JsonSchema>>
  readonly requestExample?: unknown
  readonly responseExamples: Readonly<Record<string, unknown>>
}

const specPath = fileURLToPath(new URL("../../../../spec/openrouter-byok.openapi.yaml", import.meta.url))

export const spec: JsonSchema = parse(readFileSync(specPath, "utf8"))

export const componentSchemas: Readonly<Record<string, JsonSchema>> = spec.components.schemas

export const operations: ReadonlyArray<Operation> = Object.entries(spec.paths as Record<string, JsonSchema>).flatMap((
  [path, methods]
) =>
  Object.entries(methods).map(([method, operation]: [string, JsonSchema]) => ({
    operationId: operation.operationId,
    method: method.toUpperCase(),
    path,
    responses: Object.fromEntries(
      Object.entries(operation.responses as Record<string, JsonSchema>).map((
        [status, response]
      ) => [status, response.content["application/json"].schema])
    ),
    requestExample: operation.requestBody?.content["application/json"].example,
    responseExamples: Object.fromEntries(
      Object.entries(operation.responses as Record<string, JsonSchema>).map((
        [status, response]
      ) => [status, response.content["application/json"].example])
    )
  }))
)

/** The operation a request went to, from its method and path under `/api/v1`. */
export const operationOf = (method: string, path: string): Operation | undefined => {
  const relative = path.replace(/^\/api\/v1/, "")
  return operations.find((operation) =>
    operation.method === method &&
    new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(relative)
  )
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Closes every object schema that declares properties, and optionally requires all of them. */
const tighten = (schemas: Record<string, JsonSchema>, dropAddedLater: boolean): Record<string, JsonSchema> => {
  const copy: Record<string, JsonSchema> = structuredClone(schemas)
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (typeof node !== "object" || node === null) return
    const schema = node as JsonSchema
    if (schema.properties !== undefined && schema.type === "object") {
      if (dropAddedLater) {
        for (const [name, property] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
          if (property["x-added-later"] === true) delete schema.properties[name]
        }
      }
      schema.additionalProperties = false
    }
    Object.values(schema).forEach(visit)
  }
  visit(copy)
  // Every declared property of a credential is sent; the request schemas stay as published.
  copy.BYOKKey!.required = Object.keys(copy.BYOKKey!.properties)
  return copy
}

const ajv = new Ajv2020({ strict: false, allErrors: true })
ajv.addFormat("uuid", uuidPattern)
ajv.addSchema({ components: { schemas: componentSchemas } }, "published")
ajv.addSchema({ components: { schemas: tighten(componentSchemas, false) } }, "newest")
ajv.addSchema({ components: { schemas: tighten(componentSchemas, true) } }, "legacy")

export type Strength = "published" | "newest" | "legacy"

/**
 * Validates `value` against a schema of the spec (one with a `$ref` to the components, or a
 * component name), in the given strength. Returns ajv's errors, empty when valid.
 */
export const validate = (strength: Strength, schema: JsonSchema | string, value: unknown): ReadonlyArray<string> => {
  const ref = typeof schema === "string" ? `#/components/schemas/${schema}` : schema.$ref as string
  const validator = ajv.getSchema(`${strength}${ref}`)
  if (validator === undefined) throw new Error(`no schema ${strength}${ref}`)
  return validator(value) ? [] : (validator.errors ?? []).map((error) => `${error.instancePath} ${error.message}`)
}
