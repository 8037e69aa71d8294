/**
 * The secrets the drills watch for: the client is given these, and they must never be seen
 * anywhere but in the `Authorization` header and a request body.
 */

/** The management key the client holds, and the mock server accepts unless a scenario says otherwise. */
export const apiKeyMarker = "sk-or-v1-MARKER-DO-NOT-LEAK"

/** The provider key `create` and a rotating `update` send. */
export const providerKeyMarker = "sk-provider-MARKER-DO-NOT-LEAK"

/** Both secrets: a scenario's `nothingContains`. */
export const markers: ReadonlyArray<string> = [apiKeyMarker, providerKeyMarker]
