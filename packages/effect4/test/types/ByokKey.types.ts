/**
 * Type-level specification, checked by `npm run check` (never run): a listed credential's
 * required fields read as their contract types under `strict`, with no `!` and no cast, and
 * the optional ones stay optional.
 */
import type * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { type ByokKey, OpenRouterByok, type OpenRouterByokError } from "effect4-openrouter-byok"

/** What an Effect can fail with. */
type ErrorOf<T> = T extends Effect.Effect<any, infer E, any> ? E : never

/** Compiles only when `A` and `B` are the same type. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false
const assertType = <T extends true>(_proof?: T): void => undefined

export const requiredFields = OpenRouterByok.listItems().pipe(
  Stream.map((key) => {
    const id: string = key.id
    const provider: ByokKey.ProviderSlug = key.provider
    const workspaceId: string | null = key.workspaceId
    const label: string = key.label
    const disabled: boolean = key.disabled
    const isFallback: boolean = key.isFallback
    const allowedModels: ReadonlyArray<string> | null = key.allowedModels
    const allowedApiKeyHashes: ReadonlyArray<string> | null = key.allowedApiKeyHashes
    const allowedUserIds: ReadonlyArray<string> | null = key.allowedUserIds
    const sortOrder: number = key.sortOrder
    const createdAt: string = key.createdAt
    return [
      id.length,
      provider,
      workspaceId ?? "global",
      label,
      disabled,
      isFallback,
      allowedModels?.length,
      allowedApiKeyHashes?.length,
      allowedUserIds?.length,
      sortOrder,
      createdAt
    ] as const
  })
)

assertType<Equals<ByokKey.ByokKey["id"], string>>()
assertType<Equals<ByokKey.ByokKey["provider"], ByokKey.ProviderSlug>>()
assertType<Equals<ByokKey.ByokKey["disabled"], boolean>>()
// `name` and the fields only newer servers send may be absent.
assertType<Equals<ByokKey.ByokKey["name"], string | null | undefined>>()
assertType<Equals<ByokKey.ByokKey["declaredRegion"], ByokKey.DeclaredRegion | null | undefined>>()
assertType<Equals<ByokKey.ByokKey["declaredZdr"], boolean | null | undefined>>()

// Known regions autocomplete, and any other string is a region too.
export const regions: ReadonlyArray<ByokKey.DeclaredRegion> = ["global", "europe", "us", "asia-pacific"]
export const region: ByokKey.KnownDeclaredRegion = "europe"
// @ts-expect-error a region this version does not know is not a KnownDeclaredRegion
export const unknownRegion: ByokKey.KnownDeclaredRegion = "asia-pacific"

// `update` can fail with Forbidden (PATCH documents 403).
type UpdateFailure = ErrorOf<ReturnType<typeof OpenRouterByok.update>>
assertType<Equals<Extract<UpdateFailure, OpenRouterByokError.Forbidden>, OpenRouterByokError.Forbidden>>()

// Each operation's error union, exactly: its documented statuses, UnexpectedStatus, and the common errors.
type E = typeof OpenRouterByokError
type Common = OpenRouterByokError.InvalidRequest | OpenRouterByokError.TransportError | OpenRouterByokError.DecodeError
assertType<
  Equals<
    ErrorOf<ReturnType<typeof OpenRouterByok.get>>,
    | InstanceType<E["Unauthorized"]>
    | InstanceType<E["Forbidden"]>
    | InstanceType<E["NotFound"]>
    | InstanceType<E["RateLimited"]>
    | InstanceType<E["InternalServer"]>
    | InstanceType<E["UnexpectedStatus"]>
    | Common
  >
>()
assertType<
  Equals<
    ErrorOf<ReturnType<typeof OpenRouterByok.create>>,
    | InstanceType<E["BadRequest"]>
    | InstanceType<E["Unauthorized"]>
    | InstanceType<E["Forbidden"]>
    | InstanceType<E["RateLimited"]>
    | InstanceType<E["InternalServer"]>
    | InstanceType<E["UnexpectedStatus"]>
    | Common
  >
>()
assertType<
  Equals<
    OpenRouterByok.ListError,
    | InstanceType<E["BadRequest"]>
    | InstanceType<E["Unauthorized"]>
    | InstanceType<E["Forbidden"]>
    | InstanceType<E["RateLimited"]>
    | InstanceType<E["InternalServer"]>
    | InstanceType<E["UnexpectedStatus"]>
    | OpenRouterByokError.InconsistentPagination
    | Common
  >
>()
assertType<Equals<Extract<OpenRouterByok.DeleteError, OpenRouterByokError.BadRequest>, never>>()
