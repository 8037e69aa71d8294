/**
 * The BYOK credential and every JSON shape the BYOK API speaks.
 *
 * This module is the one place for the wire format: each Schema here decodes the API's
 * snake_case JSON into the camelCase domain types the rest of the library (and its users)
 * see, and encodes request bodies back. Field names are renamed once per struct with
 * `Schema.encodeKeys`, from the wire-name tables of `openrouter-byok-core`.
 *
 * @since 0.1.0
 */
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as SchemaJITCompiler from "effect/schema/SchemaJITCompiler"
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
 * `BYOKProviderSlug` enum).
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
export const ProviderSlug: Schema.Codec<ProviderSlug> = Schema.String.annotate({
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
 * as its owner declared it (OpenRouter does not verify it). An open enum: the known regions
 * autocomplete, and any other string (a region added after this release) is still accepted.
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
export const DeclaredRegion: Schema.Codec<DeclaredRegion> = Schema.String.annotate({
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
  workspaceId: Schema.NullOr(Schema.String),
  /** A fallback credential is used only after the non-fallback keys of the same provider were tried. */
  isFallback: Schema.Boolean,
  /** Model slugs this credential may be used for; `null` means no restriction. */
  allowedModels: Allowlist,
  /** OpenRouter API key hashes that may use this credential; `null` means no restriction. */
  allowedApiKeyHashes: Allowlist,
  /** User ids that may use this credential; `null` means no restriction. */
  allowedUserIds: Allowlist,
  /** Position within the provider: credentials are tried in ascending order. */
  sortOrder: Schema.Int,
  /** ISO timestamp of when the credential was created. */
  createdAt: Schema.String,
  /** Self-declared zero data retention of the upstream account; `null` inherits OpenRouter's policy. Newer servers only. */
  declaredZdr: Schema.optionalKey(Schema.NullOr(Schema.Boolean)),
  /** Whether OpenRouter's shared endpoints on this provider are removed for every model. Newer servers only. */
  isByokOnly: Schema.optionalKey(Schema.Boolean),
  /** Whether OpenRouter's shared endpoints are removed for the models this credential applies to. Newer servers only. */
  isRequired: Schema.optionalKey(Schema.Boolean),
  /** The declared data region of the upstream account; `null` means undeclared. Newer servers only. */
  declaredRegion: Schema.optionalKey(Schema.NullOr(DeclaredRegion))
}).pipe(Schema.encodeKeys(byokKeyWireNames)).annotate({ identifier: "ByokKey" })

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
export interface ByokKeyJson extends Schema.Codec.Encoded<typeof ByokKey> {}

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
  totalCount: Schema.Natural
}).pipe(Schema.encodeKeys(listWireNames)).annotate({ identifier: "ListByokKeysResponse" })

/**
 * Body of `GET`, `PATCH /byok/{id}` and `POST /byok`: the credential under `data`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ByokKeyResponse = Schema.Struct({ data: ByokKey }).annotate({ identifier: "ByokKeyResponse" })

/**
 * Body of `DELETE /byok/{id}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeleteByokKeyResponse = Schema.Struct({ deleted: Schema.Literal(true) }).annotate({
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
  metadata: Schema.optional(Schema.NullOr(Schema.Record(Schema.String, Schema.Unknown)))
}).annotate({ identifier: "ApiErrorDetail" })

/**
 * Body of every non-2xx answer (`BadRequestResponse`, `UnauthorizedResponse`, ...).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ApiErrorResponse = Schema.Struct({
  error: ApiErrorDetail,
  openrouter_metadata: Schema.optional(Schema.NullOr(Schema.Record(Schema.String, Schema.Unknown))),
  user_id: Schema.optional(Schema.NullOr(Schema.String))
}).annotate({ identifier: "ApiErrorResponse" })

// Every answer's body is decoded, so these decoders are compiled to JavaScript: a page of 100
// credentials decoded about 2.5 times faster than with the interpreter (Node 22, December 2026).
// Only these ASTs are affected, nothing else in the program; where `new Function` is not
// allowed, the interpreter stays in use. This must run before the first decode.
for (const schema of [ListByokKeysResponse, ByokKeyResponse, DeleteByokKeyResponse]) {
  SchemaJITCompiler.enable(schema.ast)
}

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
const WellFormedString = Schema.String.check(
  Schema.makeFilter((s: string) => s.isWellFormed(), {
    message: "must be well-formed Unicode (no lone surrogates)"
  })
)

/**
 * A credential's id as a path parameter: 1 to 255 characters, well-formed, and not `.` or
 * `..` (which URL parsing would turn into a different path). It is percent-encoded, so
 * `../credits` stays inside `/byok/`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ByokKeyId = WellFormedString.check(
  Schema.isMinLength(1, { message: "id must be a non-empty string" }),
  Schema.isMaxLength(255, { message: "id must be at most 255 characters" }),
  Schema.makeFilter((id: string) => id !== "." && id !== "..", { message: "id must not be \".\" or \"..\"" })
).annotate({ identifier: "ByokKeyId" })

/** A query parameter value: non-empty, at most 255 characters, well-formed. */
const QueryValue = WellFormedString.check(Schema.isMinLength(1), Schema.isMaxLength(255))

const ProviderSlugValue: Schema.Codec<ProviderSlug> = QueryValue
const DeclaredRegionValue: Schema.Codec<DeclaredRegion> = QueryValue

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
  provider: Schema.optional(ProviderSlugValue),
  /** Page size, 1 to 100 (default 100). */
  limit: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: maxPageSize }))),
  /** Where to start (default 0). */
  offset: Schema.optional(Schema.Natural),
  /**
   * How many page requests may be in flight at once (default 1). Above 1, the first page is
   * fetched alone to learn `totalCount`, then the rest concurrently, emitted in order.
   */
  concurrency: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 64 })))
}).annotate({ identifier: "ListParams" })

/**
 * Filters and paging of `list` / `listItems`: workspace, provider, page size, start offset
 * and how many pages may be requested at once.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams extends Schema.Schema.Type<typeof ListParams> {}

const apiKeyHashPattern = /^[a-f0-9]{64}$/

const LimitedStringList = Schema.Array(Schema.String).check(Schema.isMaxLength(100))

const ApiKeyHashes = Schema.Array(
  Schema.String.check(Schema.isPattern(apiKeyHashPattern, { message: "must be 64 lowercase hex characters" }))
).check(Schema.isMinLength(1), Schema.isMaxLength(100))

const Name = Schema.NullOr(Schema.String.check(Schema.isMaxLength(255)))

/** The raw provider key: `Redacted` in memory, a plain string only inside the request body. */
const ProviderKey = Schema.RedactedFromValue(Schema.String.check(Schema.isMinLength(1)))

const fallbackExcludesByokOnly = Schema.makeFilter(
  (input: { readonly isFallback?: boolean; readonly isByokOnly?: boolean }) =>
    input.isFallback === true && input.isByokOnly === true
      ? "isFallback and isByokOnly cannot both be true (isByokOnly is only valid on non-fallback credentials)"
      : undefined
)

/** Fields that `create` and `update` share, with the same constraints. */
const writableFields = {
  name: Schema.optionalKey(Name),
  disabled: Schema.optionalKey(Schema.Boolean),
  isFallback: Schema.optionalKey(Schema.Boolean),
  isByokOnly: Schema.optionalKey(Schema.Boolean),
  isRequired: Schema.optionalKey(Schema.Boolean),
  declaredZdr: Schema.optionalKey(Schema.NullOr(Schema.Boolean)),
  declaredRegion: Schema.optionalKey(Schema.NullOr(DeclaredRegionValue)),
  allowedModels: Schema.optionalKey(Schema.NullOr(LimitedStringList)),
  allowedUserIds: Schema.optionalKey(Schema.NullOr(LimitedStringList)),
  allowedApiKeyHashes: Schema.optionalKey(Schema.NullOr(ApiKeyHashes))
}

/**
 * Input of `create`; encodes to the `CreateBYOKKeyRequest` body. Fields left out are not sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateByokKeyInput = Schema.Struct({
  provider: ProviderSlugValue,
  /** The raw provider API key, write-only: it is never returned by the API. */
  key: ProviderKey,
  workspaceId: Schema.optionalKey(QueryValue),
  ...writableFields
}).check(fallbackExcludesByokOnly).pipe(Schema.encodeKeys(writableWireNames)).annotate({
  identifier: "CreateByokKeyInput"
})

/**
 * What `create` takes: the provider, the raw key as a `Redacted`, and the optional settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateByokKeyInput extends Schema.Schema.Type<typeof CreateByokKeyInput> {}

const { workspaceId: _workspaceId, ...patchWireNames } = writableWireNames

/**
 * A patch for `update`; encodes to the `UpdateBYOKKeyRequest` body. An absent field is left
 * as it is on the server; `null` clears an allowlist, the name, `declaredZdr` or
 * `declaredRegion`. `key` rotates the credential in place.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateByokKeyPatch = Schema.Struct({
  key: Schema.optionalKey(ProviderKey),
  ...writableFields
}).check(fallbackExcludesByokOnly).pipe(Schema.encodeKeys(patchWireNames)).annotate({
  identifier: "UpdateByokKeyPatch"
})

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
