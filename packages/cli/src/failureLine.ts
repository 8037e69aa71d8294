/**
 * Every failure as the one line the tool prints: what failed, why, and what to do. No stack
 * trace, and never a key (the library's errors hold none). Plain functions, no Effect.
 */
import type { OpenRouterByokError } from "effect4-openrouter-byok"
import { STATUS_CODES } from "node:http"
import type { CommandError } from "./commandErrors.js"
import { exitCodeOfClientStatus } from "./exitCode.js"
import { printable } from "./printable.js"
import { retriesRanOut, type RetryFacts } from "./retryOutcome.js"

type Failure = OpenRouterByokError.OpenRouterByokError | CommandError

const serverSaid = (error: { readonly serverMessage?: string | undefined }): string =>
  error.serverMessage === undefined ? "" : ` (the server said: ${error.serverMessage})`

const retryLater = "try again later"

/** " after the retries", when the request was retried until they ran out (see retryOutcome.ts). */
const afterRetries = (error: RetryFacts): string => retriesRanOut(error) ? " after the retries" : ""

const unauthorized = (error: { readonly status: number }): string =>
  `${error.status} Unauthorized: BYOK management needs a management key; set OPENROUTER_API_KEY`

const forbidden = (error: { readonly status: number }): string =>
  `${error.status} Forbidden: BYOK management needs a management key and this key is not one; ` +
  "set OPENROUTER_API_KEY to a management key"

const checkArguments = "check the arguments (see --help)"

const refused = (error: OpenRouterByokError.BadRequest | OpenRouterByokError.UnexpectedStatus, phrase: string) =>
  `${error.status} ${phrase}: the server refused ${error.request}${serverSaid(error)}; ${checkArguments}`

/**
 * A 4xx the operation does not document, said as what it is: the caller's problem (see
 * exitCode.ts), never "try again later".
 */
const clientStatusLine = (error: OpenRouterByokError.UnexpectedStatus): string | undefined => {
  const phrase = STATUS_CODES[error.status] ?? "Client Error"
  switch (exitCodeOfClientStatus(error.status)) {
    case 2:
      return refused(error, phrase)
    case 3:
      return error.status === 401 ? unauthorized(error) : forbidden(error)
    case 4:
      // Every operation on an id documents 404 (NotFound): this is most likely a URL that serves no credentials.
      return `${error.status} ${phrase}: nothing at ${error.request}${
        serverSaid(error)
      }; check --api-url (or OPENROUTER_API_URL)`
    default:
      return undefined
  }
}

/** One line per tag, written out so that a new error in the union does not compile until it has one. */
const lineOfTag: {
  readonly [Tag in Failure["_tag"]]: (error: Extract<Failure, { readonly _tag: Tag }>) => string
} = {
  UsageError: (error) => error.message,
  NoSuchCredential: (error) => error.message,
  MissingApiKey: () =>
    "No management key: BYOK management needs a management key; set OPENROUTER_API_KEY (or try the tool with --mock)",
  InvalidRequest: (error) => `Invalid input: ${error.reason}; see --help`,
  BadRequest: (error) => refused(error, "Bad Request"),
  Unauthorized: unauthorized,
  Forbidden: forbidden,
  NotFound: (error) =>
    `${error.status} Not Found: no credential at ${error.request}; find its id with openrouter-byok list`,
  RateLimited: (error) =>
    `${error.status} Too Many Requests: still rate limited on ${error.request}${afterRetries(error)}; ${retryLater}`,
  InternalServer: (error) =>
    `${error.status} Internal Server Error: the server failed on ${error.request}${afterRetries(error)}${
      serverSaid(error)
    }; ${retryLater}`,
  UnexpectedStatus: (error) =>
    clientStatusLine(error) ??
      `${error.status} Unexpected status on ${error.request}${afterRetries(error)}${serverSaid(error)}; ${retryLater}`,
  TransportError: (error) =>
    (error.reason === "Timeout" ? "Timed out" : `Network failure (${error.reason})`) +
    ` on ${error.request}${afterRetries(error)}` +
    `${error.description === undefined ? "" : `: ${error.description}`}; ` +
    `check the connection and --api-url (or OPENROUTER_API_URL)${
      error.reason === "Timeout" ? ", or allow each attempt longer with --timeout" : ""
    }`,
  DeadlineExceeded: (error) =>
    `Deadline exceeded: the API did not finish answering within ${error.deadline} (--deadline), retries included; ` +
    "check the connection and --api-url (or OPENROUTER_API_URL), or allow longer with --deadline",
  DecodeError: (error) =>
    `Unexpected answer: ${error.message}; the server does not speak the API this tool knows ` +
    "(check --api-url, or update the tool)",
  InconsistentPagination: (error) => `Inconsistent listing: ${error.message}; run the listing again`
}

/** A failure as one line; a tag this table does not know (from a newer library) shows its own message. */
export const failureLine = (error: { readonly _tag: string; readonly message: string }): string => {
  const line = Object.hasOwn(lineOfTag, error._tag)
    ? (lineOfTag[error._tag as keyof typeof lineOfTag] as (error: unknown) => string)(error)
    : error.message
  return printable(line.replace(/\s*\n\s*/g, " "))
}

/**
 * A mistake on the command line (an unknown flag, a missing argument, a bad value) as one line:
 * what effect/cli says of it, its suggestions inline, and where the help is.
 */
export const usageErrorLine = (
  error: { readonly message: string; readonly suggestions?: ReadonlyArray<string> | undefined },
  commandPath: ReadonlyArray<string>
): string => {
  // effect/cli puts its suggestions in a paragraph of their own: they are read here from the error itself.
  const [said = ""] = error.message.split(/\n\s*\n/)
  const suggestions = error.suggestions ?? []
  const didYouMean = suggestions.length === 0 ? "" : `; did you mean ${suggestions.join(" or ")}?`
  return printable(`${said.trim().replace(/\s*\n\s*/g, " ")}${didYouMean} (see ${commandPath.join(" ")} --help)`)
}
