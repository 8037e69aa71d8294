import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import {
  certainlyNotApplied,
  defaultRetryPolicy,
  isTransient,
  maxRetryAfterMillis,
  mayHaveApplied,
  type RetryRule
} from "openrouter-byok-core"
import type { OpenRouterByokError } from "../OpenRouterByokError.js"

/** @internal */
export const maxRetries = defaultRetryPolicy.maxRetries

/**
 * The core's default policy as a Schedule: exponential backoff, each wait capped and jittered
 * (x0.8 to x1.2), for at most `maxRetries` retries.
 *
 * @internal
 */
export const defaultRetrySchedule: Schedule.Schedule<unknown, unknown> = Schedule.exponential(
  Duration.millis(defaultRetryPolicy.firstDelayMillis),
  defaultRetryPolicy.backoffFactor
).pipe(
  Schedule.either(Schedule.spaced(Duration.millis(defaultRetryPolicy.maxDelayMillis))),
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(maxRetries))
)

/**
 * A server that asks for a longer wait than this is not waited for: the error is returned,
 * so an unattended job does not hang for an hour on one `Retry-After`.
 *
 * @internal
 */
export const maxRetryAfter = Duration.millis(maxRetryAfterMillis)

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

export type { RetryRule } from "openrouter-byok-core"

/**
 * `self` retried by its operation's rule on the `timing` schedule. `gone` is the success a
 * `transientThenGoneIsDone` operation answers with when a retry finds the resource gone.
 *
 * @internal
 */
export const retrying = <A, E extends OpenRouterByokError, R>(
  self: Effect.Effect<A, E, R>,
  rule: RetryRule,
  timing: Schedule.Schedule<unknown, OpenRouterByokError>,
  gone?: A
): Effect.Effect<A, E, R> => {
  if (rule === "certainlyNotApplied") return Effect.retry(self, retryPolicy(timing, certainlyNotApplied))
  if (rule === "transient" || gone === undefined) return Effect.retry(self, retryPolicy(timing, isTransient))
  return Effect.suspend((): Effect.Effect<A, E, R> => {
    let mayHaveDeleted = false
    const noting = Effect.tapError(self, (error: E) =>
      Effect.sync(() => {
        if (mayHaveApplied(error)) mayHaveDeleted = true
      }))
    return Effect.catchIf(
      Effect.retry(noting, retryPolicy(timing, isTransient)),
      (error: E) => error._tag === "NotFound" && mayHaveDeleted,
      () => Effect.succeed(gone)
    )
  })
}
