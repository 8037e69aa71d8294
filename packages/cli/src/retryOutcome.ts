/**
 * Whether a failure came after the library's retries ran out, so that the tool says "after the
 * retries" only when there were some. Plain functions, no Effect.
 */
import {
  certainlyNotApplied,
  createOperation,
  type FailureFacts,
  isTransient,
  maxRetryAfterMillis
} from "openrouter-byok-core"

/** What the rules read of a failure: beside its tag and status, the request and the wait the server asked for. */
export interface RetryFacts extends FailureFacts {
  readonly request?: string | undefined
  readonly retryAfterMillis?: number | undefined
}

/**
 * Whether the request that failed with `error` was retried until the retries ran out. The tool
 * runs on the library's default retry schedule (four retries) and gives each attempt its full
 * time, so that is so exactly when the operation's rule retries such a failure and the server
 * asked for no longer wait than a retry waits for. `create` (the one POST) retries only what
 * certainly created nothing; every other operation retries every transient failure.
 */
export const retriesRanOut = (error: RetryFacts): boolean => {
  // A request is labelled `METHOD url`, and create is the one operation sent with its method.
  const isCreate = error.request?.startsWith(`${createOperation.method} `) === true
  const retried = isCreate ? certainlyNotApplied(error) : isTransient(error)
  return retried && (error.retryAfterMillis ?? 0) <= maxRetryAfterMillis
}
