import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Operations from "../../src/internal/operations.js"
import { firstIssue } from "../../src/internal/parseIssue.js"
import { encodeBody } from "../../src/internal/request.js"

describe("firstIssue", () => {
  it("writes the path as in JavaScript, array items in brackets", () => {
    const schema = Schema.Struct({ data: Schema.Array(Schema.Struct({ sort_order: Schema.Int })) })
    const result = Schema.decodeUnknownEither(schema)({ data: [{ sort_order: 1 }, { sort_order: "x" }] })
    expect(result._tag).toBe("Left")
    if (result._tag === "Left") expect(firstIssue(result.left).path).toBe("data[1].sort_order")
  })

  it.effect("is how InvalidRequest names a wrong argument, the same way DecodeError names a wrong field", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(encodeBody(Operations.create, {
        provider: "openai",
        key: Redacted.make("sk-proj-x"),
        allowedApiKeyHashes: ["f".repeat(64), "NOT-HEX"]
      }))
      expect(error.reason).toBe("allowedApiKeyHashes[1]: must be 64 lowercase hex characters")
    }))
})
