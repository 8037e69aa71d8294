/**
 * What the default retry policy allows, derived from the schedule itself (not restated by
 * hand): how many attempts, and the least and the most it can wait before each retry.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ScheduleIntervals from "effect/ScheduleIntervals"
import { defaultRequestTimeout } from "../../../src/internal/openRouterByok.js"
import { defaultRetrySchedule, maxRetryAfter } from "../../../src/internal/retryPolicy.js"

/**
 * The schedule's delays before each retry it allows, stepped as `Effect.retry` steps it until
 * it is done, with the jitter pinned at one end (0: the least, 1: the most).
 */
const delaysWithJitter = (jitter: 0 | 1): ReadonlyArray<number> =>
  Effect.runSync(
    Effect.gen(function*() {
      const delays: Array<number> = []
      let state = defaultRetrySchedule.initial
      while (delays.length < 1000) {
        const [next, , decision] = yield* defaultRetrySchedule.step(0, undefined, state)
        if (ScheduleDecision.isDone(decision)) break
        delays.push(ScheduleIntervals.start(decision.intervals))
        state = next
      }
      return delays
    }).pipe(Effect.withRandom(Random.fixed([jitter])))
  )

/** The least and the most the default schedule waits before retry 1, 2, ... */
export const scheduleWaits: ReadonlyArray<{ readonly least: number; readonly most: number }> = (() => {
  const least = delaysWithJitter(0)
  return delaysWithJitter(1).map((most, retry) => ({ least: least[retry]!, most }))
})()

/** Attempts per operation (or per page of `list`): the first one and one per retry. */
export const maxAttempts = scheduleWaits.length + 1

/** The longest `Retry-After` the policy still waits for, in milliseconds. */
export const maxRetryAfterMillis = Duration.toMillis(maxRetryAfter)

/** The per-attempt limit when `requestTimeout` is not set, in milliseconds. */
export const defaultRequestTimeoutMillis = Duration.toMillis(defaultRequestTimeout)

/**
 * The most the policy waits before retry `retry` (1-based) when the server's `Retry-After` is
 * at most `retryAfterMillis`: the schedule's jittered delay or the `Retry-After`, whichever is
 * longer, in whole milliseconds.
 */
export const mostWaitBefore = (retry: number, retryAfterMillis = 0): number =>
  Math.round(Math.max(scheduleWaits[retry - 1]!.most, Math.min(retryAfterMillis, maxRetryAfterMillis)))

/**
 * The longest an operation (or a page) that took `attempts` attempts can take by the clock:
 * every attempt up to its timeout, and the longest wait before each retry.
 */
export const mostTimeFor = (
  attempts: number,
  options: { readonly timeoutMillis: number; readonly retryAfterMillis: number }
) =>
  attempts * options.timeoutMillis +
  Array.from({ length: attempts - 1 }, (_, index) => mostWaitBefore(index + 1, options.retryAfterMillis))
    .reduce((sum, wait) => sum + wait, 0)
