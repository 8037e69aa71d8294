/**
 * Drill: no retry where a retry would be wrong. Every operation sends a 400, 401, 403, 404 or
 * a complete answer that does not decode exactly once, even with a schedule that would retry;
 * `create` repeats a request only where it certainly did not take effect, so a credential is
 * never created twice; `delete` counts a 404 after an ambiguous failure as done. The shared
 * table (`retrySafety` in openrouter-byok-scenarios) runs through this edition's adapter; here
 * besides, what only a stub `HttpClient` can count: attempts at a connection that is refused.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { retrySafety } from "openrouter-byok-scenarios"
import { immediateRetries, stubbed } from "../support/clients.js"
import { failureOf } from "../support/observe.js"
import { refuse, type StubReply } from "../support/StubHttpClient.js"
import { exitOf, operations } from "./support/operations.js"
import { runTable } from "./support/runTable.js"

/** Attempts under `immediateRetries`, the schedule these drills give the client: it would retry twice. */
const retried = 3

describe("retry safety: a refused connection sent nothing, so every operation retries it", () => {
  describe.each(operations)("$name", (operation) => {
    it.effect(`after a refused connection (nothing was sent): retried, ${retried} attempts; then an answer: success`, () =>
      Effect.gen(function*() {
        const refused = yield* stubbed([refuse], { retrySchedule: immediateRetries })
        expect(failureOf(yield* exitOf(operation, refused.byok))).toMatchObject({
          _tag: "TransportError",
          reason: "ConnectionRefused"
        })
        expect(refused.stub.requests).toHaveLength(retried)
        const replies: ReadonlyArray<StubReply> = [refuse, operation.answer]
        const recovered = yield* stubbed(replies, { retrySchedule: immediateRetries })
        yield* operation.run(recovered.byok)
        expect(recovered.stub.requests).toHaveLength(2)
      }))
  })
})

runTable(retrySafety)
