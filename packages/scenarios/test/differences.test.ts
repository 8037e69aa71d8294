import { describe, expect, it } from "vitest"
import { containing, differences, elsewhereOrigin, type Observed } from "../src/index.js"

const failed = (error: Record<string, unknown>, message = "m"): Observed => ({
  outcome: {
    _tag: "Failure",
    error,
    message,
    json: JSON.stringify(error),
    renderings: [message, JSON.stringify(error)]
  },
  serverUrl: "http://127.0.0.1:1/api/v1",
  requests: [],
  storedKeys: [],
  logs: [],
  spans: [],
  retries: [],
  heldBack: []
})

describe("differences", () => {
  it("is empty when the failure has the tag and the fields expected (other fields free)", () => {
    expect(differences(
      { outcome: { _tag: "Failure", error: { _tag: "DecodeError", path: "total_count" } } },
      failed({ _tag: "DecodeError", path: "total_count", issue: "Expected a number" })
    )).toEqual([])
  })

  it("names each field that differs, and a success where a failure was expected", () => {
    expect(differences(
      { outcome: { _tag: "Failure", error: { _tag: "DecodeError", path: "total_count" } } },
      failed({ _tag: "DecodeError", path: "data" })
    )).toEqual(["expected the error's path to be \"total_count\", got \"data\""])
    expect(differences(
      { outcome: { _tag: "Failure", error: { _tag: "NotFound" } } },
      { ...failed({}), outcome: { _tag: "Success", ids: [], count: 0 } }
    )).toEqual(["expected a failure, got success (0 items)"])
  })

  it("finds a secret in any rendering, log line or logged request", () => {
    const observed: Observed = { ...failed({ _tag: "Unauthorized" }, "key sk-secret"), logs: ["sk-secret again"] }
    expect(
      differences(
        { outcome: { _tag: "Failure", error: { _tag: "Unauthorized" } }, nothingContains: ["sk-secret"] },
        observed
      )
    )
      .toEqual(["rendering 0 of the error contains \"sk-secret\"", "log line 0 contains \"sk-secret\""])
  })

  it("resolves the redirect's origin, and matches a containing text inside a structure's JSON", () => {
    const observed: Observed = {
      ...failed({ _tag: "UnexpectedStatus", location: "http://127.0.0.1:9", metadata: { body: "<redacted>" } }),
      elsewhereOrigin: "http://127.0.0.1:9"
    }
    expect(differences({
      outcome: {
        _tag: "Failure",
        error: { _tag: "UnexpectedStatus", location: elsewhereOrigin, metadata: containing("<redacted>") }
      }
    }, observed)).toEqual([])
  })

  it("counts the requests, exactly or at most", () => {
    const observed = failed({ _tag: "NotFound" })
    expect(differences({ outcome: { _tag: "Failure", error: { _tag: "NotFound" } }, requests: 1 }, observed))
      .toEqual(["expected 1 request(s), the server received 0: "])
    expect(
      differences({ outcome: { _tag: "Failure", error: { _tag: "NotFound" } }, requests: { atMost: 2 } }, observed)
    )
      .toEqual([])
  })
})
