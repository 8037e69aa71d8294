/**
 * The statuses an operation can document, each with the tag of its error.
 */
export const tagOfStatus = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  429: "RateLimited",
  500: "InternalServer"
} as const

export type DocumentedStatus = keyof typeof tagOfStatus

/**
 * Statuses that a retry may fix: 429, 500, 502, 503, 504.
 */
export const transientStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504])
