import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByokError } from "effect-openrouter-byok"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import {
  defaultRetrySchedule,
  maxRetries,
  retryAfterMillis,
  retryOnFailure,
  retryPolicy
} from "../../src/internal/retryPolicy.js"

const request = "GET https://openrouter.test/api/v1/byok"
const rateLimited = (retryAfter?: number) =>
  new OpenRouterByokError.RateLimited({
    status: 429,
    request,
    ...(retryAfter === undefined ? {} : { retryAfterMillis: retryAfter })
  })
const notFound = new OpenRouterByokError.NotFound({ status: 404, request })

/** Fails with `errors` in turn (the last one forever), counting the attempts. */
const failing = (...errors: ReadonlyArray<OpenRouterByokError.OpenRouterByokError>) => {
  let attempts = 0
  const effect = Effect.suspend(() => Effect.fail(errors[Math.min(attempts++, errors.length - 1)]!))
  return { effect, attempts: () => attempts }
}

describe("retryAfterMillis", () => {
  it.effect.each(
    [
      [{ "retry-after-ms": "1500" }, 1500],
      [{ "retry-after-ms": "0" }, 0],
      [{ "retry-after": "2" }, 2000],
      [{ "retry-after": " 3 " }, 3000],
      [{ "retry-after": "1.5" }, 1500],
      [{ "retry-after-ms": "250", "retry-after": "9" }, 250],
      [{ "retry-after-ms": "-5", "retry-after": "1" }, 1000],
      [{ "retry-after-ms": "soon", "retry-after": "1" }, 1000],
      [{ "retry-after": "soon" }, undefined],
      [{ "retry-after": "" }, undefined],
      [{}, undefined]
    ] as const
  )(
    "reads %j as %s ms",
    ([headers, expected]) => Effect.map(retryAfterMillis(headers), (millis) => expect(millis).toBe(expected))
  )

  it.effect("reads an HTTP date as the time left until then, by the clock", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-03-01T12:00:00Z"))
      expect(yield* retryAfterMillis({ "retry-after": "Sun, 01 Mar 2026 12:00:07 GMT" })).toBe(7000)
    }))

  it.effect("reads an HTTP date in the past as no wait", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-03-01T12:00:00Z"))
      expect(yield* retryAfterMillis({ "retry-after": "Sun, 01 Mar 2026 11:00:00 GMT" })).toBe(0)
    }))
})

describe("defaultRetrySchedule", () => {
  it.effect("waits 250 ms, then doubles, each wait jittered by at most 20 %", () =>
    Effect.gen(function*() {
      const delays = yield* Schedule.run(Schedule.delays(defaultRetrySchedule), 0, [1, 2, 3, 4])
      Chunk.toReadonlyArray(delays).map(Duration.toMillis).forEach((delay, retry) => {
        const nominal = 250 * 2 ** retry
        expect(delay).toBeGreaterThanOrEqual(nominal * 0.8)
        expect(delay).toBeLessThanOrEqual(nominal * 1.2)
      })
    }))

  it.effect("allows four retries: five attempts in all", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(rateLimited())
      const fiber = yield* Effect.fork(Effect.retry(effect, defaultRetrySchedule))
      yield* TestClock.adjust("1 minute")
      yield* Fiber.await(fiber)
      expect(maxRetries).toBe(4)
      expect(attempts()).toBe(5)
    }))
})

describe("retryPolicy", () => {
  it.effect("retries what the predicate accepts, as often as the timing allows", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(rateLimited())
      yield* Effect.exit(Effect.retry(effect, retryPolicy(Schedule.recurs(3), OpenRouterByokError.isTransient)))
      expect(attempts()).toBe(4)
    }))

  it.effect("never retries what the predicate refuses, whatever the timing", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(notFound)
      const exit = yield* Effect.exit(
        Effect.retry(effect, retryPolicy(Schedule.forever, OpenRouterByokError.isTransient))
      )
      expect(attempts()).toBe(1)
      expect(exit).toStrictEqual(yield* Effect.exit(Effect.fail(notFound)))
    }))

  it.effect("stops at the first error the predicate refuses", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(rateLimited(), rateLimited(), notFound)
      yield* Effect.exit(Effect.retry(effect, retryPolicy(Schedule.recurs(5), OpenRouterByokError.isTransient)))
      expect(attempts()).toBe(3)
    }))

  it.effect("waits at least the Retry-After, however short the timing's delay", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(rateLimited(1500))
      const fiber = yield* Effect.fork(
        Effect.retry(effect, retryPolicy(Schedule.recurs(1), OpenRouterByokError.isTransient))
      )
      yield* TestClock.adjust("1499 millis")
      expect(attempts()).toBe(1)
      yield* TestClock.adjust("1 millis")
      expect(attempts()).toBe(2)
      yield* Fiber.await(fiber)
    }))

  it.effect("keeps the timing's delay when it is longer than the Retry-After", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(rateLimited(100))
      const timing = Schedule.intersect(Schedule.spaced("2 seconds"), Schedule.recurs(1))
      const fiber = yield* Effect.fork(Effect.retry(effect, retryPolicy(timing, OpenRouterByokError.isTransient)))
      yield* TestClock.adjust("1999 millis")
      expect(attempts()).toBe(1)
      yield* TestClock.adjust("1 millis")
      expect(attempts()).toBe(2)
      yield* Fiber.await(fiber)
    }))

  it.effect("gives up at once when the server asks for more than a minute", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(rateLimited(60_001))
      const exit = yield* Effect.exit(
        Effect.retry(effect, retryPolicy(Schedule.forever, OpenRouterByokError.isTransient))
      )
      expect(attempts()).toBe(1)
      expect(exit._tag).toBe("Failure")
    }))

  it.effect("waits a Retry-After of exactly one minute", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(rateLimited(60_000))
      const fiber = yield* Effect.fork(
        Effect.retry(effect, retryPolicy(Schedule.recurs(1), OpenRouterByokError.isTransient))
      )
      yield* TestClock.adjust("60 seconds")
      yield* Fiber.await(fiber)
      expect(attempts()).toBe(2)
    }))

  it.effect("does not retry with Schedule.stop", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(rateLimited())
      yield* Effect.exit(Effect.retry(effect, retryPolicy(Schedule.stop, OpenRouterByokError.isTransient)))
      expect(attempts()).toBe(1)
    }))
})

describe("retryOnFailure", () => {
  /** A schedule that records every error it is offered. */
  const recording = () => {
    const offered: Array<string> = []
    const schedule = Schedule.recurs(2).pipe(
      Schedule.passthrough,
      Schedule.tapInput((error: OpenRouterByokError.OpenRouterByokError) => Effect.sync(() => offered.push(error._tag)))
    ) as Schedule.Schedule<unknown, OpenRouterByokError.OpenRouterByokError>
    return { offered, schedule }
  }

  it.effect("runs a succeeding effect once, without offering anything to the schedule", () =>
    Effect.gen(function*() {
      const { offered, schedule } = recording()
      let runs = 0
      const value = yield* Effect.sync(() => ++runs).pipe(retryOnFailure(schedule))
      expect([value, runs, offered]).toEqual([1, 1, []])
    }))

  it.effect("offers every failure to the schedule, the first included, and runs again as often as it allows", () =>
    Effect.gen(function*() {
      const { offered, schedule } = recording()
      const { attempts, effect } = failing(rateLimited(), notFound, rateLimited())
      const error = yield* Effect.flip(effect.pipe(retryOnFailure(schedule)))
      expect(attempts()).toBe(3)
      expect(offered).toEqual(["RateLimited", "NotFound", "RateLimited"])
      expect(error._tag).toBe("RateLimited")
    }))

  it.effect("behaves as Effect.retry with the same policy: attempts, waits and the error returned", () =>
    Effect.gen(function*() {
      const run = (
        retry: (
          effect: Effect.Effect<never, OpenRouterByokError.OpenRouterByokError>
        ) => Effect.Effect<never, OpenRouterByokError.OpenRouterByokError>
      ) =>
        Effect.gen(function*() {
          const { attempts, effect } = failing(rateLimited(1000), rateLimited(3000), notFound)
          const fiber = yield* Effect.fork(Effect.flip(retry(effect)))
          const seen: Array<number> = []
          for (let second = 1; second <= 5; second++) {
            yield* TestClock.adjust("1 second")
            seen.push(attempts())
          }
          return { seen, error: (yield* Fiber.join(fiber))._tag, attempts: attempts() }
        })
      const policy = retryPolicy(Schedule.forever, OpenRouterByokError.isTransient)
      const lazily = yield* run(retryOnFailure(policy))
      const eagerly = yield* run((effect) => Effect.retry(effect, policy))
      expect(lazily).toEqual(eagerly)
      // Attempts at 0 s, 1 s (after the Retry-After of 1 s) and 4 s (after that of 3 s).
      expect(lazily).toEqual({ seen: [2, 2, 2, 3, 3], error: "NotFound", attempts: 3 })
    }))
})
