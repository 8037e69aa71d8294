/**
 * The BYOK credential's wire format, written down a second time, independently of either
 * edition's Schemas, from the API document: which fields a credential has, which are required,
 * and which JSON values each accepts. The decoding fuzz generates valid credentials and their
 * mutations from it, and predicts from it whether the client must decode a body or refuse it.
 */
import * as fc from "fast-check"
import { knownProviderSlugs } from "openrouter-byok-core"

type JsonValue = null | boolean | number | string | ReadonlyArray<JsonValue> | { readonly [key: string]: JsonValue }

export type WireKey = Record<string, JsonValue>

type JsonType = "string" | "null" | "boolean" | "integer" | "stringList"

export interface Field {
  readonly name: string
  readonly required: boolean
  readonly types: ReadonlyArray<JsonType>
}

export const fields: ReadonlyArray<Field> = [
  { name: "id", required: true, types: ["string"] },
  { name: "provider", required: true, types: ["string"] },
  { name: "label", required: true, types: ["string"] },
  { name: "name", required: false, types: ["string", "null"] },
  { name: "disabled", required: true, types: ["boolean"] },
  { name: "workspace_id", required: true, types: ["string", "null"] },
  { name: "is_fallback", required: true, types: ["boolean"] },
  { name: "allowed_models", required: true, types: ["stringList", "null"] },
  { name: "allowed_api_key_hashes", required: true, types: ["stringList", "null"] },
  { name: "allowed_user_ids", required: true, types: ["stringList", "null"] },
  { name: "sort_order", required: true, types: ["integer"] },
  { name: "created_at", required: true, types: ["string"] },
  { name: "declared_zdr", required: false, types: ["boolean", "null"] },
  { name: "is_byok_only", required: false, types: ["boolean"] },
  { name: "is_required", required: false, types: ["boolean"] },
  { name: "declared_region", required: false, types: ["string", "null"] }
]

const fieldNames: ReadonlySet<string> = new Set(fields.map((field) => field.name))

const hasType = (value: JsonValue, type: JsonType): boolean => {
  switch (type) {
    case "string":
      return typeof value === "string"
    case "null":
      return value === null
    case "boolean":
      return typeof value === "boolean"
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value)
    case "stringList":
      return Array.isArray(value) && value.every((item) => typeof item === "string")
  }
}

/** Whether `value` is a value `field` accepts. */
export const accepts = (field: Field, value: JsonValue): boolean => field.types.some((type) => hasType(value, type))

/** Graphemes of more than one code point: emoji sequences, flags, combining marks, and a character outside the BMP. */
const composites = fc.constantFrom("👩‍👩‍👧", "🇫🇷", "e\u0301", "ñ", "🔑", "𝔸", "\u200d", "\ufeff")

/** Strings of every kind: ASCII, any code point, and composite graphemes. */
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.oneof(composites, fc.string({ minLength: 1, maxLength: 1 })) })
)

/** Large strings, built in one piece (generating them character by character would be slow). */
export const hugeString = fc.tuple(
  fc.constantFrom("x", "é", "🔑", "\\", "\""),
  fc.integer({ min: 10_000, max: 200_000 })
).map(
  ([unit, count]) => unit.repeat(count)
)

/** Provider slugs: the known ones, and any other string (a provider added after this release). */
export const providerSlug = fc.oneof(fc.constantFrom(...knownProviderSlugs), anyString)

const valueOf = (type: JsonType): fc.Arbitrary<JsonValue> => {
  switch (type) {
    case "string":
      return fc.oneof({ weight: 99, arbitrary: anyString }, { weight: 1, arbitrary: hugeString })
    case "null":
      return fc.constant(null)
    case "boolean":
      return fc.boolean()
    case "integer":
      return fc.oneof(fc.integer(), fc.maxSafeInteger())
    case "stringList":
      return fc.array(anyString, { maxLength: 5 })
  }
}

/** A valid credential in its wire form: every required field, any of the optional ones. */
export const wireKey: fc.Arbitrary<WireKey> = fc.record(
  Object.fromEntries(fields.map((field) => [
    field.name,
    field.name === "provider" ? providerSlug : fc.oneof(...field.types.map(valueOf))
  ])),
  { requiredKeys: fields.filter((field) => field.required).map((field) => field.name) }
) as fc.Arbitrary<WireKey>

/** Field names the API does not have (yet). */
export const unknownFieldName = fc.string({ minLength: 1, maxLength: 20 }).filter((name) =>
  !fieldNames.has(name) && name !== "__proto__"
)

/** A valid credential with some fields the API may add later. */
export const wireKeyWithUnknownFields = fc.tuple(
  wireKey,
  fc.dictionary(unknownFieldName, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
)

/** Values to put where a field is expected: anything JSON, and the usual suspects. */
export const anyValue: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue> },
  {
    weight: 4,
    arbitrary: fc.constantFrom<JsonValue>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      2 ** 53,
      -(2 ** 53),
      1e300,
      "",
      "null",
      [],
      {},
      ["a"],
      [1],
      [null],
      { data: [] }
    )
  },
  { weight: 1, arbitrary: hugeString }
)

/** One change to a valid credential, and whether the credential stays valid. */
export type Mutation =
  | { readonly _tag: "Remove"; readonly field: Field }
  | { readonly _tag: "Replace"; readonly field: Field; readonly value: JsonValue }
  | { readonly _tag: "AddUnknown"; readonly name: string; readonly value: JsonValue }

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...fields).map((field): Mutation => ({ _tag: "Remove", field })),
  fc.tuple(fc.constantFrom(...fields), anyValue).map(([field, value]): Mutation => ({ _tag: "Replace", field, value })),
  fc.tuple(fc.constantFrom(...fields.filter((field) => field.types.includes("null")))).map(([field]): Mutation => ({
    _tag: "Replace",
    field,
    value: null
  })),
  fc.tuple(fc.constantFrom(...fields.filter((field) => !field.types.includes("null")))).map(([field]): Mutation => ({
    _tag: "Replace",
    field,
    value: null
  })),
  providerSlug.map((slug): Mutation => ({ _tag: "Replace", field: fields[1]!, value: slug })),
  fc.tuple(unknownFieldName, anyValue).map(([name, value]): Mutation => ({ _tag: "AddUnknown", name, value }))
)

export const apply = (key: WireKey, change: Mutation): WireKey => {
  switch (change._tag) {
    case "Remove": {
      const { [change.field.name]: _removed, ...rest } = key
      return rest
    }
    case "Replace":
      return { ...key, [change.field.name]: change.value }
    case "AddUnknown":
      return { ...key, [change.name]: change.value }
  }
}

/** The field a mutation breaks, or `undefined` when the credential stays valid. */
export const breaks = (change: Mutation): string | undefined => {
  switch (change._tag) {
    case "Remove":
      return change.field.required ? change.field.name : undefined
    case "Replace":
      return accepts(change.field, change.value) ? undefined : change.field.name
    case "AddUnknown":
      return undefined
  }
}

/** The credential without the fields the API does not have. */
export const knownFieldsOf = (key: Record<string, unknown>): WireKey =>
  Object.fromEntries(Object.entries(key).filter(([name]) => fieldNames.has(name))) as WireKey
