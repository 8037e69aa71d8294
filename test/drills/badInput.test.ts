/**
 * Drill: bad arguments, for every operation. Each is either refused with `InvalidRequest`
 * before anything is sent, or sent safely encoded: the request goes out with exactly the
 * percent-encoded id under `/api/v1/byok/`, or exactly the query parameters given, and nothing
 * else (no other path, no extra parameter, no fragment). What is sent is read from a stub
 * `HttpClient`, as the HTTP stacks put it on the wire.
 */
import { describe, expect, it } from "@effect/vitest"
import type { ByokKey, OpenRouterByok } from "effect-openrouter-byok"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { apiPath, immediateRetries, stubbed } from "../support/clients.js"
import { apiKeyHash, errorBody, keyId, providerKey } from "../support/fixtures.js"
import { failureOf } from "../support/observe.js"
import { Reply } from "../support/StubHttpClient.js"
import { operations } from "./support/operations.js"
import { sent } from "./support/sentRequests.js"

type Call = (byok: OpenRouterByok.Service) => Effect.Effect<unknown, { readonly _tag: string }>

/**
 * A server that answers 404 to everything, and `send`, which runs a call against it and
 * returns how the call ended and what was sent meanwhile.
 */
const notFoundServer = Effect.gen(function*() {
  const { byok, stub } = yield* stubbed([Reply.json(404, errorBody(404, "Resource not found"))], {
    retrySchedule: immediateRetries
  })
  const send = (call: Call) =>
    Effect.gen(function*() {
      const before = stub.requests.length
      const exit = yield* Effect.exit(call(byok))
      return { exit, requests: stub.requests.slice(before).map(sent) }
    })
  return send
})

/** Checks that each call is refused with `InvalidRequest` by `operation`, and that none sends anything. */
const refusedBeforeSending = (operation: string, calls: ReadonlyArray<readonly [unknown, Call]>) =>
  Effect.gen(function*() {
    const send = yield* notFoundServer
    for (const [argument, call] of calls) {
      const { exit, requests } = yield* send(call)
      const shown = JSON.stringify(argument) ?? String(argument)
      expect(failureOf(exit), shown).toMatchObject({ _tag: "InvalidRequest", operation: `OpenRouterByok.${operation}` })
      expect(requests, shown).toHaveLength(0)
    }
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

const idOperations: ReadonlyArray<
  { readonly name: string; readonly method: string; readonly call: (id: string) => Call }
> = [
  { name: "get", method: "GET", call: (id) => (byok) => byok.get(id) },
  { name: "update", method: "PATCH", call: (id) => (byok) => byok.update(id, { disabled: true }) },
  { name: "delete", method: "DELETE", call: (id) => (byok) => byok.delete(id) }
]

describe.each(idOperations)("$name: the id", ({ call, method, name }) => {
  it.effect(`refuses ${badIds.length} bad ids (empty, "." and "..", lone surrogates, 256 characters, not a string) before sending`, () =>
    refusedBeforeSending(name, badIds.map((id) => [id, call(unsafe(id))])))

  it.effect(`sends each of ${strangeIds.length} strange ids (path tricks, "?", "#", encoded slashes, unicode) as one encoded path segment`, () =>
    Effect.gen(function*() {
      const send = yield* notFoundServer
      for (const id of strangeIds) {
        const { exit, requests } = yield* send(call(id))
        expect(failureOf(exit)._tag, JSON.stringify(id)).toBe("NotFound")
        expect(requests.map((request) => `${request.method} ${request.target}`), JSON.stringify(id)).toEqual([
          `${method} ${apiPath}/byok/${encodeURIComponent(id)}`
        ])
      }
    }))
})

describe("list: the parameters", () => {
  const list = (params: unknown): Call => (byok) => Stream.runDrain(byok.list(unsafe(params)))

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

  const strangeParams: ReadonlyArray<ByokKey.ListParams> = [
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

  it.effect(`refuses ${badParams.length} bad parameters (out of range, fractional, NaN, infinite, unsafe integers, empty, oversized, lone surrogates, wrong types) before sending`, () =>
    refusedBeforeSending("list", badParams.map((params) => [params, list(params)])))

  it.effect(`sends each of ${strangeParams.length} strange filters (query injections, path tricks, "#", unicode) as exactly the given query parameters, each once`, () =>
    Effect.gen(function*() {
      const send = yield* notFoundServer
      for (const params of strangeParams) {
        const { requests } = yield* send(list(params))
        const shown = JSON.stringify(params)
        expect(requests, shown).toHaveLength(1)
        const [request] = requests
        expect(`${request!.method} ${request!.path}`, shown).toBe(`GET ${apiPath}/byok`)
        expect(request!.target, shown).not.toContain("#")
        const query = request!.query
        const expected: Record<string, string> = {
          offset: "0",
          limit: "100",
          ...(params.workspaceId === undefined ? {} : { workspace_id: params.workspaceId }),
          ...(params.provider === undefined ? {} : { provider: params.provider })
        }
        expect(query.map(([name]) => name).sort(), shown).toEqual(Object.keys(expected).sort())
        expect(Object.fromEntries(query), shown).toEqual(expected)
      }
    }))
})

describe("create and update: the input", () => {
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
    { key: Redacted.make("") },
    { key: "sk-plain-string-key" },
    { key: Redacted.make(12345) }
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

  it.effect(`create refuses ${badCreateFields.length} inputs with one bad field, and 5 inputs that are not objects, before sending`, () =>
    refusedBeforeSending("create", [
      ...badCreateFields.map((fields) =>
        [
          fields,
          (byok: OpenRouterByok.Service) => byok.create(unsafe({ provider: "openai", key: providerKey, ...fields }))
        ] as const
      ),
      ...[null, undefined, [], "openai", 0].map((input) =>
        [input, (byok: OpenRouterByok.Service) => byok.create(unsafe(input))] as const
      )
    ]))

  it.effect(`update refuses ${badFields.length} patches with one bad field, and 4 patches that are not objects, before sending`, () =>
    refusedBeforeSending("update", [
      ...badFields.map((fields) =>
        [fields, (byok: OpenRouterByok.Service) => byok.update(keyId(1), unsafe(fields))] as const
      ),
      ...[null, [], "disabled", 0].map((patch) =>
        [patch, (byok: OpenRouterByok.Service) => byok.update(keyId(1), unsafe(patch))] as const
      )
    ]))
})

describe("the options", () => {
  const badTimeouts: ReadonlyArray<unknown> = ["thirty seconds", 0, -5, Number.NaN, "0 millis", {}]

  it.effect.each(operations)(
    `$name: refuses ${badTimeouts.length} requestTimeouts that are not a positive duration before sending`,
    (operation) =>
      Effect.gen(function*() {
        for (const requestTimeout of badTimeouts) {
          const { byok, stub } = yield* stubbed([operation.answer], { requestTimeout: unsafe(requestTimeout) })
          const error = failureOf(yield* Effect.exit(operation.run(byok)))
          expect(error, String(requestTimeout)).toMatchObject({
            _tag: "InvalidRequest",
            operation: operation.reportedAs,
            reason: "requestTimeout must be a positive duration"
          })
          expect(stub.requests, String(requestTimeout)).toHaveLength(0)
        }
      })
  )
})
