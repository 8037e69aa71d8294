/**
 * No retry where a retry would be wrong. Every operation sends a 400, 401, 403, 404 or a
 * complete answer that does not decode exactly once, even with a schedule that would retry;
 * `create` repeats a request only where it certainly did not take effect, so a credential is
 * never created twice; `delete` counts a 404 after an ambiguous failure as done.
 */
import { ByokKeyFixtures, type Fault, jsonAnswer } from "openrouter-byok-mock-server"
import { operations, tagOfStatus } from "../operations.js"
import { type Scenario, secret, type Table } from "../scenario.js"
import { storedKey } from "../wireFixtures.js"

/** Attempts when the client may retry twice, as these scenarios let it. */
const retried = 3

/** The credentials the operations address (`keyId(1)`), so that the API answers them with success. */
const addressed = { keys: [storedKey(0), storedKey(1)] }

const errorAnswer = (code: number) => jsonAnswer(code, { error: { code, message: `status ${code}` } })

const sentOnce: ReadonlyArray<Scenario> = operations.flatMap((operation) => [
  ...[400, 401, 403, 404].map((code): Scenario => ({
    name: `${operation.name}: a ${code} is sent once, and answered with its error`,
    server: { options: addressed, faults: [errorAnswer(code)] },
    client: { retries: 2 },
    call: operation.call,
    expect: {
      outcome: { _tag: "Failure", error: { _tag: tagOfStatus(operation, code), status: code } },
      requestLog: [{ method: operation.method, path: operation.path }]
    }
  })),
  {
    name: `${operation.name}: a complete 200 body off the schema is a DecodeError naming the path, sent once`,
    server: {
      options: {
        ...addressed,
        // The API's own success answer, its body replaced.
        misbehaviour: { body: ({ status }) => status < 300 ? JSON.stringify(operation.offSchema.body) : undefined }
      }
    },
    client: { retries: 2 },
    call: operation.call,
    everyHttpStack: true,
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "DecodeError", path: operation.offSchema.path } },
      requests: 1
    }
  },
  {
    name: `${operation.name}: a complete 200 HTML page is a DecodeError at the root, sent once`,
    server: { options: addressed, faults: ["nonJsonBody"] },
    client: { retries: 2 },
    call: operation.call,
    everyHttpStack: true,
    expect: { outcome: { _tag: "Failure", error: { _tag: "DecodeError", path: "" } }, requests: 1 }
  }
])

/** Answers and cuts after which the server may have acted: every operation but create retries them. */
const ambiguous: ReadonlyArray<
  readonly [string, ReadonlyArray<Fault | ReturnType<typeof jsonAnswer>>]
> = [
  ["a 500", Array.from({ length: retried }, () => errorAnswer(500))],
  [
    "a 502 (an HTML page)",
    Array.from({ length: retried }, () => ({
      status: 502,
      headers: { "content-type": "text/html" },
      body: "<html>Bad Gateway</html>"
    }))
  ],
  ["a 503", Array.from({ length: retried }, () => errorAnswer(503))],
  ["a 504", Array.from({ length: retried }, () => errorAnswer(504))],
  ["a connection cut before the answer", ["dropConnection", "dropConnection", "dropConnection"]],
  ["an answer cut off before its Content-Length", ["truncateBody", "truncateBody", "truncateBody"]]
]

const retriedOnlyWhereSafe: ReadonlyArray<Scenario> = operations.flatMap((operation) => {
  const attempts = operation.retriesAmbiguousFailures ? retried : 1
  return [
    ...ambiguous.map(([failure, faults]): Scenario => ({
      name: `${operation.name}: after ${failure}, ${attempts} request(s)`,
      server: { options: addressed, faults },
      client: { retries: 2 },
      call: operation.call,
      everyHttpStack: true,
      expect: { outcome: { _tag: "Failure", error: { _tag: failureTag(failure) } }, requests: attempts }
    })),
    {
      name: `${operation.name}: after a timeout, ${attempts} request(s)`,
      server: { options: addressed, faults: ["hang", "hang", "hang"] },
      client: { retries: 2, requestTimeout: 1_000 },
      call: operation.call,
      clock: "test",
      expect: {
        outcome: { _tag: "Failure", error: { _tag: "TransportError", reason: "Timeout" } },
        requests: attempts
      }
    },
    {
      name: `${operation.name}: after a 429, retried: ${retried} requests`,
      server: {
        options: { ...addressed, faults: { retryAfterSeconds: 0 } },
        faults: ["http429", "http429", "http429"]
      },
      client: { retries: 2 },
      call: operation.call,
      expect: { outcome: { _tag: "Failure", error: { _tag: "RateLimited" } }, requests: retried }
    }
  ]
})

function failureTag(failure: string): string {
  return failure === "a 500"
    ? "InternalServer"
    : failure.startsWith("a 50")
    ? "UnexpectedStatus"
    : "TransportError"
}

const fiveKeys = ByokKeyFixtures.make({ count: 5, seed: 7, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })
const drillInput = { provider: "openai", key: secret("sk-proj-drill-0000000000000000AbCd") }

/** A server with five credentials and faults answered without delay, and a client that may retry twice. */
const stateful = (faults: ReadonlyArray<Fault>) => ({
  server: { options: { keys: fiveKeys, faults: { retryAfterSeconds: 0 } }, faults },
  client: { retries: 2 }
})

const nothingTwice: ReadonlyArray<Scenario> = [
  ...([
    { faults: ["http429"], created: 1, requests: 2, outcome: "Success" },
    { faults: ["http429", "http429", "http429"], created: 0, requests: 3, outcome: "RateLimited" },
    { faults: ["http500"], created: 0, requests: 1, outcome: "InternalServer" },
    { faults: ["http503"], created: 0, requests: 1, outcome: "UnexpectedStatus" },
    { faults: ["dropConnection"], created: 0, requests: 1, outcome: "TransportError" },
    // The API created it, then the answer was cut: reported, not repeated, so still one.
    { faults: ["truncateBody"], created: 1, requests: 1, outcome: "TransportError" }
  ] as const).map(({ created, faults, outcome, requests }): Scenario => ({
    name: `create after ${faults.join(", ")}: ${requests} request(s), ${created} credential(s) created, ${outcome}`,
    ...stateful(faults),
    call: { operation: "create", input: drillInput },
    expect: {
      outcome: outcome === "Success" ? { _tag: "Success" } : { _tag: "Failure", error: { _tag: outcome } },
      requests,
      storedCount: fiveKeys.length + created
    }
  })),
  ...([
    // The API deleted it, then the answer was cut; the retry's 404 means done.
    { faults: ["truncateBody"], requests: 2 },
    { faults: ["http500", "http502"], requests: 3 },
    { faults: ["dropConnection"], requests: 2 }
  ] as const).map(({ faults, requests }): Scenario => ({
    name: `delete after ${faults.join(", ")}: done in ${requests} requests, and the credential is gone`,
    ...stateful(faults),
    call: { operation: "delete", id: fiveKeys[2]!.id },
    expect: {
      outcome: { _tag: "Success" },
      requests,
      storedIds: fiveKeys.filter((_, index) => index !== 2).map((key) => key.id)
    }
  })),
  {
    name: "a delete whose first attempt got a 404 is NotFound, sent once",
    ...stateful([]),
    call: { operation: "delete", id: "00000000-0000-4000-8000-00000000dead" },
    expect: { outcome: { _tag: "Failure", error: { _tag: "NotFound" } }, requests: 1 }
  }
]

export const retrySafety: Table = {
  name: "retry safety",
  about: "Statuses and answers that a retry cannot fix are sent once; create repeats a request only where it " +
    "certainly did not take effect, so nothing is created twice; delete counts a 404 after an ambiguous failure as done.",
  scenarios: [...sentOnce, ...retriedOnlyWhereSafe, ...nothingTwice]
}
