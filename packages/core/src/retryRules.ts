import { transientStatuses } from "./status.js"

/** What the rules read of an error: its tag, and its status or transport failure when it has one. */
export interface FailureFacts {
  readonly _tag: string
  readonly status?: number
  readonly reason?: string
}

/**
 * Whether the same request may succeed later: 429, 500, 502, 503, 504 and every
 * `TransportError`. Never 400, 401, 403, 404, `DecodeError` or `InvalidRequest`.
 */
export const isTransient = (error: FailureFacts): boolean => {
  switch (error._tag) {
    case "TransportError":
      return true
    case "RateLimited":
    case "InternalServer":
    case "UnexpectedStatus":
      return error.status !== undefined && transientStatuses.has(error.status)
    default:
      return false
  }
}

/**
 * Whether the request certainly did not take effect, so that even a non-idempotent request
 * (`create`) may be sent again: a 429, or a connection that was never established.
 */
export const certainlyNotApplied = (error: FailureFacts): boolean =>
  error._tag === "RateLimited" || (error._tag === "TransportError" && error.reason === "ConnectionRefused")

/**
 * Whether a failed attempt may still have taken effect on the server (a 5xx, a lost
 * connection): after one, `delete` counts a later 404 as done.
 */
export const mayHaveApplied = (error: FailureFacts): boolean => isTransient(error) && !certainlyNotApplied(error)

/**
 * The longest `Retry-After` a retry waits for, in milliseconds: a server that asks for more is
 * not waited for, so an unattended job does not hang for an hour on one answer.
 */
export const maxRetryAfterMillis = 60_000

/**
 * The default retry policy's numbers, the same in both editions: exponential backoff from
 * 250 ms, doubling, each wait capped at 8 s (then jittered x0.8 to x1.2), for at most four
 * retries: five attempts, about 4 s of waiting in the worst case (without `Retry-After`).
 */
export const defaultRetryPolicy = {
  maxRetries: 4,
  firstDelayMillis: 250,
  backoffFactor: 2,
  maxDelayMillis: 8_000
} as const

/** The default limit of each attempt, from sending to the last byte of the body: 30 s. */
export const defaultRequestTimeoutMillis = 30_000
