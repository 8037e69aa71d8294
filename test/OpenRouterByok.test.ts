import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByok } from "effect-openrouter-byok"
import { MockServer } from "effect-openrouter-byok/testing"
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { apiPath, httpStacks, onMockServer, stubbed } from "./support/clients.js"
import { apiKey, apiKeyMarker, keyId, keyJson, storedKeys } from "./support/fixtures.js"
import { observe } from "./support/observe.js"
import * as StubAnswers from "./support/scripts.js"

/** The answer of `GET /byok/{id}` with `keyJson(index, overrides)`, whatever the id. */
const oneKey = (index: number, overrides: Record<string, unknown> = {}) =>
  MockServer.jsonAnswer(200, { data: keyJson(index, overrides) })

describe.each(httpStacks)("OpenRouterByok over $name", (http) => {
  describe("get", () => {
    it.scoped("sends GET /byok/{id} under the apiUrl and returns the credential itself, decoded", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers([oneKey(3, { provider: "anthropic", is_fallback: true, declared_zdr: true })])
        const key = yield* byok.get(keyId(3))
        expect((yield* server.requests).map((request) => [request.method, request.path, request.query])).toEqual([
          ["GET", `${apiPath}/byok/${keyId(3)}`, {}]
        ])
        expect(key).toMatchObject({
          id: keyId(3),
          provider: "anthropic",
          isFallback: true,
          sortOrder: 3,
          declaredZdr: true
        })
        expect(key).not.toHaveProperty("data")
      }))

    it.scoped("sends the key as a Bearer token, accepts JSON, and sends the attribution headers when given", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({
          http,
          keys: 2,
          httpReferer: "https://app.example",
          appTitle: "Example App",
          appCategories: "cli-agent,programming-app"
        })
        yield* byok.get(keyId(1))
        const [request] = yield* server.requests
        // "management": a Bearer token holding the key the server was given (the exact header: "on the wire" below).
        expect(request!.authorization).toBe("management")
        expect(request!.headers).toMatchObject({
          accept: "application/json",
          "http-referer": "https://app.example",
          "x-openrouter-title": "Example App",
          "x-openrouter-categories": "cli-agent,programming-app"
        })
      }))

    it.scoped("sends no attribution header that was not given", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, keys: 2 })
        yield* byok.get(keyId(1))
        const [request] = yield* server.requests
        expect(request!.headers).not.toHaveProperty("http-referer")
        expect(request!.headers).not.toHaveProperty("x-openrouter-title")
        expect(request!.headers).not.toHaveProperty("x-openrouter-categories")
      }))

    it.scoped.each(
      [
        ["../credits", "..%2Fcredits"],
        ["a/b", "a%2Fb"],
        ["%2F", "%252F"],
        ["what?now", "what%3Fnow"],
        ["tag#1", "tag%231"],
        ["...", "..."],
        ["ключ", "%D0%BA%D0%BB%D1%8E%D1%87"]
      ] as const
    )("percent-encodes the id %j, so it stays under /byok/", ([id, encoded]) =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers([oneKey(1)])
        yield* byok.get(id)
        const [request] = yield* server.requests
        expect([request!.path, request!.query]).toEqual([`${apiPath}/byok/${encoded}`, {}])
      }))
  })

  describe("list", () => {
    it.scoped("sends GET /byok with offset, limit, workspace_id and provider", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        // The mock server would refuse a workspace_id that is not a UUID: the answer is scripted.
        yield* server.injectAnswers([MockServer.jsonAnswer(200, { data: [keyJson(1), keyJson(2)], total_count: 3 })])
        yield* Stream.runDrain(byok.list({ workspaceId: "ws 1&x", provider: "amazon-bedrock", limit: 10, offset: 1 }))
        expect((yield* server.requests).map((request) => [request.method, request.path, request.query])).toEqual([
          ["GET", `${apiPath}/byok`, { offset: "1", limit: "10", workspace_id: "ws 1&x", provider: "amazon-bedrock" }]
        ])
      }))

    it.scoped("asks for 100 per page from offset 0 by default, and sends no filter that was not given", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* Stream.runDrain(byok.list())
        expect((yield* server.requests)[0]!.query).toStrictEqual({ offset: "0", limit: "100" })
      }))

    it.scoped("gives one element per page, with the page's data, totalCount, offset and limit", () =>
      Effect.gen(function*() {
        const { byok } = yield* onMockServer({ http, keys: 5 })
        const pages = Chunk.toReadonlyArray(yield* Stream.runCollect(byok.list({ limit: 2 })))
        expect(pages.map(({ data, ...page }) => ({ ...page, ids: data.map((key) => key.id) }))).toEqual([
          { totalCount: 5, offset: 0, limit: 2, ids: [keyId(0), keyId(1)] },
          { totalCount: 5, offset: 2, limit: 2, ids: [keyId(2), keyId(3)] },
          { totalCount: 5, offset: 4, limit: 2, ids: [keyId(4)] }
        ])
      }))

    it.scoped("listItems gives the same credentials one by one", () =>
      Effect.gen(function*() {
        const { byok } = yield* onMockServer({ http, keys: 5 })
        const keys = yield* Stream.runCollect(byok.listItems({ limit: 2 }))
        expect(Chunk.toReadonlyArray(keys).map((key) => key.sortOrder)).toEqual([0, 1, 2, 3, 4])
      }))

    it.scoped("decodes a provider slug it does not know and ignores fields it does not know", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers([MockServer.jsonAnswer(200, {
          data: [keyJson(0, { provider: "provider-from-the-future", new_field: { nested: true } })],
          total_count: 1,
          next_cursor: "ignored"
        })])
        const [key] = Chunk.toReadonlyArray(yield* Stream.runCollect(byok.listItems()))
        expect(key!.provider).toBe("provider-from-the-future")
        expect(key).not.toHaveProperty("new_field")
      }))
  })
})

describe("OpenRouterByok", () => {
  describe("on the wire", () => {
    it.effect("sends exactly `Authorization: Bearer <key>`, with no other spacing or casing", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([StubAnswers.oneKey(1)])
        yield* byok.get(keyId(1))
        expect(stub.requests.map((request) => request.headers["authorization"])).toEqual([`Bearer ${apiKeyMarker}`])
      }))
  })

  describe("layer and accessors", () => {
    it.scoped("provides the service to the module-level accessors", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ apiKey, keys: storedKeys(3) })
        const layer = OpenRouterByok.layer({ apiKey, apiUrl: server.url }).pipe(Layer.provide(FetchHttpClient.layer))
        const [key, pages, items] = yield* Effect.all([
          OpenRouterByok.get(keyId(2)),
          Stream.runCollect(OpenRouterByok.list({ limit: 2 })),
          Stream.runCollect(OpenRouterByok.listItems())
        ]).pipe(Effect.provide(layer))
        expect(key.id).toBe(keyId(2))
        expect(Chunk.size(pages)).toBe(2)
        expect(Chunk.size(items)).toBe(3)
      }))

    it.scoped("layerConfig reads OPENROUTER_API_KEY and OPENROUTER_API_URL", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ apiKey, keys: storedKeys(2) })
        const config = ConfigProvider.fromMap(
          new Map([["OPENROUTER_API_KEY", apiKeyMarker], ["OPENROUTER_API_URL", server.url]])
        )
        yield* OpenRouterByok.get(keyId(1)).pipe(
          Effect.provide(OpenRouterByok.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))),
          Effect.withConfigProvider(config)
        )
        // "management": a Bearer token holding the key the server was given.
        expect((yield* server.requests).map((request) => request.authorization)).toEqual(["management"])
      }))

    it.effect("layerConfig fails with a ConfigError without OPENROUTER_API_KEY", () =>
      Effect.gen(function*() {
        const exit = yield* Layer.build(OpenRouterByok.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))).pipe(
          Effect.scoped,
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map())),
          Effect.exit
        )
        expect(Exit.isFailure(exit) && String(exit.cause)).toContain("OPENROUTER_API_KEY")
      }))
  })

  describe("transformClient", () => {
    it.scoped("is applied to every request, after the authentication headers are set", () =>
      Effect.gen(function*() {
        const seenAuthorization: Array<boolean> = []
        const { byok, server } = yield* onMockServer({
          keys: 3,
          transformClient: HttpClient.mapRequest((request) => {
            seenAuthorization.push(request.headers.authorization !== undefined)
            return HttpClientRequest.setHeader(request, "x-trace", "middleware")
          })
        })
        yield* byok.get(keyId(1))
        yield* Stream.runDrain(byok.list({ limit: 2 }))
        expect((yield* server.requests).map((request) => request.headers["x-trace"])).toEqual([
          "middleware",
          "middleware",
          "middleware"
        ])
        expect(seenAuthorization).toEqual([true, true, true])
      }))
  })

  describe("tracing", () => {
    it.scoped("opens one span per operation, with its parameters, parent of its HTTP requests' spans", () =>
      Effect.gen(function*() {
        const { byok } = yield* onMockServer({ keys: 3 })
        const [, observed] = yield* observe(
          Effect.zip(byok.get(keyId(1)), Stream.runDrain(byok.list({ limit: 2, provider: "openai" })))
        )
        const ours = observed.spans.filter((span) => span.name.startsWith("OpenRouterByok."))
        expect(ours.map((span) => span.name)).toEqual(["OpenRouterByok.get", "OpenRouterByok.list"])
        const [get, list] = ours
        expect(get!.attributes.get("byok.id")).toBe(keyId(1))
        expect(Object.fromEntries(list!.attributes)).toMatchObject({ "byok.limit": 2, "byok.provider": "openai" })
        const requests = observed.spans.filter((span) => span.name.startsWith("http.client"))
        expect(requests.map((span) => Option.getOrThrow(span.parent))).toEqual([get, list, list])
        expect(requests.map((span) => span.attributes.get("url.query"))).toEqual([
          undefined,
          "offset=0&limit=2&provider=openai",
          "offset=2&limit=2&provider=openai"
        ])
      }))
  })
})
