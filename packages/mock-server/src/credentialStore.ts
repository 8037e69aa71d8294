import { isoSeconds, knownProviderSlugs, maskedLabel, uuidPattern } from "openrouter-byok-core"
import type { ByokKey, CompleteByokKey } from "./byokKey.js"
import { credentialProblem } from "./seededCredentials.js"
import { SeededRandom } from "./seededRandom.js"

// The semantics of the BYOK API, written once: the mock server and each edition's in-memory
// test layer are front ends (one speaks HTTP, the others Effect) over this same store, so they
// cannot disagree.

/**
 * The workspace a request that names none resolves to (the API document's example workspace).
 */
export const defaultWorkspaceId = "550e8400-e29b-41d4-a716-446655440000"

/**
 * Why the store refuses a request, as HTTP would say it: a status and the body's message.
 * Each operation's type names the statuses it can answer with.
 */
export interface Rejection<S extends 400 | 404> {
  readonly status: S
  readonly message: string
}

/** What an operation of the store gives: its value, or a {@link Rejection}. */
export type StoreResult<A, S extends 400 | 404> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly rejection: Rejection<S> }

/** A 400 with the API's message and what exactly is wrong. */
export const badRequest = (detail: string): Rejection<400> => ({
  status: 400,
  message: `Invalid request parameters: ${detail}`
})

/** The API document's own 404 message. */
const notFound: Rejection<404> = { status: 404, message: "Resource not found" }

const accepted = <A>(value: A): { readonly ok: true; readonly value: A } => ({ ok: true, value })
const refused = <S extends 400 | 404>(rejection: Rejection<S>) => ({ ok: false, rejection }) as const

/** The query of a listing, already checked for its types and ranges. */
export interface ListQuery {
  readonly workspaceId?: string | undefined
  readonly provider?: string | undefined
  readonly offset: number
  readonly limit: number
}

/** One page of a listing, and how many credentials match the query in all. */
export interface ListResult {
  readonly data: ReadonlyArray<CompleteByokKey>
  readonly totalCount: number
}

/** The settings a credential is created with, already checked for their types. */
export interface NewCredential {
  readonly provider: string
  /** The raw provider key. The store keeps it apart from the credential, which shows only its masked label. */
  readonly key: string
  readonly workspaceId?: string | undefined
  readonly name?: string | null | undefined
  readonly disabled?: boolean | undefined
  readonly isFallback?: boolean | undefined
  readonly isByokOnly?: boolean | undefined
  readonly isRequired?: boolean | undefined
  readonly declaredZdr?: boolean | null | undefined
  readonly declaredRegion?: string | null | undefined
  readonly allowedModels?: ReadonlyArray<string> | null | undefined
  readonly allowedUserIds?: ReadonlyArray<string> | null | undefined
  readonly allowedApiKeyHashes?: ReadonlyArray<string> | null | undefined
}

/**
 * What an update changes: an absent (or `undefined`) field stays as it is, `null` clears it,
 * and a new `key` rotates the credential and regenerates its label.
 */
export type CredentialPatch = {
  readonly [K in Exclude<keyof NewCredential, "provider" | "workspaceId">]?: NewCredential[K] | undefined
}

/** Options of a {@link CredentialStore}: its credentials, default workspace, seed and clock. */
export interface CredentialStoreOptions {
  /** The credentials the store starts with, in listing order. Missing optional fields are filled in. */
  readonly keys?: ReadonlyArray<ByokKey> | undefined
  /**
   * The workspace requests without one resolve to, a UUID. Default {@link defaultWorkspaceId};
   * `null` acts as a deleted default workspace (such requests get a 400).
   */
  readonly defaultWorkspaceId?: string | null | undefined
  /** Seed of the ids given to created credentials. Default 1. */
  readonly seed?: number | undefined
  /** The time a credential is created at, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: (() => number) | undefined
}

const fallbackWithByokOnly = "is_byok_only is only valid on non-fallback credentials (is_fallback is true)"

/** In lowercase when it is a UUID, as the server keeps workspace ids and as requests are matched. */
const normalizedWorkspace = (workspaceId: string | null): string | null =>
  workspaceId !== null && uuidPattern.test(workspaceId) ? workspaceId.toLowerCase() : workspaceId

/** Fills the optional fields a seeded credential left out, as a newer server would have set them. */
const complete = (key: ByokKey): CompleteByokKey => ({
  ...key,
  workspaceId: normalizedWorkspace(key.workspaceId),
  name: key.name ?? null,
  declaredZdr: key.declaredZdr ?? null,
  isByokOnly: key.isByokOnly ?? false,
  isRequired: key.isRequired ?? false,
  declaredRegion: key.declaredRegion ?? null
})

/** Seeded credentials never had a raw key given through the store; they hold a placeholder. */
const seededProviderKey = "seeded-credential"

const knownProviders: ReadonlySet<string> = new Set(knownProviderSlugs)

/**
 * The credentials of one account, with the API's rules: paging and filters, the default
 * workspace, known providers, and what create, update and delete do.
 *
 * A seeded credential that is not a `ByokKey`, two that share an id, or a default workspace
 * that is not a UUID is a bug of the test's setup: the constructor throws a `TypeError` naming
 * it, rather than the server answering 500 or a listing no request can reach.
 */
export class CredentialStore {
  private credentials: Array<CompleteByokKey>
  /** Raw provider keys by credential id, kept apart so that no credential ever carries one. */
  private readonly providerKeys = new Map<string, string>()
  private readonly defaultWorkspace: string | null
  private readonly seededProviders: ReadonlySet<string>
  private readonly random: SeededRandom
  private readonly now: () => number

  constructor(options: CredentialStoreOptions = {}) {
    const workspace = options.defaultWorkspaceId === undefined ? defaultWorkspaceId : options.defaultWorkspaceId
    if (workspace !== null && (typeof workspace !== "string" || !uuidPattern.test(workspace))) {
      throw new TypeError(`defaultWorkspaceId must be a UUID or null, not "${workspace}"`)
    }
    this.defaultWorkspace = workspace?.toLowerCase() ?? null
    const seeded = options.keys ?? []
    for (const [index, key] of seeded.entries()) {
      const problem = credentialProblem(key)
      if (problem !== undefined) {
        const id = typeof key?.id === "string" ? ` (id ${key.id})` : ""
        throw new TypeError(`seeded credential ${index}${id} is not a ByokKey: ${problem}`)
      }
    }
    this.credentials = seeded.map(complete)
    const ids = new Set<string>()
    for (const key of this.credentials) {
      if (ids.has(key.id)) throw new TypeError(`two seeded credentials share the id ${key.id}`)
      ids.add(key.id)
    }
    // A server that lists a credential of some provider knows that provider, even one newer than this package.
    this.seededProviders = new Set(this.credentials.map((key) => key.provider))
    this.random = new SeededRandom(options.seed ?? 1)
    this.now = options.now ?? Date.now
  }

  /** Whether the server accepts this provider slug in a filter or a new credential. */
  knowsProvider(slug: string): boolean {
    return knownProviders.has(slug) || this.seededProviders.has(slug)
  }

  /** Every credential, in listing order. */
  keys(): ReadonlyArray<CompleteByokKey> {
    return [...this.credentials]
  }

  /** The raw provider key a credential was created or last rotated with (seeded credentials hold a placeholder). */
  providerKeyOf(id: string): string | undefined {
    if (!this.credentials.some((key) => key.id === id)) return undefined
    return this.providerKeys.get(id) ?? seededProviderKey
  }

  list(query: ListQuery): StoreResult<ListResult, 400> {
    if (query.provider !== undefined && !this.knowsProvider(query.provider)) {
      return refused(this.unknownProvider(query.provider))
    }
    const workspace = this.resolveWorkspace(query.workspaceId)
    if (!workspace.ok) return workspace
    // A global credential (workspace_id null) is usable in every workspace, so every workspace lists it.
    const matching = this.credentials.filter((key) =>
      (key.workspaceId === workspace.value || key.workspaceId === null) &&
      (query.provider === undefined || key.provider === query.provider)
    )
    return accepted({ data: matching.slice(query.offset, query.offset + query.limit), totalCount: matching.length })
  }

  get(id: string): StoreResult<CompleteByokKey, 404> {
    const found = this.credentials.find((key) => key.id === id)
    return found === undefined ? refused(notFound) : accepted(found)
  }

  create(input: NewCredential): StoreResult<CompleteByokKey, 400> {
    if (!this.knowsProvider(input.provider)) return refused(this.unknownProvider(input.provider))
    if (input.isFallback === true && input.isByokOnly === true) return refused(badRequest(fallbackWithByokOnly))
    const workspace = this.resolveWorkspace(input.workspaceId)
    if (!workspace.ok) return workspace
    const sameProvider = this.credentials.filter((key) =>
      key.provider === input.provider && key.workspaceId === workspace.value
    )
    const key: CompleteByokKey = {
      id: this.random.uuid(),
      provider: input.provider,
      label: maskedLabel(input.key),
      name: input.name ?? null,
      disabled: input.disabled ?? false,
      workspaceId: workspace.value,
      isFallback: input.isFallback ?? false,
      allowedModels: input.allowedModels ?? null,
      allowedApiKeyHashes: input.allowedApiKeyHashes ?? null,
      allowedUserIds: input.allowedUserIds ?? null,
      sortOrder: sameProvider.reduce((next, { sortOrder }) => Math.max(next, sortOrder + 1), 0),
      createdAt: isoSeconds(this.now()),
      declaredZdr: input.declaredZdr ?? null,
      isByokOnly: input.isByokOnly ?? false,
      isRequired: input.isRequired ?? false,
      declaredRegion: input.declaredRegion ?? null
    }
    this.credentials = [...this.credentials, key]
    this.providerKeys.set(key.id, input.key)
    return accepted(key)
  }

  update(id: string, patch: CredentialPatch): StoreResult<CompleteByokKey, 400 | 404> {
    const current = this.get(id)
    if (!current.ok) return current
    const { key: rotated, ...fields } = patch
    const changed = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
    const key: CompleteByokKey = {
      ...current.value,
      ...changed,
      ...(rotated === undefined ? {} : { label: maskedLabel(rotated) })
    }
    if (key.isFallback && key.isByokOnly) return refused(badRequest(fallbackWithByokOnly))
    this.credentials = this.credentials.map((stored) => stored.id === id ? key : stored)
    if (rotated !== undefined) this.providerKeys.set(id, rotated)
    return accepted(key)
  }

  delete(id: string): StoreResult<void, 404> {
    const current = this.get(id)
    if (!current.ok) return current
    this.credentials = this.credentials.filter((key) => key.id !== id)
    this.providerKeys.delete(id)
    return accepted(undefined)
  }

  private resolveWorkspace(workspaceId: string | undefined): StoreResult<string, 400> {
    if (workspaceId !== undefined) {
      // UUIDs are compared without regard to case, and the server keeps them in lowercase.
      return uuidPattern.test(workspaceId)
        ? accepted(workspaceId.toLowerCase())
        : refused(badRequest("workspace_id must be a UUID"))
    }
    return this.defaultWorkspace === null
      ? refused(badRequest("the default workspace was deleted; pass workspace_id explicitly"))
      : accepted(this.defaultWorkspace)
  }

  private unknownProvider(slug: string): Rejection<400> {
    return badRequest(`provider: unknown provider slug ${JSON.stringify(slug)}`)
  }
}
