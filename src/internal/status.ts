// Effect-free: imports nothing from `effect`, so an edition for another Effect line shares it as it is.

/**
 * The statuses an operation can document, each with the tag of its error.
 *
 * @internal
 */
export const tagOfStatus = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  429: "RateLimited",
  500: "InternalServer"
} as const

/** @internal */
export type DocumentedStatus = keyof typeof tagOfStatus

/**
 * Statuses that a retry may fix: 429, 500, 502, 503, 504.
 *
 * @internal
 */
export const transientStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504])
