/**
 * Drill: no retry where a retry would be wrong, from the shared table (`retrySafety` in
 * openrouter-byok-scenarios), run with this edition; and what only a stub `HttpClient` can
 * count, as the Effect 3 edition counts it: attempts at a connection that is refused.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import { operations, retrySafety } from "openrouter-byok-scenarios"
import { failureOf, stubbed } from "../support/clients.js"
import { refuse, Reply } from "../support/StubHttpClient.js"
import { runCall } from "./support/adapter.js"
import { runTable } from "./support/runTable.js"

/** Attempts when the client may retry twice. */
const retried = 3

runTable(retrySafety)

describe("retry safety: a refused connection sent nothing, so every operation retries it", () => {
  describe.each(operations)("$name", (operation) => {
    it.effect(`after a refused connection (nothing was sent): retried, ${retried} attempts; then an answer: success`, () =>
      Effect.gen(function*() {
        const immediateRetries = { retrySchedule: Schedule.recurs(retried - 1) }
        const refused = yield* stubbed([refuse], immediateRetries)
        expect(failureOf(yield* Effect.exit(runCall(refused.byok, operation.call)))).toMatchObject({
          _tag: "TransportError",
          reason: "ConnectionRefused"
        })
        expect(refused.stub.requests).toHaveLength(retried)
        const answer = Reply.text(operation.answer.status, operation.answer.body ?? "", operation.answer.headers ?? {})
        const recovered = yield* stubbed([refuse, answer], immediateRetries)
        yield* runCall(recovered.byok, operation.call)
        expect(recovered.stub.requests).toHaveLength(2)
      }))
  })
})
