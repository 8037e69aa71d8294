/**
 * An in-memory `OpenRouterByok`: the whole service with the real API's semantics and no
 * network, for testing code that uses the client.
 *
 * Pages follow `offset` / `limit` with `totalCount`; a request without `workspaceId` lists
 * the default workspace (global credentials, `workspaceId: null`, appear in every workspace);
 * `provider` filters; unknown ids give `NotFound`; bad arguments give the same
 * `InvalidRequest` as the HTTP client. `create`, `update` (absent fields unchanged, `null`
 * clears, `key` rotates and regenerates the masked `label`) and `delete` change the store.
 * Raw provider keys are kept only as `Redacted` and never returned.
 *
 * There is no transport, so nothing is retried: a failure injected with {@link failNext}
 * reaches the caller as is. To test retries, timeouts and broken connections, use
 * `MockServer` with the real client.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OpenRouterByok } from "effect4-openrouter-byok"
 * import { ByokKeyFixtures, OpenRouterByokTest } from "effect4-openrouter-byok/testing"
 *
 * const program = Effect.gen(function*() {
 *   const [first] = yield* OpenRouterByokTest.keys
 *   const key = yield* OpenRouterByok.get(first!.id)
 *   const requests = yield* OpenRouterByokTest.requests
 *   console.log(key.label, requests.length)
 * })
 *
 * // In a test, `it.layer(OpenRouterByokTest.layer(...))` from @effect/vitest provides it the same way.
 * Effect.runPromise(program.pipe(Effect.provide(OpenRouterByokTest.layer(ByokKeyFixtures.make({ count: 250 })))))
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type { ByokKey, CreateByokKeyInput, UpdateByokKeyPatch } from "../ByokKey.js"
import * as OpenRouterByok from "../OpenRouterByok.js"
import * as internal from "./internal/inMemoryService.js"

/**
 * The errors each operation can fail with, by the name of the service method.
 *
 * @since 0.1.0
 * @category models
 */
export interface OperationErrors {
  readonly list: OpenRouterByok.ListError
  readonly get: OpenRouterByok.GetError
  readonly create: OpenRouterByok.CreateError
  readonly update: OpenRouterByok.UpdateError
  readonly delete: OpenRouterByok.DeleteError
}

/**
 * A service operation (`listItems` counts as `list`).
 *
 * @since 0.1.0
 * @category models
 */
export type Operation = keyof OperationErrors

/**
 * A request that reached the in-memory server, in the order they arrived: one `list` entry
 * per page. Arguments refused with `InvalidRequest` never reach it, as with the HTTP client.
 * A provider key appears only as the `Redacted` it was given in.
 *
 * @since 0.1.0
 * @category models
 */
export type RecordedRequest =
  | {
    readonly operation: "list"
    readonly offset: number
    readonly limit: number
    readonly workspaceId?: string
    readonly provider?: string
  }
  | { readonly operation: "get"; readonly id: string }
  | { readonly operation: "create"; readonly input: CreateByokKeyInput }
  | { readonly operation: "update"; readonly id: string; readonly patch: UpdateByokKeyPatch }
  | { readonly operation: "delete"; readonly id: string }

/**
 * What a test can read and steer besides the client.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The `OpenRouterByok` implementation, also provided by {@link layer}. */
  readonly client: OpenRouterByok.Service
  /** Every request so far, oldest first. */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /** Forgets the requests so far. */
  readonly clearRequests: Effect.Effect<void>
  /** Every stored credential, in listing order, as the server would send it. */
  readonly keys: Effect.Effect<ReadonlyArray<ByokKey>>
  /** The raw provider key a credential was created or last rotated with (seeded credentials hold a placeholder). */
  readonly providerKeyOf: (id: string) => Effect.Effect<Option.Option<Redacted.Redacted<string>>>
  /**
   * Makes the next request of `operation` fail with `error` (after its arguments were
   * accepted and the request recorded). Calls queue up: two calls fail the next two requests.
   */
  readonly failNext: <O extends Operation>(operation: O, error: OperationErrors[O]) => Effect.Effect<void>
}

/**
 * The service key of the test controls: `yield* OpenRouterByokTest` gives the {@link Service}.
 *
 * @since 0.1.0
 * @category services
 */
export class OpenRouterByokTest
  extends Context.Service<OpenRouterByokTest, Service>()("effect4-openrouter-byok/testing/OpenRouterByokTest")
{}

/**
 * Options of the in-memory layer: the seeded credentials, the default workspace, the response
 * shape and the seed of created ids.
 *
 * @since 0.1.0
 * @category options
 */
export interface Options {
  /** The credentials the store starts with, in listing order. Missing optional fields are filled in. */
  readonly keys?: ReadonlyArray<ByokKey> | undefined
  /**
   * The workspace requests without `workspaceId` resolve to, a UUID (anything else is a
   * defect). Default `ByokKeyFixtures.defaultWorkspaceId`; `null` acts as a deleted default workspace: such
   * requests fail with `BadRequest`, as the API answers 400.
   */
  readonly defaultWorkspaceId?: string | null | undefined
  /** `newest` (default) includes `declaredZdr`, `isByokOnly`, `isRequired`, `declaredRegion`; `legacy` leaves them out, as older servers do. */
  readonly shape?: "newest" | "legacy" | undefined
  /** Seed of the ids given to created credentials. Default 1. */
  readonly seed?: number | undefined
}

/**
 * Builds the in-memory service and its controls.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options?: Options) => Effect.Effect<Service> = (options = {}) => internal.make(options)

/**
 * Provides `OpenRouterByok` backed by memory, and the {@link OpenRouterByokTest} controls.
 * Takes the starting credentials, or {@link Options}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  keysOrOptions: ReadonlyArray<ByokKey> | Options = {}
): Layer.Layer<OpenRouterByok.OpenRouterByok | OpenRouterByokTest> =>
  Layer.effectContext(
    Effect.map(
      make(isKeyList(keysOrOptions) ? { keys: keysOrOptions } : keysOrOptions),
      (service) =>
        Context.make(OpenRouterByokTest, service).pipe(Context.add(OpenRouterByok.OpenRouterByok, service.client))
    )
  )

const isKeyList = (input: ReadonlyArray<ByokKey> | Options): input is ReadonlyArray<ByokKey> => Array.isArray(input)

/**
 * The requests the in-memory server has received so far.
 *
 * @since 0.1.0
 * @category accessors
 */
export const requests: Effect.Effect<ReadonlyArray<RecordedRequest>, never, OpenRouterByokTest> = OpenRouterByokTest
  .use((test) => test.requests)

/**
 * Forgets the requests received so far.
 *
 * @since 0.1.0
 * @category accessors
 */
export const clearRequests: Effect.Effect<void, never, OpenRouterByokTest> = OpenRouterByokTest.use((test) =>
  test.clearRequests
)

/**
 * The credentials stored now.
 *
 * @since 0.1.0
 * @category accessors
 */
export const keys: Effect.Effect<ReadonlyArray<ByokKey>, never, OpenRouterByokTest> = OpenRouterByokTest.use((test) =>
  test.keys
)

/**
 * The raw provider key a credential holds, as a `Redacted`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const providerKeyOf = (
  id: string
): Effect.Effect<Option.Option<Redacted.Redacted<string>>, never, OpenRouterByokTest> =>
  OpenRouterByokTest.use((test) => test.providerKeyOf(id))

/**
 * Makes the next request of `operation` fail with `error`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const failNext = <O extends Operation>(
  operation: O,
  error: OperationErrors[O]
): Effect.Effect<void, never, OpenRouterByokTest> => OpenRouterByokTest.use((test) => test.failNext(operation, error))
