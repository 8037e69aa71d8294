/**
 * The BYOK credential and every JSON shape the BYOK API speaks.
 *
 * This module is the one place for the wire format: each Schema here decodes the API's
 * snake_case JSON into the camelCase domain types the rest of the library (and its users)
 * see, and encodes request bodies back. The client, the in-memory test layer and the mock
 * server all use these same Schemas.
 *
 * @since 0.1.0
 */
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import {
  byokKeyWireNames,
  knownProviderSlugs as coreProviderSlugs,
  listWireNames,
  maxPageSize as coreMaxPageSize,
  writableWireNames
} from "openrouter-byok-core"

// ---------------------------------------------------------------------------------------------
// Provider slugs
// ---------------------------------------------------------------------------------------------

/**
 * The provider slugs the API documented when this version was released (the contract's
 * `BYOKProviderSlug` enum, as of the official SDK 1.3.19).
 *
 * @since 0.1.0
 * @category provider
 */
export const knownProviderSlugs = coreProviderSlugs

/**
 * A provider slug this version of the library knows about.
 *
 * @since 0.1.0
 * @category provider
 */
export type KnownProviderSlug = typeof knownProviderSlugs[number]

/**
 * The upstream provider a credential authenticates against. An open enum: the known slugs
 * autocomplete, and any other string (a provider added after this release) is still accepted.
 *
 * @since 0.1.0
 * @category provider
 */
export type ProviderSlug = KnownProviderSlug | (string & {})

/**
 * Decodes any string: new providers appear every month and must never break decoding.
 *
 * @since 0.1.0
 * @category provider
 */
export const ProviderSlug: Schema.Schema<ProviderSlug> = Schema.String.annotations({
  identifier: "ProviderSlug",
  description: "The upstream provider slug (e.g. openai, anthropic, amazon-bedrock); unknown slugs are accepted"
})

const knownProviderSlugSet: ReadonlySet<string> = new Set(knownProviderSlugs)

/**
 * Whether a slug is one this version of the library knows about.
 *
 * @since 0.1.0
 * @category provider
 */
export const isKnownProviderSlug = (slug: string): slug is KnownProviderSlug => knownProviderSlugSet.has(slug)

// ---------------------------------------------------------------------------------------------
// Declared regions
// ---------------------------------------------------------------------------------------------

/**
 * The data regions the API documented when this version was released.
 *
 * @since 0.1.0
 * @category region
 */
export const knownDeclaredRegions = ["global", "europe", "us"] as const

/**
 * A declared region this version of the library knows about.
 *
 * @since 0.1.0
 * @category region
 */
export type KnownDeclaredRegion = typeof knownDeclaredRegions[number]

/**
 * The region in which the upstream provider account behind a credential processes requests,
 * as its owner declared it (OpenRouter does not verify it). `europe` or `us` lets requests to
 * OpenRouter's regional hosts use the credential; `global` behaves like no declaration. An open
 * enum: the known regions autocomplete, and any other string (a region added after this
 * release) is still accepted.
 *
 * @since 0.1.0
 * @category region
 */
export type DeclaredRegion = KnownDeclaredRegion | (string & {})

const knownDeclaredRegionSet: ReadonlySet<string> = new Set(knownDeclaredRegions)

/**
 * Whether a region is one this version of the library knows about.
 *
 * @since 0.1.0
 * @category region
 */
export const isKnownDeclaredRegion = (region: string): region is KnownDeclaredRegion =>
  knownDeclaredRegionSet.has(region)

/**
 * Decodes any string: regions may be added later and must never break decoding.
 *
 * @since 0.1.0
 * @category region
 */
export const DeclaredRegion: Schema.Schema<DeclaredRegion> = Schema.String.annotations({
  identifier: "DeclaredRegion",
  description: "The declared data region of the upstream account (global, europe, us); unknown regions are accepted"
})

// ---------------------------------------------------------------------------------------------
// The credential
// ---------------------------------------------------------------------------------------------

const Allowlist = Schema.NullOr(Schema.Array(Schema.String))

/**
 * A BYOK provider credential as the API returns it. The raw provider key is never returned;
 * `label` is its masked snippet.
 *
 * Every property the contract requires is required here, so a body that lacks one is a
 * `DecodeError` naming it. `name` is optional, and the fields only newer servers send
 * (`declaredZdr`, `isByokOnly`, `isRequired`, `declaredRegion`) are optional too. Unknown
 * fields are ignored.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ByokKey = Schema.Struct({
  /** Stable public identifier (a UUID). */
  id: Schema.String,
  /** The upstream provider. */
  provider: ProviderSlug,
  /** Short masked snippet of the key, e.g. `sk-...AbCd`. */
  label: Schema.String,
  /** Optional human-readable name. */
  name: Schema.optional(Schema.NullOr(Schema.String)),
  /** Whether the credential is currently disabled. */
  disabled: Schema.Boolean,
  /** The workspace the credential is scoped to, or `null` when it is global (not "the default workspace"). */
  workspaceId: Schema.propertySignature(Schema.NullOr(Schema.String)).pipe(
    Schema.fromKey(byokKeyWireNames.workspaceId)
  ),
  /** A fallback credential is used only after the non-fallback keys of the same provider were tried. */
  isFallback: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey(byokKeyWireNames.isFallback)),
  /** Model slugs this credential may be used for; `null` means no restriction. */
  allowedModels: Schema.propertySignature(Allowlist).pipe(Schema.fromKey(byokKeyWireNames.allowedModels)),
  /** OpenRouter API key hashes that may use this credential; `null` means no restriction. */
  allowedApiKeyHashes: Schema.propertySignature(Allowlist).pipe(Schema.fromKey(byokKeyWireNames.allowedApiKeyHashes)),
  /** User ids that may use this credential; `null` means no restriction. */
  allowedUserIds: Schema.propertySignature(Allowlist).pipe(Schema.fromKey(byokKeyWireNames.allowedUserIds)),
  /** Position within the provider: credentials are tried in ascending order. */
  sortOrder: Schema.propertySignature(Schema.Int).pipe(Schema.fromKey(byokKeyWireNames.sortOrder)),
  /** ISO timestamp of when the credential was created. */
  createdAt: Schema.propertySignature(Schema.String).pipe(Schema.fromKey(byokKeyWireNames.createdAt)),
  /** Self-declared zero data retention of the upstream account; `null` inherits OpenRouter's policy. Newer servers only. */
  declaredZdr: Schema.optionalWith(Schema.NullOr(Schema.Boolean), { exact: true }).pipe(
    Schema.fromKey(byokKeyWireNames.declaredZdr)
  ),
  /** Whether OpenRouter's shared endpoints on this provider are removed for every model. Newer servers only. */
  isByokOnly: Schema.optionalWith(Schema.Boolean, { exact: true }).pipe(Schema.fromKey(byokKeyWireNames.isByokOnly)),
  /** Whether OpenRouter's shared endpoints are removed for the models this credential applies to. Newer servers only. */
  isRequired: Schema.optionalWith(Schema.Boolean, { exact: true }).pipe(Schema.fromKey(byokKeyWireNames.isRequired)),
  /** The declared data region of the upstream account; `null` means undeclared. Newer servers only. */
  declaredRegion: Schema.optionalWith(Schema.NullOr(DeclaredRegion), { exact: true }).pipe(
    Schema.fromKey(byokKeyWireNames.declaredRegion)
  )
}).annotations({ identifier: "ByokKey" })

/**
 * A BYOK credential, as decoded by the {@link ByokKey} Schema (camelCase fields).
 *
 * @since 0.1.0
 * @category models
 */
export interface ByokKey extends Schema.Schema.Type<typeof ByokKey> {}

/**
 * The JSON form of a {@link ByokKey} on the wire (snake_case).
 *
 * @since 0.1.0
 * @category models
 */
export interface ByokKeyJson extends Schema.Schema.Encoded<typeof ByokKey> {}

/**
 * One page of `list`: the credentials, the total matching the filters, and the `offset` and
 * `limit` the page was requested with.
 *
 * @since 0.1.0
 * @category models
 */
export interface ByokKeyPage {
  readonly data: ReadonlyArray<ByokKey>
  readonly totalCount: number
  readonly offset: number
  readonly limit: number
}

// ---------------------------------------------------------------------------------------------
// Response bodies
// ---------------------------------------------------------------------------------------------

/**
 * Body of `GET /byok`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListByokKeysResponse = Schema.Struct({
  data: Schema.Array(ByokKey),
  totalCount: Schema.propertySignature(Schema.NonNegativeInt).pipe(Schema.fromKey(listWireNames.totalCount))
}).annotations({ identifier: "ListByokKeysResponse" })

/**
 * Body of `GET`, `PATCH /byok/{id}` and `POST /byok`: the credential under `data`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ByokKeyResponse = Schema.Struct({ data: ByokKey }).annotations({ identifier: "ByokKeyResponse" })

/**
 * Body of `DELETE /byok/{id}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeleteByokKeyResponse = Schema.Struct({ deleted: Schema.Literal(true) }).annotations({
  identifier: "DeleteByokKeyResponse"
})

/**
 * The `error` object of every non-2xx answer.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ApiErrorDetail = Schema.Struct({
  code: Schema.Int,
  message: Schema.String,
  metadata: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.Unknown })))
}).annotations({ identifier: "ApiErrorDetail" })

/**
 * Body of every non-2xx answer (`BadRequestResponse`, `UnauthorizedResponse`, ...).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ApiErrorResponse = Schema.Struct({
  error: ApiErrorDetail,
  openrouter_metadata: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.Unknown }))),
  user_id: Schema.optional(Schema.NullOr(Schema.String))
}).annotations({ identifier: "ApiErrorResponse" })

// ---------------------------------------------------------------------------------------------
// Request parameters and bodies
// ---------------------------------------------------------------------------------------------

/**
 * The most credentials one page can hold, and the page size `list` asks for by default.
 *
 * @since 0.1.0
 * @category pagination
 */
export const maxPageSize = coreMaxPageSize

/**
 * A string that survives URL encoding unchanged: no lone UTF-16 surrogates (which
 * `encodeURIComponent` rejects and `URLSearchParams` silently replaces).
 */
const WellFormedString = Schema.String.pipe(
  Schema.filter((s) => s.isWellFormed(), { message: () => "must be well-formed Unicode (no lone surrogates)" })
)

/**
 * A credential's id as a path parameter: 1 to 255 characters, well-formed, and not `.` or
 * `..` (which URL parsing would turn into a different path). It is percent-encoded, so
 * `../credits` stays inside `/byok/`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ByokKeyId = WellFormedString.pipe(
  Schema.minLength(1, { message: () => "id must be a non-empty string" }),
  Schema.maxLength(255, { message: () => "id must be at most 255 characters" }),
  Schema.filter((id) => id !== "." && id !== "..", { message: () => "id must not be \".\" or \"..\"" })
).annotations({ identifier: "ByokKeyId" })

/** A query parameter value: non-empty, at most 255 characters, well-formed. */
const QueryValue = WellFormedString.pipe(Schema.minLength(1), Schema.maxLength(255))

/**
 * Filters and paging for `list` / `listItems`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListParams = Schema.Struct({
  /** Scope to this workspace instead of the account's default workspace. */
  workspaceId: Schema.optional(QueryValue),
  /** Only credentials of this provider. */
  provider: Schema.optional(QueryValue as Schema.Schema<ProviderSlug>),
  /** Page size, 1 to 100 (default 100). */
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, maxPageSize))),
  /** Where to start (default 0). */
  offset: Schema.optional(Schema.NonNegativeInt),
  /**
   * How many page requests may be in flight at once (default 1). Above 1, the first page is
   * fetched alone to learn `totalCount`, then the rest concurrently, emitted in order.
   */
  concurrency: Schema.optional(Schema.Int.pipe(Schema.between(1, 64)))
}).annotations({ identifier: "ListParams" })

/**
 * Filters and paging of `list` / `listItems`: workspace, provider, page size, start offset
 * and how many pages may be requested at once.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams extends Schema.Schema.Type<typeof ListParams> {}

const apiKeyHashPattern = /^[a-f0-9]{64}$/

const LimitedStringList = Schema.Array(Schema.String).pipe(Schema.maxItems(100))

const ApiKeyHashes = Schema.Array(
  Schema.String.pipe(Schema.pattern(apiKeyHashPattern, { message: () => "must be 64 lowercase hex characters" }))
).pipe(Schema.minItems(1), Schema.maxItems(100))

const Name = Schema.NullOr(Schema.String.pipe(Schema.maxLength(255)))

/** The raw provider key: `Redacted` in memory, a plain string only inside the request body. */
const ProviderKey = Schema.Redacted(Schema.String.pipe(Schema.minLength(1)))

const fallbackExcludesByokOnly = (input: { readonly isFallback?: boolean; readonly isByokOnly?: boolean }) =>
  input.isFallback === true && input.isByokOnly === true
    ? "isFallback and isByokOnly cannot both be true (isByokOnly is only valid on non-fallback credentials)"
    : undefined

/** Fields that `create` and `update` share, with the same wire names and constraints. */
const writableFields = {
  name: Schema.optionalWith(Name, { exact: true }),
  disabled: Schema.optionalWith(Schema.Boolean, { exact: true }),
  isFallback: Schema.optionalWith(Schema.Boolean, { exact: true }).pipe(Schema.fromKey(writableWireNames.isFallback)),
  isByokOnly: Schema.optionalWith(Schema.Boolean, { exact: true }).pipe(Schema.fromKey(writableWireNames.isByokOnly)),
  isRequired: Schema.optionalWith(Schema.Boolean, { exact: true }).pipe(Schema.fromKey(writableWireNames.isRequired)),
  declaredZdr: Schema.optionalWith(Schema.NullOr(Schema.Boolean), { exact: true }).pipe(
    Schema.fromKey(writableWireNames.declaredZdr)
  ),
  declaredRegion: Schema.optionalWith(Schema.NullOr(QueryValue as Schema.Schema<DeclaredRegion>), { exact: true }).pipe(
    Schema.fromKey(writableWireNames.declaredRegion)
  ),
  allowedModels: Schema.optionalWith(Schema.NullOr(LimitedStringList), { exact: true }).pipe(
    Schema.fromKey(writableWireNames.allowedModels)
  ),
  allowedUserIds: Schema.optionalWith(Schema.NullOr(LimitedStringList), { exact: true }).pipe(
    Schema.fromKey(writableWireNames.allowedUserIds)
  ),
  allowedApiKeyHashes: Schema.optionalWith(Schema.NullOr(ApiKeyHashes), { exact: true }).pipe(
    Schema.fromKey(writableWireNames.allowedApiKeyHashes)
  )
}

/**
 * Input of `create`; encodes to the `CreateBYOKKeyRequest` body. Fields left out are not sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateByokKeyInput = Schema.Struct({
  provider: QueryValue as Schema.Schema<ProviderSlug>,
  /** The raw provider API key, write-only: it is never returned by the API. */
  key: ProviderKey,
  workspaceId: Schema.optionalWith(QueryValue, { exact: true }).pipe(Schema.fromKey(writableWireNames.workspaceId)),
  ...writableFields
}).pipe(Schema.filter(fallbackExcludesByokOnly)).annotations({ identifier: "CreateByokKeyInput" })

/**
 * What `create` takes: the provider, the raw key as a `Redacted`, and the optional settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateByokKeyInput extends Schema.Schema.Type<typeof CreateByokKeyInput> {}

/**
 * A patch for `update`; encodes to the `UpdateBYOKKeyRequest` body. An absent field is left
 * as it is on the server; `null` clears an allowlist, the name, `declaredZdr` or
 * `declaredRegion`. `key` rotates the credential in place.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateByokKeyPatch = Schema.Struct({
  key: Schema.optionalWith(ProviderKey, { exact: true }),
  ...writableFields
}).pipe(Schema.filter(fallbackExcludesByokOnly)).annotations({ identifier: "UpdateByokKeyPatch" })

/**
 * What `update` takes: only the fields to change; `null` clears, an absent field stays.
 *
 * @since 0.1.0
 * @category models
 */
export interface UpdateByokKeyPatch extends Schema.Schema.Type<typeof UpdateByokKeyPatch> {}

/**
 * Builds the `Redacted` a provider key travels in.
 *
 * @since 0.1.0
 * @category constructors
 */
export const providerKey = (raw: string): Redacted.Redacted<string> => Redacted.make(raw)
