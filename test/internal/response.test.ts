import { describe, expect, it } from "@effect/vitest"
import { ByokKey } from "effect-openrouter-byok"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { decodeError } from "../../src/internal/response.js"
import { keyJson } from "../support/fixtures.js"

const label = "GET https://openrouter.test/api/v1/byok?offset=0&limit=50"

describe("decodeError", () => {
  const decode = Schema.decodeUnknownEither(ByokKey.ListByokKeysResponse)
  const failure = (body: unknown) => {
    const result = decode(body)
    if (Either.isRight(result)) throw new Error("expected a decoding failure")
    return decodeError(label, 200, result.left)
  }

  it("names the wire path of the first problem, with array indices", () => {
    const error = failure({
      data: [keyJson(0), keyJson(1), keyJson(2), keyJson(3, { sort_order: "3" })],
      total_count: 4
    })
    expect(error).toMatchObject({ path: "data[3].sort_order", status: 200, request: label })
    expect(error.message).toContain("at data[3].sort_order")
  })

  it("names a missing top-level field", () => {
    expect(failure({ data: [] }).path).toBe("total_count")
  })

  it("keeps its message short when the reason is long", () => {
    const error = failure({ data: [keyJson(0, { sort_order: "x".repeat(5000) })], total_count: 1 })
    expect(error.message.length).toBeLessThan(500)
  })
})
