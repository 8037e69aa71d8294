// What an error keeps of what the server or the HTTP stack said, made safe: both editions
// rebuild their error from these fields.
import { excerpt, redact, redactJson } from "./redaction.js"

/** The fields of an error that can hold what a server or an HTTP stack said. */
export interface ErrorFieldsFromServer {
  readonly _tag: string
  readonly description?: string | undefined
  readonly path?: string | undefined
  readonly reason?: string | undefined
  readonly serverMessage?: string | undefined
  readonly metadata?: unknown
  readonly location?: string | undefined
}

const statusErrorTags: ReadonlySet<string> = new Set([
  "BadRequest",
  "Unauthorized",
  "Forbidden",
  "NotFound",
  "RateLimited",
  "InternalServer",
  "UnexpectedStatus"
])

/**
 * The fields of `error` with every text and value that came from the server or the HTTP stack
 * made safe to keep: the secrets the request carried replaced by `<redacted>`, free-form
 * reasons cut to a few hundred characters (after redaction, so that no part of a secret
 * survives the cut), and `metadata` kept only so deep that rendering it cannot overflow the
 * stack. `serverMessage` keeps its full (redacted) text. `undefined` for an error that holds
 * nothing from a server (`InvalidRequest`, `InconsistentPagination`): keep it as it is.
 */
export const fieldsKeptFromServer = <F extends ErrorFieldsFromServer>(
  error: F,
  secrets: ReadonlyArray<string>
): Omit<F, "_tag"> | undefined => {
  const text = (value: string) => excerpt(redact(value, secrets))
  const { _tag, ...fields } = error
  switch (_tag) {
    case "TransportError":
      return { ...fields, ...(error.description === undefined ? {} : { description: text(error.description) }) }
    case "DecodeError":
      return { ...fields, path: text(error.path ?? ""), reason: text(error.reason ?? "") }
    default:
      if (!statusErrorTags.has(_tag)) return undefined
      return {
        ...fields,
        ...(error.serverMessage === undefined ? {} : { serverMessage: redact(error.serverMessage, secrets) }),
        ...(error.metadata === undefined ? {} : { metadata: redactJson(error.metadata, secrets) }),
        ...(error.location === undefined ? {} : { location: text(error.location) })
      }
  }
}
