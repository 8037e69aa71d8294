import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import { isoSeconds, maskedLabel, uuidPattern } from "openrouter-byok-core"
import { ByokKey, type CreateByokKeyInput, isKnownProviderSlug, type UpdateByokKeyPatch } from "../../ByokKey.js"
import { describeIssue, firstIssue } from "../../internal/parseIssue.js"
import { SeededRandom } from "./seededRandom.js"

export { isoSeconds, maskedLabel }

// The semantics of the BYOK API, written once: the in-memory layer and the mock server are two
// front ends (one speaks Effect, the other HTTP) over this same store, so they cannot disagree.

/**
 * A credential as the server holds it: every field present (the newest shape), whatever the
 * caller seeded.
 *
 * @internal
 */
export type CompleteByokKey = { readonly [K in keyof ByokKey]-?: Exclude<ByokKey[K], undefined> }

/**
 * Which response shape a server speaks: `newest` with the `x-added-later` fields
 * (`declared_zdr`, `is_byok_only`, `is_required`, `declared_region`), `legacy` without them.
 *
 * @internal
 */
export type ResponseShape = "newest" | "legacy"

/**
 * Why the server refuses a request, as HTTP would say it: a status and the body's message.
 * Each operation's type names the statuses it can answer with.
 *
 * @internal
 */
export interface Rejection<S extends 400 | 404> {
  readonly _tag: "Rejection"
  readonly status: S
  readonly message: string
}

/**
 * A 400 with the API's message and what exactly is wrong.
 *
 * @internal
 */
export const badRequest = (detail: string): Rejection<400> => ({
  _tag: "Rejection",
  status: 400,
  message: `Invalid request parameters: ${detail}`
})

/** The spec's own 404 message. */
const notFound: Rejection<404> = { _tag: "Rejection", status: 404, message: "Resource not found" }

/**
 * The workspace a request that names none resolves to (the spec's example workspace).
 *
 * @internal
 */
export const defaultWorkspaceId = "550e8400-e29b-41d4-a716-446655440000"

/** @internal */
export interface ListQuery {
  readonly workspaceId?: string | undefined
  readonly provider?: string | undefined
  readonly offset: number
  readonly limit: number
}

/** @internal */
export interface ListResult {
  readonly data: ReadonlyArray<CompleteByokKey>
  readonly totalCount: number
}

/** @internal */
export interface StoredCredential {
  readonly key: CompleteByokKey
  /** The raw provider key; only ever held as a `Redacted`. */
  readonly providerKey: Redacted.Redacted<string>
}

/** @internal */
export interface StoreOptions {
  readonly keys: ReadonlyArray<ByokKey>
  /** The workspace used when a request names none; `null` when it was deleted (such requests get a 400). */
  readonly defaultWorkspaceId: string | null
  /** Seed of the ids given to created credentials. */
  readonly seed: number
}

/** @internal */
export interface CredentialStore {
  readonly list: (query: ListQuery) => Effect.Effect<ListResult, Rejection<400>>
  readonly get: (id: string) => Effect.Effect<CompleteByokKey, Rejection<404>>
  readonly create: (input: CreateByokKeyInput) => Effect.Effect<CompleteByokKey, Rejection<400>>
  readonly update: (id: string, patch: UpdateByokKeyPatch) => Effect.Effect<CompleteByokKey, Rejection<400 | 404>>
  readonly delete: (id: string) => Effect.Effect<void, Rejection<404>>
  /** Every credential, in listing order. */
  readonly snapshot: Effect.Effect<ReadonlyArray<StoredCredential>>
  /** Whether the server accepts this provider slug in a filter or a new credential. */
  readonly knowsProvider: (slug: string) => boolean
}

/**
 * What a server of the given shape sends for a credential.
 *
 * @internal
 */
export const present = (key: CompleteByokKey, shape: ResponseShape): ByokKey => {
  if (shape === "newest") return key
  const {
    declaredRegion: _declaredRegion,
    declaredZdr: _declaredZdr,
    isByokOnly: _isByokOnly,
    isRequired: _isRequired,
    ...legacy
  } = key
  return legacy
}

const fallbackWithByokOnly = "is_byok_only is only valid on non-fallback credentials (is_fallback is true)"

/** Fills the optional fields a seeded credential left out, as a newer server would have set them. */
const complete = (key: ByokKey): CompleteByokKey => ({
  ...key,
  // A workspace id is a UUID, which the server keeps in lowercase, as requests are matched.
  workspaceId: key.workspaceId !== null && uuidPattern.test(key.workspaceId)
    ? key.workspaceId.toLowerCase()
    : key.workspaceId,
  name: key.name ?? null,
  declaredZdr: key.declaredZdr ?? null,
  isByokOnly: key.isByokOnly ?? false,
  isRequired: key.isRequired ?? false,
  declaredRegion: key.declaredRegion ?? null
})

const validateByokKey = Schema.validateEither(ByokKey)

/** Seeded credentials never had a raw key given through this store; they hold a placeholder. */
const seededProviderKey = Redacted.make("seeded-credential")

/**
 * The store a testing-kit front end describes with its options (the in-memory layer and the
 * mock server take the same ones), with their defaults.
 *
 * @internal
 */
export const fromKitOptions = (options: {
  readonly keys?: ReadonlyArray<ByokKey> | undefined
  readonly defaultWorkspaceId?: string | null | undefined
  readonly seed?: number | undefined
}): Effect.Effect<CredentialStore> =>
  make({
    keys: options.keys ?? [],
    defaultWorkspaceId: options.defaultWorkspaceId === undefined ? defaultWorkspaceId : options.defaultWorkspaceId,
    seed: options.seed ?? 1
  })

/** @internal */
export const make = (options: StoreOptions): Effect.Effect<CredentialStore> =>
  Effect.gen(function*() {
    // A seeded credential that is not a ByokKey, or a default workspace that is not a UUID, is
    // a bug of the test's setup: said here, once, rather than as a malformed answer in memory
    // and a 500 over HTTP, or a listing no request can reach.
    if (options.defaultWorkspaceId !== null && !uuidPattern.test(options.defaultWorkspaceId)) {
      return yield* Effect.dieMessage(`defaultWorkspaceId must be a UUID or null, not "${options.defaultWorkspaceId}"`)
    }
    // In lowercase, as the server keeps workspace ids and as requests are matched.
    const defaultWorkspace = options.defaultWorkspaceId?.toLowerCase() ?? null
    for (const [index, key] of options.keys.entries()) {
      const checked = validateByokKey(key)
      if (Either.isLeft(checked)) {
        const id = typeof key?.id === "string" ? ` (id ${key.id})` : ""
        return yield* Effect.dieMessage(
          `seeded credential ${index}${id} is not a ByokKey: ${describeIssue(firstIssue(checked.left))}`
        )
      }
    }
    const random = new SeededRandom(options.seed)
    const seeded = options.keys.map((key): StoredCredential => ({ key: complete(key), providerKey: seededProviderKey }))
    const ids = new Set<string>()
    for (const { key } of seeded) {
      if (ids.has(key.id)) return yield* Effect.dieMessage(`two seeded credentials share the id ${key.id}`)
      ids.add(key.id)
    }
    // A server that lists a credential of some provider knows that provider, even one newer than this library.
    const providers = new Set(seeded.map(({ key }) => key.provider))
    const knowsProvider = (slug: string) => isKnownProviderSlug(slug) || providers.has(slug)
    const state = yield* Ref.make<ReadonlyArray<StoredCredential>>(seeded)

    const resolveWorkspace = (workspaceId: string | undefined): Effect.Effect<string, Rejection<400>> =>
      workspaceId !== undefined
        ? (uuidPattern.test(workspaceId)
          // UUIDs are compared without regard to case, and the server keeps them in lowercase.
          ? Effect.succeed(workspaceId.toLowerCase())
          : Effect.fail(badRequest("workspace_id must be a UUID")))
        : defaultWorkspace === null
        ? Effect.fail(badRequest("the default workspace was deleted; pass workspace_id explicitly"))
        : Effect.succeed(defaultWorkspace)

    const checkProvider = (slug: string): Effect.Effect<void, Rejection<400>> =>
      knowsProvider(slug)
        ? Effect.void
        : Effect.fail(badRequest(`provider: unknown provider slug ${JSON.stringify(slug)}`))

    const find = (id: string) =>
      Effect.flatMap(Ref.get(state), (credentials) => {
        const found = credentials.find(({ key }) => key.id === id)
        return found === undefined ? Effect.fail(notFound) : Effect.succeed(found)
      })

    const list = (query: ListQuery) =>
      Effect.gen(function*() {
        if (query.provider !== undefined) yield* checkProvider(query.provider)
        const workspaceId = yield* resolveWorkspace(query.workspaceId)
        const credentials = yield* Ref.get(state)
        // A global credential (workspace_id null) is usable in every workspace, so every workspace lists it.
        const matching = credentials.filter(({ key }) =>
          (key.workspaceId === workspaceId || key.workspaceId === null) &&
          (query.provider === undefined || key.provider === query.provider)
        )
        return {
          data: matching.slice(query.offset, query.offset + query.limit).map(({ key }) => key),
          totalCount: matching.length
        }
      })

    const get = (id: string) => Effect.map(find(id), ({ key }) => key)

    const create = (input: CreateByokKeyInput) =>
      Effect.gen(function*() {
        yield* checkProvider(input.provider)
        if (input.isFallback === true && input.isByokOnly === true) {
          return yield* Effect.fail(badRequest(fallbackWithByokOnly))
        }
        const workspaceId = yield* resolveWorkspace(input.workspaceId)
        const now = yield* Clock.currentTimeMillis
        return yield* Ref.modify(state, (credentials) => {
          const sameProvider = credentials.filter(({ key }) =>
            key.provider === input.provider && key.workspaceId === workspaceId
          )
          const key: CompleteByokKey = {
            id: random.uuid(),
            provider: input.provider,
            label: maskedLabel(Redacted.value(input.key)),
            name: input.name ?? null,
            disabled: input.disabled ?? false,
            workspaceId,
            isFallback: input.isFallback ?? false,
            allowedModels: input.allowedModels ?? null,
            allowedApiKeyHashes: input.allowedApiKeyHashes ?? null,
            allowedUserIds: input.allowedUserIds ?? null,
            sortOrder: sameProvider.reduce((next, { key }) => Math.max(next, key.sortOrder + 1), 0),
            createdAt: isoSeconds(now),
            declaredZdr: input.declaredZdr ?? null,
            isByokOnly: input.isByokOnly ?? false,
            isRequired: input.isRequired ?? false,
            declaredRegion: input.declaredRegion ?? null
          }
          return [key, [...credentials, { key, providerKey: input.key }]]
        })
      })

    const update = (id: string, patch: UpdateByokKeyPatch) =>
      Effect.gen(function*() {
        const current = yield* find(id)
        // Absent fields stay as they are; a present field, `null` included, replaces the value.
        const { key: rotated, ...fields } = patch
        const key: CompleteByokKey = {
          ...current.key,
          ...fields,
          ...(rotated === undefined ? {} : { label: maskedLabel(Redacted.value(rotated)) })
        }
        if (key.isFallback && key.isByokOnly) return yield* Effect.fail(badRequest(fallbackWithByokOnly))
        const updated: StoredCredential = { key, providerKey: rotated ?? current.providerKey }
        yield* Ref.update(state, (credentials) => credentials.map((stored) => stored.key.id === id ? updated : stored))
        return key
      })

    const del = (id: string) =>
      Effect.flatMap(find(id), () => Ref.update(state, (credentials) => credentials.filter(({ key }) => key.id !== id)))

    return { list, get, create, update, delete: del, snapshot: Ref.get(state), knowsProvider }
  })
