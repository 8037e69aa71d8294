/**
 * The errors every BYOK operation can fail with, as data: each is a `Schema.TaggedError`
 * you can `Effect.catchTag`, with a readable `message` that never contains a secret.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Core from "openrouter-byok-core"

/** What an API error carries: the HTTP status and the body's `error` object, when the body had one. */
const apiErrorFields = {
  /** The HTTP status of the answer. */
  status: Schema.Int,
  /** The request, as `METHOD url` (the URL never holds a secret). */
  request: Schema.String,
  /** The body's `error.code`, when the body was the documented JSON. */
  code: Schema.optional(Schema.Int),
  /**
   * The body's `error.message`, when the body was the documented JSON: the full text, with
   * the keys the request carried replaced by `<redacted>` (`message` quotes its first 300
   * characters).
   */
  serverMessage: Schema.optional(Schema.String),
  /** The body's `error.metadata`, when present, redacted the same way and kept 32 levels deep. */
  metadata: Schema.optional(Schema.Record(Schema.String, Schema.Unknown)),
  /** The server's `Retry-After-ms` / `Retry-After`, in milliseconds, when given. */
  retryAfterMillis: Schema.optional(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0))),
  /**
   * For a redirect (3xx), the origin its `Location` points to (`https://host:port`, never a
   * path or query). The client does not follow redirects: that would take the key there.
   */
  location: Schema.optional(Schema.String)
}

/**
 * 400: the server refused the request's parameters or body.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest
  extends Schema.TaggedError<BadRequest>("effect4-openrouter-byok/BadRequest")("BadRequest", apiErrorFields)
{
  override get message(): string {
    return Core.statusErrorMessage(this, true)
  }
}

/**
 * 401: the API key is missing, malformed or revoked.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized
  extends Schema.TaggedError<Unauthorized>("effect4-openrouter-byok/Unauthorized")("Unauthorized", apiErrorFields)
{
  override get message(): string {
    return Core.statusErrorMessage(this, true)
  }
}

/**
 * 403: the key is valid but may not do this (BYOK management needs a management key).
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden
  extends Schema.TaggedError<Forbidden>("effect4-openrouter-byok/Forbidden")("Forbidden", apiErrorFields)
{
  override get message(): string {
    return Core.statusErrorMessage(this, true)
  }
}

/**
 * 404: no credential with that id (in that workspace).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound
  extends Schema.TaggedError<NotFound>("effect4-openrouter-byok/NotFound")("NotFound", apiErrorFields)
{
  override get message(): string {
    return Core.statusErrorMessage(this, true)
  }
}

/**
 * 429: too many requests. `retryAfterMillis` is the server's `Retry-After` / `Retry-After-ms`, when given.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited
  extends Schema.TaggedError<RateLimited>("effect4-openrouter-byok/RateLimited")("RateLimited", apiErrorFields)
{
  override get message(): string {
    return Core.statusErrorMessage(this, true)
  }
}

/**
 * 500: the server failed.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalServer
  extends Schema.TaggedError<InternalServer>("effect4-openrouter-byok/InternalServer")("InternalServer", apiErrorFields)
{
  override get message(): string {
    return Core.statusErrorMessage(this, true)
  }
}

/**
 * Any other non-2xx status (502, 503, 504, 409, ...), or a status the operation does not
 * document. A redirect (3xx) is one too, never followed, with the origin it points to in
 * `location`; in a browser, whose fetch hides a redirect it does not follow, it has status 0
 * and no `location`.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedStatus extends Schema.TaggedError<UnexpectedStatus>("effect4-openrouter-byok/UnexpectedStatus")(
  "UnexpectedStatus",
  apiErrorFields
) {
  override get message(): string {
    return Core.statusErrorMessage(this, false)
  }
}

/**
 * Why a request did not get a complete answer.
 *
 * - `ConnectionRefused`: the connection was never established, so the request certainly was not sent.
 * - `ConnectionLost`: the connection failed after it may have been sent (reset, closed early).
 * - `BodyIncomplete`: the answer's body was cut off before it was complete.
 * - `Timeout`: the attempt took longer than `requestTimeout`.
 *
 * @since 0.1.0
 * @category errors
 */
export const TransportFailure = Schema.Literals(["ConnectionRefused", "ConnectionLost", "BodyIncomplete", "Timeout"])

/**
 * Why a `TransportError` happened: `ConnectionRefused`, `ConnectionLost`, `BodyIncomplete` or `Timeout`.
 *
 * @since 0.1.0
 * @category errors
 */
export type TransportFailure = typeof TransportFailure.Type

/**
 * The request did not get a complete answer: connection failure, a body cut off, or a timeout.
 * Transient: the default retry policy retries it.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError
  extends Schema.TaggedError<TransportError>("effect4-openrouter-byok/TransportError")("TransportError", {
    reason: TransportFailure,
    request: Schema.String,
    /** What the HTTP stack said, without the request's headers. */
    description: Schema.optional(Schema.String)
  })
{
  override get message(): string {
    return Core.transportErrorMessage(this)
  }
}

/**
 * A complete answer whose body is not JSON or does not match the API's schema. Not retried:
 * the same request would get the same body.
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Schema.TaggedError<DecodeError>("effect4-openrouter-byok/DecodeError")("DecodeError", {
  request: Schema.String,
  status: Schema.Int,
  /** Where in the body decoding failed, e.g. `data[3].sort_order` (empty for the whole body). */
  path: Schema.String,
  /** Why it failed there. */
  reason: Schema.String
}) {
  override get message(): string {
    return Core.decodeErrorMessage(this)
  }
}

/**
 * Bad arguments, caught before any request is sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequest
  extends Schema.TaggedError<InvalidRequest>("effect4-openrouter-byok/InvalidRequest")("InvalidRequest", {
    /** The operation that refused its arguments, e.g. `OpenRouterByok.list`. */
    operation: Schema.String,
    /** What is wrong, e.g. `limit: Expected an integer between 1 and 100, actual 0`. */
    reason: Schema.String
  })
{
  override get message(): string {
    return Core.invalidRequestMessage(this)
  }
}

/**
 * A listing whose pages contradict each other, so that going on could only repeat
 * credentials or never end: the page at `offset` holds exactly the credentials of the page
 * at `previousOffset` (a server, proxy or cache that ignores `offset`). Not retried: the
 * same requests would get the same pages.
 *
 * @since 0.1.0
 * @category errors
 */
export class InconsistentPagination extends Schema.TaggedError<InconsistentPagination>(
  "effect4-openrouter-byok/InconsistentPagination"
)("InconsistentPagination", {
  /** The offset of the page that repeats an earlier one. */
  offset: Schema.Natural,
  /** The offset of the page it repeats. */
  previousOffset: Schema.Natural
}) {
  override get message(): string {
    return Core.inconsistentPaginationMessage(this)
  }
}

/**
 * The errors that come from an HTTP status.
 *
 * @since 0.1.0
 * @category errors
 */
export type StatusError =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | RateLimited
  | InternalServer
  | UnexpectedStatus

/**
 * Every error of this library.
 *
 * @since 0.1.0
 * @category errors
 */
export type OpenRouterByokError =
  | StatusError
  | TransportError
  | DecodeError
  | InvalidRequest
  | InconsistentPagination

// A record over the union's tags, so the compiler asks for every tag of the union and no other.
const errorTags: { readonly [Tag in OpenRouterByokError["_tag"]]: true } = {
  BadRequest: true,
  Unauthorized: true,
  Forbidden: true,
  NotFound: true,
  RateLimited: true,
  InternalServer: true,
  UnexpectedStatus: true,
  TransportError: true,
  DecodeError: true,
  InvalidRequest: true,
  InconsistentPagination: true
}

/**
 * Whether a value is one of this library's errors.
 *
 * @since 0.1.0
 * @category refinements
 */
export const isOpenRouterByokError = (u: unknown): u is OpenRouterByokError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && Object.hasOwn(errorTags, u._tag) &&
  u instanceof Error

/**
 * Statuses that a retry may fix: 429, 500, 502, 503, 504.
 *
 * @since 0.1.0
 * @category retries
 */
export const transientStatuses: ReadonlySet<number> = Core.transientStatuses

/**
 * Whether the failure is transient, so that the same request may succeed later: 429, 500,
 * 502, 503, 504 and every `TransportError`. Never 400, 401, 403, 404, `DecodeError` or
 * `InvalidRequest`.
 *
 * @since 0.1.0
 * @category retries
 */
export const isTransient: (error: OpenRouterByokError) => boolean = Core.isTransient

/**
 * Whether the request certainly did not take effect on the server, so that even a
 * non-idempotent request (`create`) may be sent again: a 429, or a connection that was never
 * established.
 *
 * @since 0.1.0
 * @category retries
 */
export const certainlyNotApplied: (error: OpenRouterByokError) => boolean = Core.certainlyNotApplied

/**
 * What an API error is made of.
 *
 * @since 0.1.0
 * @category errors
 */
export type ApiErrorFields = Schema.Struct.MakeIn<typeof apiErrorFields>

/**
 * The statuses an operation can document, each with its own error.
 *
 * @since 0.1.0
 * @category status mapping
 */
export type ErrorOfStatus = {
  readonly [S in DocumentedStatus]: Extract<StatusError, { readonly _tag: typeof Core.tagOfStatus[S] }>
}

/**
 * A status an operation can document.
 *
 * @since 0.1.0
 * @category status mapping
 */
export type DocumentedStatus = Core.DocumentedStatus

/**
 * The errors an operation documenting `S` can fail with because of its status.
 *
 * @since 0.1.0
 * @category status mapping
 */
export type StatusErrorOf<S extends DocumentedStatus> = ErrorOfStatus[S] | UnexpectedStatus

const errorOfTag = { BadRequest, Unauthorized, Forbidden, NotFound, RateLimited, InternalServer } as const

/**
 * The one status-to-error mapping: a status the operation documents becomes its own error,
 * any other non-2xx status becomes `UnexpectedStatus`.
 *
 * @since 0.1.0
 * @category status mapping
 */
export const fromStatus = <S extends DocumentedStatus>(
  documented: ReadonlySet<S>,
  fields: ApiErrorFields
): StatusErrorOf<S> => {
  const status = fields.status as S
  if (!documented.has(status)) return new UnexpectedStatus(fields)
  // The table and the type say the same; TypeScript cannot follow a generic status through both.
  return new errorOfTag[Core.tagOfStatus[status]](fields) as ErrorOfStatus[S]
}
