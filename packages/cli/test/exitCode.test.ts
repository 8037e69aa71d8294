import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByokError } from "effect-openrouter-byok"
import { MissingApiKey, NoSuchCredential, UsageError } from "../src/commandErrors.js"
import { exitCodeOf } from "../src/exitCode.js"
import { failureLine } from "../src/failureLine.js"

const api = { status: 0, request: "GET https://openrouter.ai/api/v1/byok" }

/** One of each failure, with the exit code the table gives its class. */
const cases = [
  [new UsageError({ message: "--disabled and --enabled exclude each other" }), 2],
  [new OpenRouterByokError.InvalidRequest({ operation: "OpenRouterByok.list", reason: "limit: bad" }), 2],
  [new OpenRouterByokError.BadRequest({ ...api, status: 400 }), 2],
  [new MissingApiKey(), 3],
  [new OpenRouterByokError.Unauthorized({ ...api, status: 401 }), 3],
  [new OpenRouterByokError.Forbidden({ ...api, status: 403 }), 3],
  [new OpenRouterByokError.NotFound({ ...api, status: 404 }), 4],
  [new NoSuchCredential({ message: "No credential id starts with abcd" }), 4],
  [new OpenRouterByokError.RateLimited({ ...api, status: 429 }), 5],
  [new OpenRouterByokError.InternalServer({ ...api, status: 500 }), 5],
  [new OpenRouterByokError.UnexpectedStatus({ ...api, status: 503 }), 5],
  [new OpenRouterByokError.TransportError({ reason: "ConnectionRefused", request: api.request }), 5],
  [
    new OpenRouterByokError.DecodeError({
      request: api.request,
      status: 200,
      path: "data[0].id",
      reason: "is missing"
    }),
    6
  ]
] as const

describe("exitCode", () => {
  it("gives each failure its class's code", () => {
    for (const [error, code] of cases) expect([error._tag, exitCodeOf(error)]).toEqual([error._tag, code])
  })

  it("maps pages that do not fit together to 6, and a tag it does not know to 5", () => {
    expect(exitCodeOf({ _tag: "InconsistentPagination" })).toBe(6)
    expect(exitCodeOf({ _tag: "SomethingNewer" })).toBe(5)
  })
})

describe("failureLine", () => {
  it("says what failed, why and what to do, on one line", () => {
    expect(failureLine(new OpenRouterByokError.Unauthorized({ ...api, status: 401 }))).toBe(
      "401 Unauthorized: BYOK management needs a management key; set OPENROUTER_API_KEY"
    )
    for (const [error] of cases) expect(failureLine(error)).not.toContain("\n")
  })

  it("shows the message of a failure it does not know, on one line", () => {
    expect(failureLine({ _tag: "SomethingNewer", message: "first\n  second" })).toBe("first second")
  })
})
