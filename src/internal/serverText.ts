import { fieldsKeptFromServer } from "openrouter-byok-core"
import type { OpenRouterByokError } from "../OpenRouterByokError.js"

/**
 * The error an attempt failed with, made safe to keep: the same error, rebuilt from the fields
 * the core keeps of what the server and the HTTP stack said (secrets redacted, free-form text
 * cut, `metadata` bounded in depth).
 *
 * @internal
 */
export const keptFromServer = <E extends OpenRouterByokError>(error: E, secrets: ReadonlyArray<string>): E => {
  const fields = fieldsKeptFromServer(error, secrets)
  // Every error class is built from its fields alone, so its own constructor rebuilds it.
  const SameError = error.constructor as new(fields: object) => E
  return fields === undefined ? error : new SameError(fields)
}
