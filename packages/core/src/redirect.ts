// What a redirect is said to be. The client never follows one (it would take the
// management key wherever it points), so the error names where it pointed, as an origin only:
// a path or query may hold anything.

/**
 * Status 0: how a browser's fetch answers a redirect it was told not to follow (an "opaque
 * redirect", which hides the status and where it points). Node's fetch gives the 3xx itself.
 */
export const opaqueRedirectStatus = 0

/** 304 Not Modified: a cache's answer to a conditional request, which points nowhere. */
const notModifiedStatus = 304

/**
 * Whether a status asks the client to go elsewhere.
 */
export const isRedirect = (status: number): boolean =>
  (status >= 300 && status < 400 && status !== notModifiedStatus) || status === opaqueRedirectStatus

/**
 * The origin (`scheme://host:port`) a `Location` header points to, resolved against the
 * request's URL, or `undefined` when there is none or it is not a URL.
 */
export const redirectOrigin = (location: string | undefined, requestUrl: string): string | undefined => {
  if (location === undefined || location === "") return undefined
  try {
    const origin = new URL(location, requestUrl).origin
    return origin === "null" ? undefined : origin
  } catch {
    return undefined
  }
}
