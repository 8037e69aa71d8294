import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByokError } from "effect4-openrouter-byok"
import { MissingApiKey, NoSuchCredential, UsageError } from "../src/commandErrors.js"
import { DeadlineExceeded } from "../src/deadline.js"
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
  [new DeadlineExceeded({ deadline: "2m" }), 5],
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

  it("counts a 4xx the operation does not document as the caller's problem, by its status", () => {
    const unexpected = (status: number) => exitCodeOf(new OpenRouterByokError.UnexpectedStatus({ ...api, status }))
    expect([400, 409, 422].map(unexpected)).toEqual([2, 2, 2])
    expect([401, 403].map(unexpected)).toEqual([3, 3])
    expect([404, 410].map(unexpected)).toEqual([4, 4])
    // "Not now" rather than "not this", a redirect, and the server's own failures.
    expect([408, 429, 302, 502, 503].map(unexpected)).toEqual([5, 5, 5, 5, 5])
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

  it("says \"after the retries\" only of a failure the operation retries, until its retries ran out", () => {
    const get = "GET https://openrouter.ai/api/v1/byok/3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f"
    const create = "POST https://openrouter.ai/api/v1/byok"
    const retried = [
      new OpenRouterByokError.InternalServer({ status: 500, request: get }),
      new OpenRouterByokError.UnexpectedStatus({ status: 503, request: get }),
      new OpenRouterByokError.TransportError({ reason: "Timeout", request: get }),
      new OpenRouterByokError.RateLimited({ status: 429, request: create }),
      new OpenRouterByokError.TransportError({ reason: "ConnectionRefused", request: create })
    ]
    const notRetried = [
      // create is not sent again after a failure that may have created the credential.
      new OpenRouterByokError.InternalServer({ status: 500, request: create }),
      new OpenRouterByokError.TransportError({ reason: "Timeout", request: create }),
      // A wait longer than a retry waits for ends the retries.
      new OpenRouterByokError.RateLimited({ status: 429, request: get, retryAfterMillis: 120_000 }),
      new OpenRouterByokError.UnexpectedStatus({ status: 302, request: get })
    ]
    for (const error of retried) expect(failureLine(error)).toContain(" after the retries")
    for (const error of notRetried) expect(failureLine(error)).not.toContain("retries")
  })

  it("says an undocumented 4xx is the caller's to fix, never to try again later", () => {
    const get = "GET https://openrouter.ai/api/v1/byok/3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f"
    const line = (status: number) => failureLine(new OpenRouterByokError.UnexpectedStatus({ status, request: get }))
    expect(line(400)).toBe(`400 Bad Request: the server refused ${get}; check the arguments (see --help)`)
    expect(line(422)).toBe(`422 Unprocessable Entity: the server refused ${get}; check the arguments (see --help)`)
    expect(line(401)).toContain("401 Unauthorized: ")
    expect(line(403)).toContain("403 Forbidden: ")
    expect(line(410)).toBe(`410 Gone: nothing at ${get}; check --api-url (or OPENROUTER_API_URL)`)
    for (const status of [400, 401, 403, 404, 409, 410, 422]) expect(line(status)).not.toContain("try again")
  })

  it("shows the message of a failure it does not know, on one line", () => {
    expect(failureLine({ _tag: "SomethingNewer", message: "first\n  second" })).toBe("first second")
  })
})
