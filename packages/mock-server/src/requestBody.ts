import { writableWireNames } from "openrouter-byok-core"
import { badRequest, type CredentialPatch, type NewCredential, type StoreResult } from "./credentialStore.js"

// The bodies of `POST /byok` and `PATCH /byok/{id}`, checked as the API document declares them.
// Each check says what is wrong in a sentence that names the field as the JSON does; none
// quotes the value, so a raw provider key is never echoed.

/** What is wrong with one field, naming it, or `undefined` when it is fine. */
type FieldCheck = (name: string, value: unknown) => string | undefined

/** The longest string the API takes in a query parameter, a workspace id or a region. */
const maxTextLength = 255
/** The most entries an allowlist holds. */
const maxListItems = 100

const boundedText: FieldCheck = (name, value) =>
  typeof value !== "string" || value === ""
    ? `${name} must be a non-empty string`
    : value.length > maxTextLength
    ? `${name} must be at most ${maxTextLength} characters`
    : !value.isWellFormed()
    ? `${name} must be well-formed Unicode (no lone surrogates)`
    : undefined

const providerKey: FieldCheck = (name, value) =>
  typeof value === "string" && value !== "" ? undefined : `${name} must be a non-empty string`

const boolean: FieldCheck = (name, value) => typeof value === "boolean" ? undefined : `${name} must be true or false`

const name: FieldCheck = (field, value) =>
  typeof value === "string" && value.length <= maxTextLength
    ? undefined
    : `${field} must be a string of at most ${maxTextLength} characters`

const anyString: FieldCheck = (field, value) => typeof value === "string" ? undefined : `${field} must be a string`

const apiKeyHash: FieldCheck = (field, value) =>
  typeof value === "string" && /^[a-f0-9]{64}$/.test(value) ? undefined : `${field} must be 64 lowercase hex characters`

const orNull = (check: FieldCheck): FieldCheck => (field, value) => {
  if (value === null) return undefined
  const problem = check(field, value)
  return problem === undefined ? undefined : `${problem}, or null`
}

const list = (options: { readonly minItems: number; readonly item: FieldCheck }): FieldCheck => (field, value) => {
  if (!Array.isArray(value)) return `${field} must be an array`
  if (value.length < options.minItems) return `${field} must hold at least ${options.minItems} item`
  if (value.length > maxListItems) return `${field} must hold at most ${maxListItems} items`
  for (const [index, item] of value.entries()) {
    const problem = options.item(`${field}[${index}]`, item)
    if (problem !== undefined) return problem
  }
  return undefined
}

/** A field of a body: its name in the store, its name in the JSON, and its check. */
type FieldRule = readonly [field: string, wireName: string, check: FieldCheck]

/** The fields `create` and `update` share, in the API document's order. */
const writableFields: ReadonlyArray<FieldRule> = [
  ["name", "name", orNull(name)],
  ["disabled", "disabled", boolean],
  ["isFallback", writableWireNames.isFallback, boolean],
  ["isByokOnly", writableWireNames.isByokOnly, boolean],
  ["isRequired", writableWireNames.isRequired, boolean],
  ["declaredZdr", writableWireNames.declaredZdr, orNull(boolean)],
  ["declaredRegion", writableWireNames.declaredRegion, orNull(boundedText)],
  ["allowedModels", writableWireNames.allowedModels, orNull(list({ minItems: 0, item: anyString }))],
  ["allowedUserIds", writableWireNames.allowedUserIds, orNull(list({ minItems: 0, item: anyString }))],
  ["allowedApiKeyHashes", writableWireNames.allowedApiKeyHashes, orNull(list({ minItems: 1, item: apiKeyHash }))]
]

const createFields: ReadonlyArray<FieldRule> = [
  ["provider", "provider", boundedText],
  ["key", "key", providerKey],
  ["workspaceId", writableWireNames.workspaceId, boundedText],
  ...writableFields
]

const updateFields: ReadonlyArray<FieldRule> = [["key", "key", providerKey], ...writableFields]

const requiredOnCreate: ReadonlySet<string> = new Set(["provider", "key"])

/**
 * A JSON object body checked field by field and renamed to the store's names. Fields the API
 * does not declare are dropped, as the API ignores them.
 */
const readBody = (
  text: string,
  rules: ReadonlyArray<FieldRule>,
  required: ReadonlySet<string>
): StoreResult<Record<string, unknown>, 400> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, rejection: badRequest("the body is not valid JSON") }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, rejection: badRequest("the body must be a JSON object") }
  }
  const wire = json as Readonly<Record<string, unknown>>
  const fields: Record<string, unknown> = {}
  for (const [field, wireName, check] of rules) {
    if (!Object.hasOwn(wire, wireName)) {
      // Without its provider key, the API says what the key must be, as it does for a bad one.
      if (required.has(field)) return { ok: false, rejection: badRequest(check(wireName, undefined)!) }
      continue
    }
    const problem = check(wireName, wire[wireName])
    if (problem !== undefined) return { ok: false, rejection: badRequest(problem) }
    fields[field] = wire[wireName]
  }
  return { ok: true, value: fields }
}

/** The body of `POST /byok`, or the 400 it gets. */
export const readCreateBody = (text: string): StoreResult<NewCredential, 400> =>
  readBody(text, createFields, requiredOnCreate) as StoreResult<NewCredential, 400>

/** The body of `PATCH /byok/{id}`, or the 400 it gets. */
export const readUpdateBody = (text: string): StoreResult<CredentialPatch, 400> =>
  readBody(text, updateFields, new Set()) as StoreResult<CredentialPatch, 400>
