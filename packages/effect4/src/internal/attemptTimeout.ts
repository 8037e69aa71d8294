import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { TransportError } from "../OpenRouterByokError.js"

/**
 * Bounds one attempt, from sending to the last byte of the body: past `timeout` the attempt is
 * interrupted (which aborts its request) and fails with a `Timeout` `TransportError`. An
 * infinite timeout sets no timer.
 *
 * @internal
 */
export const withAttemptTimeout =
  (timeout: Duration.Duration, request: string) =>
  <A, E, R>(attempt: Effect.Effect<A, E, R>): Effect.Effect<A, E | TransportError, R> =>
    Duration.isFinite(timeout)
      ? Effect.timeoutOrElse(attempt, {
        duration: timeout,
        orElse: () =>
          Effect.fail(
            new TransportError({
              reason: "Timeout",
              request,
              description: `no complete answer within ${Duration.format(timeout)}`
            })
          )
      })
      : attempt
