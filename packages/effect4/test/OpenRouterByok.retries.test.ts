import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import { failureOf, stubbed, withLogs } from "./support/clients.js"
import { errorBody, keyId, listBody } from "./support/fixtures.js"
import { oneKey } from "./support/scripts.js"
import { queryParam, Reply, type StubReply } from "./support/StubHttpClient.js"

// These run on the stub HttpClient: with no socket in flight, each wait is a wait on the TestClock.

const status = (code: number, headers: Record<string, string> = {}): StubReply =>
  Reply.json(code, errorBody(code, `status ${code}`), headers)

/** Forks `get` on a stub answering `replies` (default retry policy unless overridden). */
const forkGet = (replies: ReadonlyArray<StubReply>, options: Parameters<typeof stubbed>[1] = {}) =>
  Effect.gen(function*() {
    const { byok, stub } = yield* stubbed(replies, options)
    const fiber = yield* Effect.forkChild(byok.get(keyId(1)))
    return { fiber, attempts: () => stub.requests.length }
  })

describe("OpenRouterByok retries (TestClock)", () => {
  describe("the default policy", () => {
    it.effect("retries a transient failure at most four times: five attempts", () =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([status(503)])
        yield* TestClock.adjust("1 minute")
        expect(failureOf(yield* Fiber.await(fiber))).toMatchObject({ _tag: "UnexpectedStatus", status: 503 })
        expect(attempts()).toBe(5)
      }))

    it.effect("backs off from about 250 ms, doubling, each wait jittered by at most 20 %", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([status(500)])
        const fiber = yield* Effect.forkChild(byok.get(keyId(1)))
        yield* TestClock.adjust("1 minute")
        yield* Fiber.await(fiber)
        const waits = stub.sentAt.slice(1).map((at, retry) => at - stub.sentAt[retry]!)
        expect(waits).toHaveLength(4)
        waits.forEach((wait, retry) => {
          const nominal = 250 * 2 ** retry
          expect(wait).toBeGreaterThanOrEqual(nominal * 0.8)
          expect(wait).toBeLessThanOrEqual(nominal * 1.2)
        })
      }))

    it.effect.each([400, 401, 403, 404])("never retries a %i", (code) =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([status(code), oneKey(1)])
        const exit = yield* Fiber.await(fiber)
        expect(exit._tag).toBe("Failure")
        expect(attempts()).toBe(1)
      }))

    it.effect("never retries a DecodeError", () =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([Reply.json(200, { data: { id: 1 } }), oneKey(1)])
        expect(failureOf(yield* Fiber.await(fiber))._tag).toBe("DecodeError")
        expect(attempts()).toBe(1)
      }))

    it.effect.each([429, 500, 502, 503, 504])("retries a %i and then succeeds", (code) =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([status(code), oneKey(1)])
        yield* TestClock.adjust("1 second")
        expect((yield* Fiber.join(fiber)).id).toBe(keyId(1))
        expect(attempts()).toBe(2)
      }))

    it.effect("retries a cut-off body and a lost connection", () =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([Reply.truncated(200, { data: {} }, 3), Reply.destroy, oneKey(1)])
        yield* TestClock.adjust("10 seconds")
        expect((yield* Fiber.join(fiber)).id).toBe(keyId(1))
        expect(attempts()).toBe(3)
      }))
  })

  describe("Retry-After", () => {
    const waitsExactly = (millis: number, reply: StubReply) =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([reply, oneKey(1)])
        yield* TestClock.adjust(millis - 1)
        expect(attempts()).toBe(1)
        yield* TestClock.adjust(1)
        expect(attempts()).toBe(2)
        expect((yield* Fiber.join(fiber)).id).toBe(keyId(1))
      })

    it.effect("in seconds sets the least wait", () => waitsExactly(3000, status(429, { "retry-after": "3" })))

    it.effect("as Retry-After-ms sets the least wait", () =>
      waitsExactly(1500, status(429, { "retry-after-ms": "1500" })))

    it.effect("as an HTTP date sets the wait until then", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(Date.parse("2026-03-01T12:00:00Z"))
        yield* waitsExactly(5000, status(429, { "retry-after": "Sun, 01 Mar 2026 12:00:05 GMT" }))
      }))

    it.effect("is honoured on a 503 too", () => waitsExactly(2000, status(503, { "retry-after": "2" })))

    it.effect("shorter than the backoff does not shorten it", () =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([status(429, { "retry-after-ms": "10" }), oneKey(1)])
        yield* TestClock.adjust(199)
        expect(attempts()).toBe(1)
        yield* TestClock.adjust(101)
        expect(attempts()).toBe(2)
        yield* Fiber.join(fiber)
      }))

    it.effect("of more than a minute is not waited for: the RateLimited comes back at once", () =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([status(429, { "retry-after": "3600" }), oneKey(1)])
        const error = failureOf(yield* Fiber.await(fiber))
        expect(error).toMatchObject({ _tag: "RateLimited", retryAfterMillis: 3_600_000 })
        expect(attempts()).toBe(1)
      }))

    it.effect("still bounds the number of retries", () =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([status(429, { "retry-after": "1" })])
        yield* TestClock.adjust("1 minute")
        expect(failureOf(yield* Fiber.await(fiber))._tag).toBe("RateLimited")
        expect(attempts()).toBe(5)
      }))
  })

  describe("retrySchedule", () => {
    it.effect("Schedule.recurs(0) turns retries off", () =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([status(503), oneKey(1)], { retrySchedule: Schedule.recurs(0) })
        expect(failureOf(yield* Fiber.await(fiber))._tag).toBe("UnexpectedStatus")
        expect(attempts()).toBe(1)
      }))

    it.effect("replaces the timing", () =>
      Effect.gen(function*() {
        const retrySchedule = Schedule.max([Schedule.spaced("10 seconds"), Schedule.recurs(2)])
        const { attempts, fiber } = yield* forkGet([status(500)], { retrySchedule })
        yield* TestClock.adjust("9999 millis")
        expect(attempts()).toBe(1)
        yield* TestClock.adjust("1 millis")
        expect(attempts()).toBe(2)
        yield* TestClock.adjust("10 seconds")
        expect(attempts()).toBe(3)
        yield* TestClock.adjust("1 minute")
        expect(failureOf(yield* Fiber.await(fiber))._tag).toBe("InternalServer")
        expect(attempts()).toBe(3)
      }))

    it.effect("cannot make a permanent failure retried", () =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([status(404), oneKey(1)], { retrySchedule: Schedule.forever })
        expect(failureOf(yield* Fiber.await(fiber))._tag).toBe("NotFound")
        expect(attempts()).toBe(1)
      }))
  })

  describe("requestTimeout", () => {
    it.effect("is 30 seconds per attempt by default", () =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([Reply.hang], { retrySchedule: Schedule.recurs(0) })
        yield* TestClock.adjust("29999 millis")
        expect(fiber.pollUnsafe()).toBeUndefined()
        yield* TestClock.adjust("1 millis")
        const error = failureOf(yield* Fiber.await(fiber))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        expect(error.message).toContain("30s")
        expect(attempts()).toBe(1)
      }))

    it.live("leaves no timer behind on the real clock once an attempt has answered", () =>
      Effect.gen(function*() {
        const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length
        const { byok } = yield* stubbed([oneKey(1), oneKey(1)], { requestTimeout: "1 hour" })
        const before = timers()
        expect((yield* byok.get(keyId(1))).id).toBe(keyId(1))
        expect((yield* byok.get(keyId(1))).id).toBe(keyId(1))
        // A timer left running would keep a finished program alive for up to an hour.
        expect(timers()).toBe(before)
      }))

    it.effect("an infinite requestTimeout sets no deadline", () =>
      Effect.gen(function*() {
        const { attempts, fiber } = yield* forkGet([Reply.hang], {
          requestTimeout: Duration.infinity,
          retrySchedule: Schedule.recurs(0)
        })
        yield* TestClock.adjust("3650 days")
        expect(fiber.pollUnsafe()).toBeUndefined()
        expect(attempts()).toBe(1)
        yield* Fiber.interrupt(fiber)
      }))

    it.effect.each([0, -1, Number.NaN])(
      "a requestTimeout of %s millis is an InvalidRequest, nothing sent",
      (millis) =>
        Effect.gen(function*() {
          const { byok, stub } = yield* stubbed([oneKey(1)], { requestTimeout: Duration.millis(millis) })
          const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
          expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.get" })
          expect(error.message).toContain("requestTimeout")
          expect(stub.requests).toHaveLength(0)
        })
    )

    it.effect("applies to each attempt, not to the operation", () =>
      Effect.gen(function*() {
        const retrySchedule = Schedule.max([Schedule.spaced("5 seconds"), Schedule.recurs(1)])
        const { attempts, fiber } = yield* forkGet([Reply.hang, oneKey(1)], {
          requestTimeout: "4 seconds",
          retrySchedule
        })
        yield* TestClock.adjust("9 seconds")
        expect((yield* Fiber.join(fiber)).id).toBe(keyId(1))
        expect(attempts()).toBe(2)
      }))
  })

  it.effect("logs each retry at debug level, with the error and the wait", () =>
    Effect.gen(function*() {
      const { byok } = yield* stubbed([status(429, { "retry-after": "2" }), oneKey(1)])
      const fiber = yield* Effect.forkChild(withLogs(byok.get(keyId(1))))
      yield* TestClock.adjust("2 seconds")
      const [exit, logs] = yield* Fiber.join(fiber)
      expect(exit._tag).toBe("Success")
      const retries = logs.filter((line) => line.includes("retrying"))
      expect(retries).toHaveLength(1)
      expect(retries[0]).toContain("level=DEBUG")
      expect(retries[0]).toContain("retrying in 2s")
      expect(retries[0]).toContain("byok.retry.error=RateLimited")
    }))

  it.effect("retries within list repeat the failed page only, after the wait", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* stubbed([
        Reply.json(200, listBody(4, 0, 2)),
        status(429, { "retry-after": "1" }),
        Reply.json(200, listBody(4, 2, 2))
      ])
      const fiber = yield* Effect.forkChild(Stream.runCollect(byok.listItems({ limit: 2 })))
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(fiber)).length).toBe(4)
      expect(stub.requests.map((request) => queryParam(request, "offset"))).toEqual(["0", "2", "2"])
    }))
})
