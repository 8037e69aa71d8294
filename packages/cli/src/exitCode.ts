/**
 * The exit code of each failure, by class: scripts branch on it. Plain data, no Effect.
 */
import type { OpenRouterByokError } from "effect-openrouter-byok"
import type { CommandError } from "./commandErrors.js"

/**
 * 0 success, 2 usage or bad input, 3 authentication, 4 not found, 5 server or network, 6 contract;
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
 * has one. `InconsistentPagination` (pages that do not fit together) is listed ahead of the
 * library release that adds it.
 */
const exitCodeOfTag: {
  readonly [Tag in OpenRouterByokError.OpenRouterByokError["_tag"] | CommandError["_tag"] | "InconsistentPagination"]:
    ExitCode
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
  DecodeError: 6,
  InconsistentPagination: 6
}

/** The code of a failure; a tag this table does not know (from a newer library) counts as the server's failure. */
export const exitCodeOf = (error: { readonly _tag: string }): ExitCode =>
  Object.hasOwn(exitCodeOfTag, error._tag) ? exitCodeOfTag[error._tag as keyof typeof exitCodeOfTag] : 5
