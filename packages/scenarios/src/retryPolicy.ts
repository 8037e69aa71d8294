/**
 * The default retry policy both editions document, as data: up to four retries, waiting
 * 250 ms doubling each time up to 8 s, each wait jittered between 0.8 and 1.2 times, and the
 * default per-attempt limit of 30 s. The scenarios check the waits a client announces against
 * it, so an edition whose schedule drifts from the documented one fails.
 */

/** Retries after the first attempt. */
export const defaultMaxRetries = 4

/** The per-attempt limit when `requestTimeout` is not set, in milliseconds. */
export const defaultRequestTimeoutMillis = 30_000

/** The least and the most the default policy waits before retry 1, 2, ... (no `Retry-After`). */
export const defaultRetryWaits: ReadonlyArray<{ readonly least: number; readonly most: number }> = Array.from(
  { length: defaultMaxRetries },
  (_, retry) => {
    const delay = Math.min(250 * 2 ** retry, 8_000)
    return { least: delay * 0.8, most: delay * 1.2 }
  }
)

/** Attempts per operation (or per page of `list`) under the default policy: the first one and one per retry. */
export const defaultMaxAttempts = defaultMaxRetries + 1
