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

describe("firstIssue on values no message can quote whole", () => {
  const page = Schema.Struct({ data: Schema.Array(Schema.Struct({ id: Schema.String })), total_count: Schema.Int })
  const failure = (value: unknown) => {
    const result = Schema.decodeUnknownEither(page)(value)
    if (result._tag === "Right") throw new Error("expected a failure")
    return firstIssue(result.left)
  }
  const deep = JSON.parse("[".repeat(100_000) + "]".repeat(100_000)) as unknown

  it.each([
    ["data", { data: deep, total_count: 1 }, "data[0]"],
    ["a credential", { data: [deep], total_count: 1 }, "data[0]"],
    ["a field", { data: [{ id: deep }], total_count: 1 }, "data[0].id"],
    ["total_count", { data: [], total_count: deep }, "total_count"]
  ])("names the place of a value nested 100,000 deep in %s, quoting a few levels of it", (_, value, path) => {
    const issue = failure(value)
    expect(issue.path).toBe(path)
    expect(issue.message).toContain("[[[[...]]]]")
    expect(issue.message.length).toBeLessThan(200)
  })

  it("quotes the first entries of a huge array and says how many more there are", () => {
    const issue = failure({ data: [], total_count: Array.from({ length: 1_000_000 }, (_, i) => i) })
    expect(issue.message).toBe("Expected number, actual [0,1,2,3,4,5,6,7,8,9,... 999990 more]")
  })

  it("keeps the messages of small values as Schema writes them", () => {
    expect(failure({ data: [{ id: 1 }], total_count: 1 }).message).toBe("Expected string, actual 1")
    expect(failure({ data: [], total_count: { a: [1, { b: 2 }] } }).message).toBe(
      "Expected number, actual {\"a\":[1,{\"b\":2}]}"
    )
  })
})
