/**
 * The client's retries as it announces them: one debug line per retry, annotated with the
 * error that caused it and the wait before the next attempt.
 */
import * as Effect from "effect/Effect"
import * as HashMap from "effect/HashMap"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"

/** One retry: the error's tag, its message, and how long the client waits before trying again. */
export interface Retry {
  readonly errorTag: string
  readonly message: string
  readonly waitMillis: number
}

/**
 * Runs `effect` with every retry of the client reported to `onRetry` as it is announced (before
 * its wait begins), at any log level setting of the caller.
 */
export const reportRetries = (onRetry: (retry: Retry) => void) => <A, E, R>(effect: Effect.Effect<A, E, R>) => {
  const logger = Logger.make(({ annotations, message }) => {
    const errorTag = HashMap.get(annotations, "byok.retry.error")
    const waitMillis = HashMap.get(annotations, "byok.retry.waitMillis")
    if (Option.isNone(errorTag) || Option.isNone(waitMillis)) return
    onRetry({
      errorTag: String(errorTag.value),
      message: (Array.isArray(message) ? message : [message]).map(String).join(" "),
      waitMillis: Number(waitMillis.value)
    })
  })
  return effect.pipe(
    Logger.withMinimumLogLevel(LogLevel.Debug),
    Effect.provide(Layer.merge(Logger.add(logger), Logger.remove(Logger.defaultLogger)))
  )
}
