/**
 * The failures of the command line itself, beside the library's errors: input the tool refuses
 * before it asks the API anything, and a missing management key.
 */
import * as Data from "effect/Data"
import type { DeadlineExceeded } from "./deadline.js"

/** Bad input found by the tool: conflicting flags, no key on standard input, a refused deletion. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** No credential has the id prefix a command was given. */
export class NoSuchCredential extends Data.TaggedError("NoSuchCredential")<{ readonly message: string }> {}

/** `OPENROUTER_API_KEY` is not set (and `--mock` was not given). */
export class MissingApiKey extends Data.TaggedError("MissingApiKey")<{}> {
  override get message(): string {
    return "no management key: BYOK management needs a management key; set OPENROUTER_API_KEY (or try --mock)"
  }
}

/** Every failure a command can end with. */
export type CommandError = UsageError | NoSuchCredential | MissingApiKey | DeadlineExceeded
