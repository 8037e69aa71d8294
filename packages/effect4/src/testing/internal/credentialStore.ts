import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { CredentialStore, type Rejection, type StoreResult } from "openrouter-byok-mock-server"
import { ByokKey } from "../../ByokKey.js"
import { describeIssue, firstIssue } from "../../internal/parseIssue.js"

// The in-memory layer and the mock server are two front ends (one speaks Effect, the other
// HTTP) over the mock-server package's one credential store, so they cannot disagree.

/** The options of the testing kit that describe its store (the in-memory layer and the mock server take the same). */
export interface KitStoreOptions {
  readonly keys?: ReadonlyArray<ByokKey> | undefined
  readonly defaultWorkspaceId?: string | null | undefined
  readonly seed?: number | undefined
}

// The Type side: a seeded credential is a decoded ByokKey (camelCase), not its JSON.
const validateByokKey = Schema.decodeUnknownResult(Schema.toType(ByokKey))

/**
 * The store a testing-kit front end describes with its options. A seeded credential that is
 * not a ByokKey, by the library's own Schema, or a default workspace that is not a UUID, is a
 * bug of the test's setup: a defect naming it, rather than a malformed answer in memory and a
 * 500 over HTTP. Credentials are created at the time of the Effect `Clock` it is built on.
 *
 * @internal
 */
export const make = (options: KitStoreOptions): Effect.Effect<CredentialStore> =>
  Effect.gen(function*() {
    for (const [index, key] of (options.keys ?? []).entries()) {
      const checked = validateByokKey(key)
      if (Result.isFailure(checked)) {
        const id = typeof key?.id === "string" ? ` (id ${key.id})` : ""
        return yield* Effect.die(
          new Error(`seeded credential ${index}${id} is not a ByokKey: ${describeIssue(firstIssue(checked.failure))}`)
        )
      }
    }
    // The store throws for what is left (a default workspace that is not a UUID, two credentials with one id): a defect.
    return yield* Effect.clockWith((clock) =>
      Effect.sync(() =>
        new CredentialStore({
          keys: options.keys,
          defaultWorkspaceId: options.defaultWorkspaceId,
          seed: options.seed,
          now: () => clock.currentTimeMillisUnsafe()
        })
      )
    )
  })

/**
 * An operation of the store as an Effect that fails with its refusal. The store acts when the
 * Effect runs, not when it is built, so a request failed on purpose before it leaves the store
 * as it was.
 *
 * @internal
 */
export const run = <A, S extends 400 | 404>(operation: () => StoreResult<A, S>): Effect.Effect<A, Rejection<S>> =>
  Effect.suspend(() => {
    const result = operation()
    return result.ok ? Effect.succeed(result.value) : Effect.fail(result.rejection)
  })
