import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { byokKeyWireNames, listWireNames, renameFromWire } from "openrouter-byok-core"
import { type ByokKey, type ByokKeyJson, ByokKeyResponse, ListByokKeysResponse } from "../ByokKey.js"

// Decoding a page of credentials with the `ByokKey` Schema cost more CPU than the rest of the
// page's work together, which missed the CPU-bound goal against the official SDK
// (docs/PERFORMANCE.md, goal 2). So a success body goes first through a plain
// check written to accept only what the Schema accepts, and is then renamed, which is all the
// Schema would do to it; any body the check does not accept is decoded by the Schema, so every
// `ParseError` is the Schema's own. test/internal/wireDecoding.test.ts holds the two equal.

type Json = Readonly<Record<string, unknown>>

/** `Schema.Struct`'s own test: an object, not an array. */
const isStruct = (json: unknown): json is Json => typeof json === "object" && json !== null && !Array.isArray(json)

const isString = (json: unknown): json is string => typeof json === "string"
const isBoolean = (json: unknown): json is boolean => typeof json === "boolean"
const isNullOrString = (json: unknown) => json === null || isString(json)
const isNullOrBoolean = (json: unknown) => json === null || isBoolean(json)
const isAllowlist = (json: unknown) => json === null || (Array.isArray(json) && json.every(isString))

/** A required field: the object's own (an inherited one is left to the Schema), with an accepted value. */
const has = (json: Json, name: string, accepts: (value: unknown) => boolean) =>
  Object.hasOwn(json, name) && accepts(json[name])

/** An optional field, as Schema reads one: absent, or present with an accepted value. */
const isAbsentOr = (json: Json, name: string, accepts: (value: unknown) => boolean) =>
  !Object.hasOwn(json, name) || accepts(json[name])

const isSafeInteger = (json: unknown) => Number.isSafeInteger(json)

/**
 * Whether the `ByokKey` Schema accepts `json`, for the credentials every server sends (an
 * optional field present as `undefined`, which JSON cannot carry, is left to the Schema).
 *
 * @internal
 */
export const isWireKey = (json: unknown): json is ByokKeyJson =>
  isStruct(json) &&
  has(json, "id", isString) &&
  has(json, "provider", isString) &&
  has(json, "label", isString) &&
  isAbsentOr(json, "name", isNullOrString) &&
  has(json, "disabled", isBoolean) &&
  has(json, "workspace_id", isNullOrString) &&
  has(json, "is_fallback", isBoolean) &&
  has(json, "allowed_models", isAllowlist) &&
  has(json, "allowed_api_key_hashes", isAllowlist) &&
  has(json, "allowed_user_ids", isAllowlist) &&
  has(json, "sort_order", isSafeInteger) &&
  has(json, "created_at", isString) &&
  isAbsentOr(json, "declared_zdr", isNullOrBoolean) &&
  isAbsentOr(json, "is_byok_only", isBoolean) &&
  isAbsentOr(json, "is_required", isBoolean) &&
  isAbsentOr(json, "declared_region", isNullOrString)

/** @internal */
export const byokKeyFromWire = (wire: ByokKeyJson): ByokKey =>
  // Every value is already what the Schema would give: only the names change. The allowlists
  // stay the parsed body's own arrays (the Schema would copy them), which nothing else holds.
  renameFromWire(wire, byokKeyWireNames) as unknown as ByokKey

type Decoder<A> = (body: unknown) => Either.Either<A, ParseResult.ParseError>

const checkedThenSchema = <A, I>(schema: Schema.Schema<A, I>, decodeChecked: (body: unknown) => A | undefined) => {
  const decode = Schema.decodeUnknownEither(schema)
  return (body: unknown): Either.Either<A, ParseResult.ParseError> => {
    const decoded = decodeChecked(body)
    return decoded === undefined ? decode(body) : Either.right(decoded)
  }
}

type ListPage = Schema.Schema.Type<typeof ListByokKeysResponse>

const isCredentialList = (json: unknown): json is ReadonlyArray<ByokKeyJson> =>
  Array.isArray(json) && json.every(isWireKey)

const isTotalCount = (json: unknown): json is number => Number.isSafeInteger(json) && (json as number) >= 0

/** Decodes the body of `GET /byok` as `ListByokKeysResponse` does. @internal */
export const decodeList: Decoder<ListPage> = checkedThenSchema(
  ListByokKeysResponse,
  (body): ListPage | undefined =>
    isStruct(body) && has(body, listWireNames.data, isCredentialList) &&
      has(body, listWireNames.totalCount, isTotalCount)
      ? {
        data: (body[listWireNames.data] as ReadonlyArray<ByokKeyJson>).map(byokKeyFromWire),
        totalCount: body[listWireNames.totalCount] as number
      }
      : undefined
)

/** Decodes a body with the credential under `data`, as `ByokKeyResponse` does. @internal */
export const decodeKeyResponse: Decoder<Schema.Schema.Type<typeof ByokKeyResponse>> = checkedThenSchema(
  ByokKeyResponse,
  (body) =>
    isStruct(body) && has(body, "data", isWireKey) ? { data: byokKeyFromWire(body.data as ByokKeyJson) } : undefined
)
