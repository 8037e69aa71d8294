/**
 * Drill: a server that accepts a request and never answers. Each attempt ends with a
 * `TransportError` (`Timeout`) exactly when `requestTimeout` (30 s by default) has passed, not
 * before; the client closes that connection, waits as the default schedule says, tries again
 * as often as it allows (once for `create`, which may have taken effect), then reports the
 * timeout. Real sockets on 127.0.0.1 (the product's `MockServer`: its `hang` fault accepts and
 * never answers, its `stallBody` stops half-way through the body); the clock is the
 * `TestClock`, moved by the drill.
 */
import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByok } from "effect-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect-openrouter-byok/testing"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Queue from "effect/Queue"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"
import { httpStacks, nodeStack, onMockServer } from "../support/clients.js"
import { keyId } from "../support/fixtures.js"
import { failureOf } from "../support/observe.js"
import { operations } from "./support/operations.js"
import { awaitCompleted, awaitReceived } from "./support/requestLog.js"
import { defaultRequestTimeoutMillis, maxAttempts, mostTimeFor, scheduleWaits } from "./support/retryBounds.js"
import { reportRetries, type Retry } from "./support/retryLog.js"
import { untilSleepingUntil } from "./support/sleeps.js"

/**
 * Plays a server that never answers `attempts` times: lets each attempt run to one
 * millisecond before its deadline (the connection still open), then to its deadline (the
 * client closes it), then waits out the retry the client announces. Returns the waits.
 */
const timeOutEachAttempt = (server: MockServer.Service, retries: Queue.Queue<Retry>, attempts: number) =>
  Effect.gen(function*() {
    const waits: Array<number> = []
    for (let attempt = 1; attempt <= attempts; attempt++) {
      yield* awaitReceived(server, attempt)
      yield* TestClock.adjust(defaultRequestTimeoutMillis - 1)
      expect((yield* server.requests)[attempt - 1]!.completed).toBe(false)
      yield* TestClock.adjust(1)
      expect(yield* awaitCompleted(server, attempt - 1)).toMatchObject({ clientClosedEarly: true })
      if (attempt === attempts) break
      const retry = yield* Queue.take(retries)
      expect(retry.message).toContain("Transport failure (Timeout)")
      waits.push(retry.waitMillis)
      yield* untilSleepingUntil((yield* TestClock.currentTimeMillis) + retry.waitMillis)
      yield* TestClock.adjust(retry.waitMillis)
    }
    return waits
  })

describe.each(httpStacks)("timeouts over $name, with the default schedule and requestTimeout", (http) => {
  it.scoped.each(operations)(
    "$name: each attempt times out at 30 s, is retried within the schedule, then reported",
    (operation) =>
      Effect.gen(function*() {
        const attempts = operation.retriesAmbiguousFailures ? maxAttempts : 1
        const { byok, server } = yield* onMockServer({ http, retrySchedule: undefined })
        yield* server.injectFaults(Array.from({ length: attempts }, () => "hang" as const))
        const retries = yield* Queue.unbounded<Retry>()
        const fiber = yield* Effect.fork(
          operation.run(byok).pipe(reportRetries((retry) => Queue.unsafeOffer(retries, retry)))
        )

        const waits = yield* timeOutEachAttempt(server, retries, attempts)

        expect(failureOf(yield* Fiber.await(fiber))).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        expect(yield* server.requests).toHaveLength(attempts)
        expect(yield* Queue.size(retries)).toBe(0)
        waits.forEach((wait, retry) => {
          expect(wait).toBeGreaterThanOrEqual(Math.round(scheduleWaits[retry]!.least))
          expect(wait).toBeLessThanOrEqual(Math.round(scheduleWaits[retry]!.most))
        })
        const elapsed = yield* TestClock.currentTimeMillis
        expect(elapsed).toBe(attempts * defaultRequestTimeoutMillis + waits.reduce((sum, wait) => sum + wait, 0))
        expect(elapsed).toBeLessThanOrEqual(
          mostTimeFor(attempts, { timeoutMillis: defaultRequestTimeoutMillis, retryAfterMillis: 0 })
        )
      })
  )

  it.scoped("a body that stops half-way times out the same way: the limit covers the body, not just the headers", () =>
    Effect.gen(function*() {
      // Holding keyJson(1), so that the answer held half-way is the credential's 200.
      const { byok, server } = yield* onMockServer({ keys: 2, http, retrySchedule: Schedule.stop })
      yield* server.injectFaults(["stallBody"])
      const fiber = yield* Effect.fork(byok.get(keyId(1)))
      yield* timeOutEachAttempt(server, yield* Queue.unbounded<Retry>(), 1)
      expect(failureOf(yield* Fiber.await(fiber))).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
      expect((yield* server.requests)[0]).toMatchObject({ fault: "stallBody", status: 200 })
    }))

  it.scoped("a shorter requestTimeout applies to every attempt", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* onMockServer({
        http,
        requestTimeout: "2 seconds",
        retrySchedule: Schedule.recurs(1)
      })
      yield* server.injectFaults(["hang", "hang"])
      const fiber = yield* Effect.fork(byok.get(keyId(1)))
      for (let attempt = 1; attempt <= 2; attempt++) {
        yield* awaitReceived(server, attempt)
        yield* TestClock.adjust("2 seconds")
        expect(yield* awaitCompleted(server, attempt - 1)).toMatchObject({ status: undefined, clientClosedEarly: true })
      }
      expect(failureOf(yield* Fiber.await(fiber))).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
      expect(yield* TestClock.currentTimeMillis).toBe(4_000)
    }))
})

describe("timeouts against the mock server", () => {
  it.scoped("two hung attempts, then an answer: the credential, and the server saw both hung connections closed", () =>
    Effect.gen(function*() {
      const keys = ByokKeyFixtures.make({ count: 3 })
      // The server's own clock is the real one; only the client waits on the TestClock.
      const server = yield* TestServices.provideLive(MockServer.make({ keys }))
      const byok = yield* OpenRouterByok.make({ apiKey: server.apiKey, apiUrl: server.url }).pipe(
        Effect.provide(nodeStack.layer)
      )
      yield* server.injectFaults(["hang", "hang"])
      const retries = yield* Queue.unbounded<Retry>()
      const fiber = yield* Effect.fork(
        byok.get(keys[1]!.id).pipe(reportRetries((retry) => Queue.unsafeOffer(retries, retry)))
      )
      for (let attempt = 1; attempt <= 2; attempt++) {
        yield* server.awaitRequests((requests) => requests.length === attempt)
        yield* TestClock.adjust(defaultRequestTimeoutMillis)
        const retry = yield* Queue.take(retries)
        yield* untilSleepingUntil((yield* TestClock.currentTimeMillis) + retry.waitMillis)
        yield* TestClock.adjust(retry.waitMillis)
      }
      expect((yield* Fiber.join(fiber)).id).toBe(keys[1]!.id)
      const requests = yield* server.awaitRequests((requests) =>
        requests.length === 3 && requests.every((request) => request.completed)
      )
      expect(requests.map((request) => [request.fault, request.status, request.clientClosedEarly])).toEqual([
        ["hang", undefined, true],
        ["hang", undefined, true],
        [undefined, 200, false]
      ])
    }).pipe(Effect.orDie))
})
