/**
 * The wire contract's own examples, spec/openrouter-byok.openapi.yaml, decode with this
 * edition's Schemas, and the spec lists the provider slugs the library knows. (That the mock
 * server serves only bodies valid against the spec is checked in the mock server's package.)
 */
import { describe, expect, it } from "@effect/vitest"
import { ByokKey } from "effect-openrouter-byok"
import * as Schema from "effect/Schema"
import {
  componentSchemas,
  type JsonSchema,
  operations,
  spec
} from "../packages/mock-server/test/support/openApiSpec.js"

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
