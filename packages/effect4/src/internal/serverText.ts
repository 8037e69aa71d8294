import { excerpt, redact, redactJson } from "openrouter-byok-core"
import { type ApiErrorFields, DecodeError, type OpenRouterByokError, TransportError } from "../OpenRouterByokError.js"

/**
 * The error an attempt failed with, made safe to keep: every text and value that came from
 * the server or the HTTP stack has the secrets the request carried replaced by `<redacted>`,
 * free-form reasons are cut to a few hundred characters (after redaction, so that no part of
 * a secret survives the cut), and `metadata` is kept only so deep that rendering it cannot
 * overflow the stack. `serverMessage` keeps its full (redacted) text.
 *
 * @internal
 */
export const keptFromServer = <E extends OpenRouterByokError>(error: E, secrets: ReadonlyArray<string>): E => {
  const text = (value: string) => excerpt(redact(value, secrets))
  switch (error._tag) {
    case "TransportError":
      return new TransportError({
        reason: error.reason,
        request: error.request,
        ...(error.description === undefined ? {} : { description: text(error.description) })
      }) as E
    case "DecodeError":
      return new DecodeError({
        request: error.request,
        status: error.status,
        path: text(error.path),
        reason: text(error.reason)
      }) as E
    case "BadRequest":
    case "Unauthorized":
    case "Forbidden":
    case "NotFound":
    case "RateLimited":
    case "InternalServer":
    case "UnexpectedStatus": {
      const fields: ApiErrorFields = {
        status: error.status,
        request: error.request,
        ...(error.code === undefined ? {} : { code: error.code }),
        ...(error.serverMessage === undefined ? {} : { serverMessage: redact(error.serverMessage, secrets) }),
        ...(error.metadata === undefined
          ? {}
          : { metadata: redactJson(error.metadata, secrets) as NonNullable<ApiErrorFields["metadata"]> }),
        ...(error.retryAfterMillis === undefined ? {} : { retryAfterMillis: error.retryAfterMillis }),
        ...(error.location === undefined ? {} : { location: text(error.location) })
      }
      // The same class: each status error is built from the same fields.
      const SameError = error.constructor as new(fields: ApiErrorFields) => E
      return new SameError(fields)
    }
    default:
      return error
  }
}
