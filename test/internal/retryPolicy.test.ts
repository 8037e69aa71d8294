import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByokError } from "effect-openrouter-byok"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import { defaultRetrySchedule, maxRetries, retrying, retryPolicy } from "../../src/internal/retryPolicy.js"

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

describe("retryPolicy with Effect.retry", () => {
  it.effect("waits out each Retry-After before the next attempt, and returns the error it does not retry", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(rateLimited(1000), rateLimited(3000), notFound)
      const policy = retryPolicy(Schedule.forever, OpenRouterByokError.isTransient)
      const fiber = yield* Effect.fork(Effect.flip(Effect.retry(effect, policy)))
      const seen: Array<number> = []
      for (let second = 1; second <= 5; second++) {
        yield* TestClock.adjust("1 second")
        seen.push(attempts())
      }
      // Attempts at 0 s, 1 s (after the Retry-After of 1 s) and 4 s (after that of 3 s).
      expect({ seen, error: (yield* Fiber.join(fiber))._tag, attempts: attempts() })
        .toEqual({ seen: [2, 2, 2, 3, 3], error: "NotFound", attempts: 3 })
    }))
})

describe("retrying, by the operation's rule", () => {
  const internalServer = new OpenRouterByokError.InternalServer({ status: 500, request })
  const timing = Schedule.recurs(3)

  it.effect("transient: retries a 500 and a 429, never a 404", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(internalServer, rateLimited(), notFound)
      expect((yield* Effect.flip(retrying(effect, "transient", timing)))._tag).toBe("NotFound")
      expect(attempts()).toBe(3)
    }))

  it.effect("certainlyNotApplied: retries a 429, but not a 500 that may have taken effect", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(rateLimited(), internalServer)
      expect((yield* Effect.flip(retrying(effect, "certainlyNotApplied", timing)))._tag).toBe("InternalServer")
      expect(attempts()).toBe(2)
    }))

  it.effect("transientThenGoneIsDone: a 404 after an attempt that may have applied is the gone value", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(internalServer, notFound)
      expect(yield* retrying(effect, "transientThenGoneIsDone", timing, "gone"))
        .toBe("gone")
      expect(attempts()).toBe(2)
    }))

  it.effect("transientThenGoneIsDone: a 404 after a 429 (certainly not applied) stays NotFound", () =>
    Effect.gen(function*() {
      const { effect } = failing(rateLimited(), notFound)
      const error = yield* Effect.flip(
        retrying(effect, "transientThenGoneIsDone", timing, "gone")
      )
      expect(error._tag).toBe("NotFound")
    }))

  it.effect("transientThenGoneIsDone: a 404 at the first attempt stays NotFound", () =>
    Effect.gen(function*() {
      const { attempts, effect } = failing(notFound)
      const error = yield* Effect.flip(
        retrying(effect, "transientThenGoneIsDone", timing, "gone")
      )
      expect([error._tag, attempts()]).toEqual(["NotFound", 1])
    }))
})
