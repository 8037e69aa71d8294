/**
 * Bad arguments, for every operation. Each is either refused with `InvalidRequest` before
 * anything is sent, or sent safely encoded: the server receives exactly the percent-encoded id
 * under `/api/v1/byok/`, or exactly the query parameters given, and nothing else (no other
 * path, no extra parameter).
 */
import { providerKeyMarker } from "../markers.js"
import { operations } from "../operations.js"
import { type Call, exactly, isSecret, type Scenario, secret, type Table } from "../scenario.js"
import { keyId } from "../wireFixtures.js"

const providerKey = secret(providerKeyMarker)

/** A server with no credential (every id is a 404), and a client that would retry twice. */
const refusedBeforeSending = (name: string, call: Call, operation: string): Scenario => ({
  name,
  client: { retries: 2 },
  call,
  expect: { outcome: { _tag: "Failure", error: { _tag: "InvalidRequest", operation } }, requests: 0 }
})

/** How a scenario names an argument: as JSON, or as JavaScript shows what JSON cannot. */
const shown = (value: unknown): string =>
  typeof value === "number" && !Number.isFinite(value) ? String(value) : JSON.stringify(value) ?? String(value)

const badIds: ReadonlyArray<unknown> = ["", ".", "..", "\ud800", "key-\udc00", "x".repeat(256), 123, undefined, null]

/** Ids that are strange but valid: each must reach the server as one percent-encoded path segment. */
const strangeIds: ReadonlyArray<string> = [
  "../credits",
  "../",
  "..%2F..%2Fcredits",
  "%2F",
  "%2e%2e",
  ".%2e",
  "...",
  "?",
  "#",
  "a/b",
  "a?limit=1#x",
  "\\..\\admin",
  " ",
  "\t\n",
  "\u0000",
  ";@&=+$,",
  "'\"<>`",
  "ключ",
  "🔑",
  "x".repeat(255)
]

const idOperations: ReadonlyArray<
  { readonly name: "get" | "update" | "delete"; readonly method: string; readonly call: (id: unknown) => Call }
> = [
  { name: "get", method: "GET", call: (id) => ({ operation: "get", id }) },
  { name: "update", method: "PATCH", call: (id) => ({ operation: "update", id, patch: { disabled: true } }) },
  { name: "delete", method: "DELETE", call: (id) => ({ operation: "delete", id }) }
]

const ids: ReadonlyArray<Scenario> = idOperations.flatMap(({ call, method, name }) => [
  ...badIds.map((id) =>
    refusedBeforeSending(`${name} refuses the id ${shown(id)} before sending`, call(id), `OpenRouterByok.${name}`)
  ),
  ...strangeIds.map((id): Scenario => ({
    name: `${name} sends the id ${shown(id)} as one encoded path segment`,
    client: { retries: 2 },
    call: call(id),
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "NotFound" } },
      requestLog: [{ method, path: `/api/v1/byok/${encodeURIComponent(id)}`, query: exactly({}) }]
    }
  }))
])

const badParams: ReadonlyArray<unknown> = [
  { limit: 0 },
  { limit: -1 },
  { limit: 101 },
  { limit: 1.5 },
  { limit: Number.NaN },
  { limit: Number.POSITIVE_INFINITY },
  { limit: "10" },
  { limit: null },
  { offset: -1 },
  { offset: 0.5 },
  { offset: Number.NaN },
  { offset: Number.NEGATIVE_INFINITY },
  { offset: 2 ** 53 },
  { offset: 1e21 },
  { concurrency: 0 },
  { concurrency: 65 },
  { concurrency: 2.5 },
  { workspaceId: "" },
  { workspaceId: "w".repeat(256) },
  { workspaceId: "\ud800" },
  { workspaceId: "ws-\udc00" },
  { workspaceId: 7 },
  { provider: "" },
  { provider: "p".repeat(256) },
  { provider: "\udbff" },
  "offset=0",
  42
]

const shownParams = (params: unknown): string =>
  typeof params === "object" && params !== null
    ? `{ ${Object.entries(params).map(([name, value]) => `${name}: ${shown(value)}`).join(", ")} }`
    : shown(params)

const strangeParams: ReadonlyArray<{ readonly workspaceId?: string; readonly provider?: string }> = [
  { workspaceId: "a&limit=5" },
  { workspaceId: "../../credits" },
  { workspaceId: "%2F%26" },
  { workspaceId: "?offset=9" },
  { workspaceId: "#fragment" },
  { workspaceId: "a+b c" },
  { workspaceId: "\u0000" },
  { provider: "ключ 🔑" },
  { provider: "x=y&offset=7" },
  { provider: "w".repeat(255), workspaceId: "v".repeat(255) }
]

const listParams: ReadonlyArray<Scenario> = [
  ...badParams.map((params) =>
    refusedBeforeSending(
      `list refuses the parameters ${shownParams(params)} before sending`,
      { operation: "list", params },
      "OpenRouterByok.list"
    )
  ),
  ...strangeParams.map((params): Scenario => ({
    name: `list sends the filters ${shownParams(params)} as exactly the given query parameters`,
    client: { retries: 2 },
    call: { operation: "list", params },
    expect: {
      // The API takes neither a workspace id that is not a UUID nor a provider it does not know.
      outcome: { _tag: "Failure", error: { _tag: "BadRequest" } },
      requestLog: [{
        method: "GET",
        path: "/api/v1/byok",
        query: exactly({
          offset: "0",
          limit: "100",
          ...(params.workspaceId === undefined ? {} : { workspace_id: params.workspaceId }),
          ...(params.provider === undefined ? {} : { provider: params.provider })
        })
      }]
    }
  }))
]

const apiKeyHash = (digit: string): string => digit.repeat(64)
const hashes = (count: number) =>
  Array.from({ length: count }, (_, index) => apiKeyHash("abcdef0123456789"[index % 16]!))

/** Bad fields, each added to an otherwise valid input. */
const badFields: ReadonlyArray<Record<string, unknown>> = [
  { name: "n".repeat(256) },
  { name: 42 },
  { disabled: "yes" },
  { isFallback: 1 },
  { isFallback: true, isByokOnly: true },
  { declaredZdr: "true" },
  { allowedModels: Array.from({ length: 101 }, (_, index) => `model-${index}`) },
  { allowedModels: [1] },
  { allowedModels: "openai/gpt-4o" },
  { allowedUserIds: Array.from({ length: 101 }, (_, index) => `user-${index}`) },
  { allowedApiKeyHashes: [] },
  { allowedApiKeyHashes: ["not-a-hash"] },
  { allowedApiKeyHashes: ["A".repeat(64)] },
  { allowedApiKeyHashes: hashes(101) },
  { key: secret("") },
  { key: "sk-plain-string-key" },
  { key: secret(12345) }
]

const badCreateFields: ReadonlyArray<Record<string, unknown>> = [
  ...badFields,
  { provider: "" },
  { provider: "\ud800" },
  { provider: "p".repeat(256) },
  { provider: undefined },
  { key: undefined },
  { workspaceId: "" },
  { workspaceId: "\udfff" }
]

/** A field as a scenario names it: short, and a secret as `Redacted(...)`. */
const shownFields = (fields: Record<string, unknown>): string =>
  `{ ${
    Object.entries(fields).map(([name, value]) => {
      const text = isSecret(value) ? `Redacted(${shown(value.value)})` : shown(value)
      return `${name}: ${text.length > 40 ? `${text.slice(0, 40)}... (${text.length} characters)` : text}`
    }).join(", ")
  } }`

const inputs: ReadonlyArray<Scenario> = [
  ...badCreateFields.map((fields) =>
    refusedBeforeSending(
      `create refuses an input with ${shownFields(fields)} before sending`,
      { operation: "create", input: { provider: "openai", key: providerKey, ...fields } },
      "OpenRouterByok.create"
    )
  ),
  ...[null, undefined, [], "openai", 0].map((input) =>
    refusedBeforeSending(
      `create refuses the input ${shown(input)} before sending`,
      { operation: "create", input },
      "OpenRouterByok.create"
    )
  ),
  ...badFields.map((fields) =>
    refusedBeforeSending(
      `update refuses a patch with ${shownFields(fields)} before sending`,
      { operation: "update", id: keyId(1), patch: fields },
      "OpenRouterByok.update"
    )
  ),
  ...[null, [], "disabled", 0].map((patch) =>
    refusedBeforeSending(
      `update refuses the patch ${shown(patch)} before sending`,
      { operation: "update", id: keyId(1), patch },
      "OpenRouterByok.update"
    )
  )
]

const badTimeouts: ReadonlyArray<unknown> = ["thirty seconds", 0, -5, Number.NaN, "0 millis", {}]

const options: ReadonlyArray<Scenario> = operations.flatMap((operation) =>
  badTimeouts.map((requestTimeout): Scenario => ({
    name: `${operation.name} refuses the requestTimeout ${shown(requestTimeout)} before sending`,
    client: { requestTimeout },
    call: operation.call,
    expect: {
      outcome: {
        _tag: "Failure",
        error: {
          _tag: "InvalidRequest",
          operation: operation.reportedAs,
          reason: "requestTimeout must be a positive duration"
        }
      },
      requests: 0
    }
  }))
)

export const badInput: Table = {
  name: "bad input",
  about: "Every bad argument is refused with InvalidRequest before anything is sent; every strange but valid " +
    "one reaches the server exactly as given, percent-encoded, and nothing else does.",
  scenarios: [...ids, ...listParams, ...inputs, ...options]
}
