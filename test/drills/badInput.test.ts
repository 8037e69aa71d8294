/**
 * Drill: bad arguments, for every operation. Each is either refused with `InvalidRequest`
 * before anything is sent, or sent safely encoded: the server receives exactly the
 * percent-encoded id under `/api/v1/byok/`, or exactly the query parameters given, and nothing
 * else (no other path, no extra parameter, no fragment).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type { ByokKey, OpenRouterByok } from "effect-openrouter-byok"
import { loopback } from "../support/clients.js"
import { apiKeyHash, errorBody, keyId, providerKey } from "../support/fixtures.js"
import { failureOf } from "../support/observe.js"
import { apiPath, Reply } from "../support/TestServer.js"

type Call = (byok: OpenRouterByok.Service) => Effect.Effect<unknown, { readonly _tag: string }>

/** Runs `call` against a server that answers 404 to everything, and returns what the server received. */
const send = (call: Call) =>
  Effect.gen(function*() {
    const { byok, server } = yield* loopback()
    server.replies(Reply.json(404, errorBody(404, "Resource not found")))
    const exit = yield* Effect.exit(call(byok))
    return { exit, requests: server.requests }
  })

const refusedBeforeSending = (call: Call, operation: string) =>
  Effect.gen(function*() {
    const { exit, requests } = yield* send(call)
    expect(failureOf(exit)).toMatchObject({ _tag: "InvalidRequest", operation: `OpenRouterByok.${operation}` })
    expect(requests).toHaveLength(0)
  })

/** Arguments the types forbid but JavaScript callers (or `as any`) can still pass. */
const unsafe = <A>(value: unknown): A => value as A

const badIds: ReadonlyArray<unknown> = [
  "",
  ".",
  "..",
  "\ud800",
  "key-\udc00",
  "x".repeat(256),
  123,
  undefined,
  null
]

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

const idOperations: ReadonlyArray<{ readonly name: string; readonly method: string; readonly call: (id: string) => Call }> = [
  { name: "get", method: "GET", call: (id) => (byok) => byok.get(id) },
  { name: "update", method: "PATCH", call: (id) => (byok) => byok.update(id, { disabled: true }) },
  { name: "delete", method: "DELETE", call: (id) => (byok) => byok.delete(id) }
]

describe.each(idOperations)("$name: the id", ({ call, method, name }) => {
  it.scoped.each(badIds)("%j is refused before sending", (id) => refusedBeforeSending(call(unsafe(id)), name))

  it.scoped.each(strangeIds)("%j is sent as one encoded path segment", (id) =>
    Effect.gen(function*() {
      const { exit, requests } = yield* send(call(id))
      expect(failureOf(exit)._tag).toBe("NotFound")
      expect(requests.map((request) => `${request.method} ${request.target}`)).toEqual([
        `${method} ${apiPath}/byok/${encodeURIComponent(id)}`
      ])
    }))
})

describe("list: the parameters", () => {
  const list = (params: unknown): Call => (byok) => Stream.runDrain(byok.list(unsafe(params)))

  it.scoped.each<unknown>([
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
  ])("%j is refused before sending", (params) => refusedBeforeSending(list(params), "list"))

  it.scoped.each<ByokKey.ListParams>([
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
  ])("%j is sent as exactly these query parameters, each once", (params) =>
    Effect.gen(function*() {
      const { requests } = yield* send(list(params))
      expect(requests).toHaveLength(1)
      const [request] = requests
      expect(request!.method).toBe("GET")
      expect(request!.path).toBe(`${apiPath}/byok`)
      expect(request!.target).not.toContain("#")
      const query = new URLSearchParams(request!.target.slice(request!.target.indexOf("?") + 1))
      const expected: Record<string, string> = {
        offset: "0",
        limit: "100",
        ...(params.workspaceId === undefined ? {} : { workspace_id: params.workspaceId }),
        ...(params.provider === undefined ? {} : { provider: params.provider })
      }
      expect([...query.keys()].sort()).toEqual(Object.keys(expected).sort())
      expect(Object.fromEntries(query)).toEqual(expected)
    }))
})

describe("create and update: the input", () => {
  const hashes = (count: number) => Array.from({ length: count }, (_, index) => apiKeyHash("abcdef0123456789"[index % 16]!))

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
    { key: Redacted.make("") },
    { key: "sk-plain-string-key" },
    { key: Redacted.make(12345) }
  ]

  it.scoped.each<Record<string, unknown>>([
    ...badFields,
    { provider: "" },
    { provider: "\ud800" },
    { provider: "p".repeat(256) },
    { provider: undefined },
    { key: undefined },
    { workspaceId: "" },
    { workspaceId: "\udfff" }
  ])("create with %j is refused before sending", (fields) =>
    refusedBeforeSending((byok) => byok.create(unsafe({ provider: "openai", key: providerKey, ...fields })), "create"))

  it.scoped.each<unknown>([null, undefined, [], "openai", 0])("create(%j) is refused before sending", (input) =>
    refusedBeforeSending((byok) => byok.create(unsafe(input)), "create"))

  it.scoped.each(badFields)("update with %j is refused before sending", (fields) =>
    refusedBeforeSending((byok) => byok.update(keyId(1), unsafe(fields)), "update"))

  it.scoped.each<unknown>([null, [], "disabled", 0])("update(id, %j) is refused before sending", (patch) =>
    refusedBeforeSending((byok) => byok.update(keyId(1), unsafe(patch)), "update"))
})
