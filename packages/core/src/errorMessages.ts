// The `message` of each error, written once so that both editions say the same thing: what
// happened, on which request, and at most a few hundred characters of what the server said.
import { excerpt } from "./redaction.js"
import { isRedirect, opaqueRedirectStatus } from "./redirect.js"
import type { DocumentedStatus } from "./status.js"

/** What the message of an error that comes from an HTTP status reads. */
export interface StatusErrorFacts {
  readonly status: number
  readonly request: string
  readonly serverMessage?: string | undefined
  readonly retryAfterMillis?: number | undefined
  readonly location?: string | undefined
}

/** What each documented status's error says it is. */
const whatStatusIs: { readonly [S in DocumentedStatus]: string } = {
  400: "Bad request",
  401: "Unauthorized: check the management API key",
  403: "Forbidden: BYOK management needs a management key",
  404: "Not found",
  429: "Rate limited",
  500: "Internal server error"
}

const describeStatus = (status: number): string =>
  status === opaqueRedirectStatus ? "opaque redirect" : `HTTP ${status}`

/**
 * The message of a status error: `BadRequest` to `InternalServer` by their status, and
 * `UnexpectedStatus` (any other status, a redirect among them) when `documented` is false.
 */
export const statusErrorMessage = (error: StatusErrorFacts, documented: boolean): string => {
  const what = documented && error.status in whatStatusIs
    ? whatStatusIs[error.status as DocumentedStatus]
    : isRedirect(error.status)
    ? "Redirect not followed (it would take the key along)"
    : "Unexpected status"
  return `${what} (${describeStatus(error.status)}) on ${error.request}` +
    (error.location === undefined ? "" : ` to ${excerpt(error.location)}`) +
    (error.serverMessage === undefined ? "" : `: ${excerpt(error.serverMessage)}`) +
    (error.retryAfterMillis === undefined ? "" : ` (retry after ${error.retryAfterMillis} ms)`)
}

/** The message of a `TransportError`. */
export const transportErrorMessage = (
  error: { readonly reason: string; readonly request: string; readonly description?: string | undefined }
): string =>
  `Transport failure (${error.reason}) on ${error.request}` +
  (error.description === undefined ? "" : `: ${excerpt(error.description)}`)

/** The message of a `DecodeError`. */
export const decodeErrorMessage = (
  error: { readonly request: string; readonly status: number; readonly path: string; readonly reason: string }
): string =>
  `Could not decode the answer to ${error.request} (HTTP ${error.status}) at ${
    excerpt(error.path === "" ? "the body" : error.path)
  }: ${excerpt(error.reason)}`

/** The message of an `InvalidRequest`. */
export const invalidRequestMessage = (error: { readonly operation: string; readonly reason: string }): string =>
  `Invalid arguments to ${error.operation}: ${error.reason}`

/** The message of an `InconsistentPagination`. */
export const inconsistentPaginationMessage = (
  error: { readonly offset: number; readonly previousOffset: number }
): string =>
  `Inconsistent pagination: the page at offset ${error.offset} repeats the page at offset ${error.previousOffset} ` +
  "(the server ignores offset); the listing stopped there"
