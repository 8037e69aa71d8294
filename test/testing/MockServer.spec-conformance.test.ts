/**
 * The mock server must not drift from the wire contract: every body it serves, success and
 * error, for every operation and both response shapes, is validated against the JSON schemas
 * of spec/openrouter-byok.openapi.yaml with ajv; every status the spec documents is
 * exercised; and the spec's own examples decode with the library's Schemas.
 */
import { describe, expect, it } from "@effect/vitest"
import { ByokKey } from "effect-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect-openrouter-byok/testing"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { componentSchemas, type JsonSchema, operationOf, operations, spec, validate } from "./openApiSpec.js"
import { type RawRequest, send } from "./rawHttp.js"

const apiKey = MockServer.defaultApiKey
const nonManagementKey = "sk-or-v1-inference-only"

/** Whether a credential uses only the values the spec's open enums list today. */
const withinSpecEnums = (key: ByokKey.ByokKey) =>
  ByokKey.isKnownProviderSlug(key.provider) &&
  (key.declaredRegion == null || ByokKey.isKnownDeclaredRegion(key.declaredRegion))

/** Credentials of providers and regions the spec knows: the spec's enums are checked exactly. */
const keys = ByokKeyFixtures.make({ count: 80, seed: 3 }).filter(withinSpecEnums)

/**
 * Statuses the mock sends that an operation does not document, and why: the API answers 403
 * to a non-management key on every operation (the spec documents it only for create and
 * update), and a 429 can come from any of them. Both use the spec's common error envelope.
 */
const undocumentedButExpected = new Set([
  "listBYOKKeys 403",
  "getBYOKKey 403",
  "deleteBYOKKey 403",
  "listBYOKKeys 429",
  "getBYOKKey 429",
  "createBYOKKey 429",
  "updateBYOKKey 429",
  "deleteBYOKKey 429"
])

const errorEnvelopeOf = (status: number) => status === 403 ? "ForbiddenResponse" : "InternalServerResponse"

interface Served {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly contentType: string | undefined
  readonly body: string
}

type Call = readonly [method: string, path: string, request?: RawRequest]

const provider = { provider: "openai", key: "sk-proj-conformance-0000000000AbCd" }

/** One of every answer the API documents, and the undocumented ones the mock also gives. */
const calls = (existing: ReadonlyArray<string>): ReadonlyArray<Call> => {
  const [first, second, third] = existing
  const withKey =
    (key: string | undefined) => (method: string, path: string, request: RawRequest = {}): Call => [method, path, {
      ...request,
      apiKey: key
    }]
  const management = withKey(apiKey)
  const everyAuthFailure = (method: string, path: string, request: RawRequest = {}): ReadonlyArray<Call> => [
    withKey(undefined)(method, path, request),
    withKey("sk-or-v1-wrong")(method, path, request),
    withKey(nonManagementKey)(method, path, request)
  ]
  return [
    management("GET", "/byok"),
    management("GET", "/byok?offset=2&limit=3"),
    management("GET", `/byok?workspace_id=${ByokKeyFixtures.workspaceIds[1]}&provider=openai&limit=100`),
    management("GET", "/byok?offset=100000"),
    management("GET", "/byok?limit=0"),
    management("GET", "/byok?provider=no-such-provider"),
    ...everyAuthFailure("GET", "/byok"),
    management("GET", `/byok/${first}`),
    management("GET", "/byok/11111111-2222-3333-4444-555555555555"),
    ...everyAuthFailure("GET", `/byok/${first}`),
    management("POST", "/byok", {
      body: { ...provider, name: "Conformance", allowed_models: ["openai/gpt-4o"], declared_zdr: true }
    }),
    management("POST", "/byok", { body: provider }),
    management("POST", "/byok", { body: { ...provider, provider: "azure", declared_region: "europe" } }),
    management("POST", "/byok", { rawBody: "{" }),
    management("POST", "/byok", { body: { ...provider, provider: "no-such-provider" } }),
    management("POST", "/byok", { body: { ...provider, allowed_api_key_hashes: ["short"] } }),
    ...everyAuthFailure("POST", "/byok", { body: provider }),
    management("PATCH", `/byok/${second}`, {
      body: { name: null, allowed_models: null, key: "sk-rotated-000000000000WxYz" }
    }),
    management("PATCH", `/byok/${second}`, { body: {} }),
    management("PATCH", `/byok/${second}`, { body: { declared_region: "us" } }),
    management("PATCH", `/byok/${second}`, { body: { declared_region: null } }),
    management("PATCH", `/byok/${second}`, { body: { disabled: "no" } }),
    management("PATCH", "/byok/11111111-2222-3333-4444-555555555555", { body: { disabled: true } }),
    ...everyAuthFailure("PATCH", `/byok/${second}`, { body: { disabled: true } }),
    management("DELETE", `/byok/${third}`),
    management("DELETE", `/byok/${third}`),
    ...everyAuthFailure("DELETE", `/byok/${first}`)
  ]
}

/** Every operation once more, each answered with an injected fault that keeps the API's JSON envelope. */
const faultedCalls = (existing: ReadonlyArray<string>): ReadonlyArray<Call> =>
  operations.map((operation) => [
    operation.method,
    operation.path.replace("{id}", existing[0]!),
    { apiKey, ...(operation.method === "POST" || operation.method === "PATCH" ? { body: provider } : {}) }
  ])

const serveAll = (shape: "newest" | "legacy") =>
  Effect.gen(function*() {
    const served: Array<Served> = []
    const run = (server: MockServer.Service, call: Call) =>
      Effect.map(send(`${server.url}${call[1]}`, { method: call[0], ...call[2] }), (exchange) => {
        if (exchange._tag !== "Answered") throw new Error(`no answer to ${call[0]} ${call[1]}`)
        served.push({
          method: call[0],
          path: `/api/v1${call[1].split("?")[0]}`,
          status: exchange.status,
          contentType: exchange.headers["content-type"],
          body: exchange.body
        })
      })
    const server = yield* MockServer.make({ keys, shape, nonManagementApiKeys: [nonManagementKey] })
    const ids = keys.map((key) => key.id)
    for (const call of calls(ids)) yield* run(server, call)
    for (const fault of ["http500", "http429"] as const) {
      for (const call of faultedCalls(ids.slice(10))) {
        yield* server.injectFaults([fault])
        yield* run(server, call)
      }
    }
    const withoutDefault = yield* MockServer.make({ keys, shape, defaultWorkspaceId: null })
    yield* run(withoutDefault, ["GET", "/byok", { apiKey }])
    yield* run(withoutDefault, ["POST", "/byok", { apiKey, body: provider }])
    return served
  })

const checkConformance = (shape: "newest" | "legacy", served: ReadonlyArray<Served>) => {
  for (const answer of served) {
    const operation = operationOf(answer.method, answer.path)!
    const where = `${operation.operationId} ${answer.status}`
    expect(answer.contentType, where).toMatch(/^application\/json/)
    const body = JSON.parse(answer.body)
    const documented: JsonSchema | undefined = operation.responses[String(answer.status)]
    if (documented === undefined) {
      expect(undocumentedButExpected, where).toContain(where)
      expect(validate("published", errorEnvelopeOf(answer.status), body), where).toEqual([])
    } else {
      expect(validate("published", documented, body), where).toEqual([])
      expect(validate(shape, documented, body), `${where} (${shape}: closed and complete)`).toEqual([])
    }
    if (answer.status >= 400) expect(body.error.code, where).toBe(answer.status)
  }
  // Every status the spec documents, for every operation, was served at least once.
  const seen = new Set(
    served.map((answer) => `${operationOf(answer.method, answer.path)!.operationId} ${answer.status}`)
  )
  for (const operation of operations) {
    for (const status of Object.keys(operation.responses)) {
      expect(seen, `${shape}`).toContain(`${operation.operationId} ${status}`)
    }
  }
}

describe("MockServer conformance to spec/openrouter-byok.openapi.yaml", () => {
  it.scopedLive("serves only bodies valid against the spec, for every operation and documented status, in the newest shape", () =>
    Effect.map(serveAll("newest"), (served) => {
      expect(served.length).toBeGreaterThan(40)
      checkConformance("newest", served)
      // The check has teeth: the same bodies break the legacy contract (they carry the newer fields).
      expect(() => checkConformance("legacy", served)).toThrow(/legacy: closed and complete/)
    }))

  it.scopedLive("serves only bodies valid against the spec, without the x-added-later fields, in the legacy shape", () =>
    Effect.map(serveAll("legacy"), (served) => checkConformance("legacy", served)))

  it.scopedLive("differs from the spec only in its open enums when it holds providers and regions newer than the spec", () =>
    Effect.gen(function*() {
      const withNewValues = ByokKeyFixtures.make({ count: 300, seed: 3 })
      const server = yield* MockServer.make({ keys: withNewValues })
      const exchange = yield* send(`${server.url}/byok?limit=100`, { apiKey })
      const body = exchange._tag === "Answered" ? JSON.parse(exchange.body) : undefined
      const errors = validate("published", operationOf("GET", "/api/v1/byok")!.responses["200"]!, body)
      expect(errors.some((error) => error.includes("/provider "))).toBe(true)
      expect(errors.some((error) => error.includes("/declared_region "))).toBe(true)
      for (const error of errors) {
        expect(error).toMatch(
          /^\/data\/\d+\/(provider|declared_region) must (be equal to one of the allowed values|be string|be null|match a schema in anyOf)$/
        )
      }
    }))
})

describe("the spec's examples", () => {
  const successSchemaOf = (operationId: string) =>
    operationId === "listBYOKKeys"
      ? ByokKey.ListByokKeysResponse
      : operationId === "deleteBYOKKey"
      ? ByokKey.DeleteByokKeyResponse
      : ByokKey.ByokKeyResponse

  it("decode with the library's Schemas: every response example of every operation", () => {
    for (const operation of operations) {
      for (const [status, example] of Object.entries(operation.responseExamples)) {
        const schema: Schema.Schema<any, any> = Number(status) < 300
          ? successSchemaOf(operation.operationId)
          : ByokKey.ApiErrorResponse
        expect(() => Schema.decodeUnknownSync(schema)(example), `${operation.operationId} ${status}`).not.toThrow()
      }
    }
  })

  it("decode with the library's Schemas: the request examples, into Redacted provider keys", () => {
    const create = Schema.decodeUnknownSync(ByokKey.CreateByokKeyInput)(
      operations.find((o) => o.operationId === "createBYOKKey")!.requestExample
    )
    expect(create).toMatchObject({ provider: "openai", name: "Production OpenAI Key" })
    expect(String(create.key)).toBe("<redacted>")
    const update = Schema.decodeUnknownSync(ByokKey.UpdateByokKeyPatch)(
      operations.find((o) => o.operationId === "updateBYOKKey")!.requestExample
    )
    expect(update).toEqual({ disabled: false, name: "Updated OpenAI Key" })
  })

  it("decode with the library's Schemas: the component examples", () => {
    const schemaOf: Record<string, Schema.Schema<any, any>> = {
      BYOKKey: ByokKey.ByokKey,
      ListBYOKKeysResponse: ByokKey.ListByokKeysResponse,
      GetBYOKKeyResponse: ByokKey.ByokKeyResponse,
      CreateBYOKKeyResponse: ByokKey.ByokKeyResponse,
      UpdateBYOKKeyResponse: ByokKey.ByokKeyResponse,
      DeleteBYOKKeyResponse: ByokKey.DeleteByokKeyResponse,
      CreateBYOKKeyRequest: ByokKey.CreateByokKeyInput,
      UpdateBYOKKeyRequest: ByokKey.UpdateByokKeyPatch
    }
    for (const [name, component] of Object.entries(componentSchemas)) {
      if (component.example === undefined) continue
      const schema = schemaOf[name] ??
        (name.endsWith("ErrorData")
          ? ByokKey.ApiErrorDetail
          : name.endsWith("Response")
          ? ByokKey.ApiErrorResponse
          : undefined)
      if (name === "BYOKProviderSlug") {
        expect(ByokKey.isKnownProviderSlug(component.example)).toBe(true)
        continue
      }
      expect(schema, name).toBeDefined()
      expect(() => Schema.decodeUnknownSync(schema!)(component.example), name).not.toThrow()
    }
  })

  it("list the same provider slugs as the library knows", () => {
    const listParameter = spec.paths["/byok"].get.parameters.find((p: JsonSchema) => p.name === "provider")
    expect([...listParameter.schema.enum].sort()).toEqual([...ByokKey.knownProviderSlugs].sort())
    expect([...componentSchemas.BYOKProviderSlug!.enum].sort()).toEqual([...ByokKey.knownProviderSlugs].sort())
  })
})
