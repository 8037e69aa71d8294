/**
 * A server that accepts a request and never answers. Each attempt ends with a `TransportError`
 * (`Timeout`) exactly when `requestTimeout` (30 s by default) has passed, not before; the
 * client closes that connection, waits as the default schedule says, tries again as often as
 * it allows (once for `create`, which may have taken effect), then reports the timeout. The
 * sockets are real; the client's clock is the `TestClock`, moved by the adapter.
 */
import { ByokKeyFixtures } from "openrouter-byok-mock-server"
import { operations } from "../operations.js"
import { defaultMaxAttempts, defaultRequestTimeoutMillis, defaultRetryWaits } from "../retryPolicy.js"
import type { Scenario, Table } from "../scenario.js"
import { keyId, storedKey } from "../wireFixtures.js"

const closedByTheClient = { status: undefined, clientClosedEarly: true } as const

const eachAttempt: ReadonlyArray<Scenario> = operations.map((operation): Scenario => {
  const attempts = operation.retriesAmbiguousFailures ? defaultMaxAttempts : 1
  return {
    name: `${operation.name}: each attempt times out at 30 s, is retried within the default schedule, then reported`,
    server: { faults: Array.from({ length: attempts }, () => "hang" as const) },
    client: { retries: "default" },
    call: operation.call,
    clock: "test",
    everyHttpStack: true,
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "TransportError", reason: "Timeout" } },
      requestLog: Array.from({ length: attempts }, () => closedByTheClient),
      heldOpenUntilDeadline: true,
      retryWaits: defaultRetryWaits.slice(0, attempts - 1),
      retryMessagesContain: "Transport failure (Timeout)",
      clockSpent: { attemptsTimedOut: attempts, timeoutMillis: defaultRequestTimeoutMillis }
    }
  }
})

const threeKeys = ByokKeyFixtures.make({ count: 3 })

const others: ReadonlyArray<Scenario> = [
  {
    name: "a body that stops half-way times out the same way: the limit covers the body, not just the headers",
    // Holding keyId(1), so that the answer held half-way is the credential's 200.
    server: { options: { keys: [storedKey(0), storedKey(1)] }, faults: ["stallBody"] },
    call: { operation: "get", id: keyId(1) },
    clock: "test",
    everyHttpStack: true,
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "TransportError", reason: "Timeout" } },
      requestLog: [{ fault: "stallBody", status: 200, clientClosedEarly: true }],
      heldOpenUntilDeadline: true,
      clockMillis: defaultRequestTimeoutMillis
    }
  },
  {
    name: "a shorter requestTimeout applies to every attempt",
    server: { faults: ["hang", "hang"] },
    client: { retries: 1, requestTimeout: 2_000 },
    call: { operation: "get", id: keyId(1) },
    clock: "test",
    everyHttpStack: true,
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "TransportError", reason: "Timeout" } },
      requestLog: [closedByTheClient, closedByTheClient],
      heldOpenUntilDeadline: true,
      clockMillis: 4_000
    }
  },
  {
    name: "two hung attempts, then an answer: the credential, and the server saw both hung connections closed",
    server: { options: { keys: threeKeys }, faults: ["hang", "hang"] },
    client: { retries: "default" },
    call: { operation: "get", id: threeKeys[1]!.id },
    clock: "test",
    expect: {
      outcome: { _tag: "Success", ids: [threeKeys[1]!.id] },
      requestLog: [
        { fault: "hang", ...closedByTheClient },
        { fault: "hang", ...closedByTheClient },
        { fault: undefined, status: 200, clientClosedEarly: false }
      ],
      heldOpenUntilDeadline: true,
      retryWaits: defaultRetryWaits.slice(0, 2),
      clockSpent: { attemptsTimedOut: 2, timeoutMillis: defaultRequestTimeoutMillis }
    }
  }
]

export const timeouts: Table = {
  name: "timeouts",
  about: "A server that never answers, or stops half-way through a body: every attempt ends at the client's " +
    "deadline, not before, and is retried as the policy allows, then reported as a TransportError (Timeout).",
  scenarios: [...eachAttempt, ...others]
}
