/**
 * The exit code of each failure, by class: scripts branch on it. Plain data, no Effect.
 */
import type { OpenRouterByokError } from "effect4-openrouter-byok"
import type { CommandError } from "./commandErrors.js"

/**
 * 0 success, 2 usage or bad input, 3 authentication, 4 not found, 5 server or network (or the
 * deadline passed), 6 contract;
 * 130, 141 and 143 as shells give them, for a run stopped by Ctrl-C, one whose reader has gone
 * and one stopped by SIGTERM.
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 130 | 141 | 143

export const success: ExitCode = 0
/** A bug of the tool: a defect, never an expected failure. */
export const internalFailure: ExitCode = 1
export const usage: ExitCode = 2
/** 128 + SIGINT: stopped by Ctrl-C, at a prompt or anywhere else. */
export const interrupted: ExitCode = 130
/** 128 + SIGPIPE: what a shell reports for a writer whose reader has gone (`yes | head`). */
export const readerGone: ExitCode = 141
/** 128 + SIGTERM: stopped by a supervisor (`kill`, a CI job's time limit, a container stopping). */
export const terminated: ExitCode = 143

/**
 * One code per tag, written out so that a new error in the union does not compile until it
 * has one.
 */
const exitCodeOfTag: {
  readonly [Tag in OpenRouterByokError.OpenRouterByokError["_tag"] | CommandError["_tag"]]: ExitCode
} = {
  UsageError: 2,
  InvalidRequest: 2,
  BadRequest: 2,
  MissingApiKey: 3,
  Unauthorized: 3,
  Forbidden: 3,
  NotFound: 4,
  NoSuchCredential: 4,
  RateLimited: 5,
  InternalServer: 5,
  UnexpectedStatus: 5,
  TransportError: 5,
  DeadlineExceeded: 5,
  DecodeError: 6,
  InconsistentPagination: 6
}

/**
 * The code of a 4xx that says what was wrong with the request: 3 for authentication, 4 for
 * nothing there, 2 for any other. `undefined` for every other status, 408 and 429 among them
 * ("not now" rather than "not this": the server's side, which a retry may fix).
 */
export const exitCodeOfClientStatus = (status: number): ExitCode | undefined => {
  if (status < 400 || status > 499 || status === 408 || status === 429) return undefined
  if (status === 401 || status === 403) return 3
  if (status === 404 || status === 410) return 4
  return 2
}

/**
 * The code of a failure; a tag this table does not know (from a newer library) counts as the server's failure.
 * A 4xx the operation does not document (the library's `UnexpectedStatus`) is still the caller's problem, and
 * counts by its status as a documented one does.
 */
export const exitCodeOf = (error: { readonly _tag: string; readonly status?: number | undefined }): ExitCode => {
  const ofStatus = error._tag === "UnexpectedStatus" && error.status !== undefined
    ? exitCodeOfClientStatus(error.status)
    : undefined
  if (ofStatus !== undefined) return ofStatus
  return Object.hasOwn(exitCodeOfTag, error._tag) ? exitCodeOfTag[error._tag as keyof typeof exitCodeOfTag] : 5
}
