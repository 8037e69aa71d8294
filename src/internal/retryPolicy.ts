import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { OpenRouterByokError } from "../OpenRouterByokError.js"

/** @internal */
export const maxRetries = 4

/**
 * Exponential backoff from 250 ms, doubling, each wait capped at 8 s and jittered (x0.8 to
 * x1.2), for at most four retries: five attempts, about 4 s of waiting in the worst case
 * (without Retry-After).
 *
 * @internal
 */
export const defaultRetrySchedule: Schedule.Schedule<unknown, unknown> = Schedule.exponential("250 millis", 2).pipe(
  Schedule.either(Schedule.spaced("8 seconds")),
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(maxRetries))
)

/**
 * A server that asks for a longer wait than this is not waited for: the error is returned,
 * so an unattended job does not hang for an hour on one `Retry-After`.
 *
 * @internal
 */
export const maxRetryAfter = Duration.seconds(60)

const retryAfterOf = (error: OpenRouterByokError): Duration.Duration =>
  "retryAfterMillis" in error && error.retryAfterMillis !== undefined
    ? Duration.millis(error.retryAfterMillis)
    : Duration.zero

/**
 * Wraps a timing schedule (the default one or the user's) with the rules no schedule may
 * break: only errors `isRetryable` accepts are retried, a `Retry-After` sets the least wait,
 * and a `Retry-After` beyond {@link maxRetryAfter} ends the retries.
 *
 * @internal
 */
export const retryPolicy = (
  timing: Schedule.Schedule<unknown, OpenRouterByokError>,
  isRetryable: (error: OpenRouterByokError) => boolean
): Schedule.Schedule<unknown, OpenRouterByokError> =>
  Schedule.identity<OpenRouterByokError>().pipe(
    Schedule.whileInput((error) =>
      isRetryable(error) && Duration.lessThanOrEqualTo(retryAfterOf(error), maxRetryAfter)
    ),
    Schedule.intersect(timing),
    Schedule.modifyDelayEffect(([error], delay) => {
      // Whole milliseconds: jitter makes sub-millisecond noise that only clutters the logs.
      const wait = Duration.millis(Math.round(Duration.toMillis(Duration.max(delay, retryAfterOf(error)))))
      return Effect.as(
        Effect.logDebug(`OpenRouterByok: retrying in ${Duration.format(wait)} after: ${error.message}`).pipe(
          Effect.annotateLogs({ "byok.retry.error": error._tag, "byok.retry.waitMillis": Duration.toMillis(wait) })
        ),
        wait
      )
    })
  )

/**
 * `Effect.retry(self, policy)`, with the schedule started only once `self` has failed: the
 * first failure is replayed to it, then `self` is run again as often as it allows. An attempt
 * that succeeds, as nearly all do, costs one error handler instead of a schedule driver
 * (about 12 us per call on this machine).
 *
 * @internal
 */
export const retryOnFailure =
  (policy: Schedule.Schedule<unknown, OpenRouterByokError>) =>
  <A, E extends OpenRouterByokError, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.catchAll(self, (firstError) => {
      let replayed = false
      return Effect.retry(
        Effect.suspend(() => {
          if (replayed) return self
          replayed = true
          return Effect.fail(firstError)
        }),
        policy
      )
    })

/**
 * Reads `Retry-After-ms` (milliseconds) or `Retry-After` (seconds, or an HTTP date) into a
 * wait in milliseconds. Unparseable values are ignored.
 *
 * @internal
 */
export const retryAfterMillis = (
  headers: Readonly<Record<string, string | undefined>>
): Effect.Effect<number | undefined> =>
  Effect.gen(function*() {
    const ms = headers["retry-after-ms"]
    if (ms !== undefined) {
      const value = Number(ms)
      if (ms.trim() !== "" && Number.isFinite(value) && value >= 0) return value
    }
    const header = headers["retry-after"]?.trim()
    if (header === undefined || header === "") return undefined
    if (/^\d+(\.\d+)?$/.test(header)) return Number(header) * 1000
    const date = Date.parse(header)
    if (Number.isNaN(date)) return undefined
    const now = yield* Clock.currentTimeMillis
    return Math.max(0, date - now)
  })
