/**
 * Waiting on the mock server's request log, for drills that act once a request has arrived or
 * check how its exchange ended.
 */
import type { MockServer } from "effect-openrouter-byok/testing"
import * as Effect from "effect/Effect"

/** Resumes once the server has received `count` requests. */
export const awaitReceived = (server: MockServer.Service, count: number): Effect.Effect<void> =>
  Effect.asVoid(server.awaitRequests((requests) => requests.length >= count))

/** Resumes once the exchange of the `index`th request (0 for the first) is over, and returns how it ended. */
export const awaitCompleted = (server: MockServer.Service, index: number): Effect.Effect<MockServer.LoggedRequest> =>
  Effect.map(server.awaitRequests((requests) => requests[index]?.completed === true), (requests) => requests[index]!)
