import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByok } from "effect-openrouter-byok"
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { httpStacks, loopback } from "./support/clients.js"
import { apiKey, apiKeyMarker, keyId, keyJson } from "./support/fixtures.js"
import { observe } from "./support/observe.js"
import { listing, oneKey } from "./support/scripts.js"
import * as TestServer from "./support/TestServer.js"

const { apiPath } = TestServer

describe.each(httpStacks)("OpenRouterByok over $name", (http) => {
  describe("get", () => {
    it.scoped("sends GET /byok/{id} under the apiUrl and returns the credential itself, decoded", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.replies(oneKey(3, { provider: "anthropic", is_fallback: true, declared_zdr: true }))
        const key = yield* byok.get(keyId(3))
        expect(server.requests.map((request) => `${request.method} ${request.target}`)).toEqual([
          `GET ${apiPath}/byok/${keyId(3)}`
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
        const { byok, server } = yield* loopback({
          http,
          httpReferer: "https://app.example",
          appTitle: "Example App",
          appCategories: "cli-agent,programming-app"
        })
        server.replies(oneKey(1))
        yield* byok.get(keyId(1))
        expect(server.requests[0]!.headers).toMatchObject({
          authorization: `Bearer ${apiKeyMarker}`,
          accept: "application/json",
          "http-referer": "https://app.example",
          "x-openrouter-title": "Example App",
          "x-openrouter-categories": "cli-agent,programming-app"
        })
      }))

    it.scoped("sends no attribution header that was not given", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.replies(oneKey(1))
        yield* byok.get(keyId(1))
        expect(server.requests[0]!.headers).not.toHaveProperty("http-referer")
        expect(server.requests[0]!.headers).not.toHaveProperty("x-openrouter-title")
        expect(server.requests[0]!.headers).not.toHaveProperty("x-openrouter-categories")
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
        const { byok, server } = yield* loopback({ http })
        server.replies(oneKey(1))
        yield* byok.get(id)
        expect(server.requests[0]!.target).toBe(`${apiPath}/byok/${encoded}`)
      }))
  })

  describe("list", () => {
    it.scoped("sends GET /byok with offset, limit, workspace_id and provider", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.script(listing(3))
        yield* Stream.runDrain(byok.list({ workspaceId: "ws 1&x", provider: "amazon-bedrock", limit: 10, offset: 1 }))
        expect(server.requests.map((request) => [request.method, request.path, request.query])).toEqual([
          ["GET", `${apiPath}/byok`, { offset: "1", limit: "10", workspace_id: "ws 1&x", provider: "amazon-bedrock" }]
        ])
      }))

    it.scoped("asks for 100 per page from offset 0 by default, and sends no filter that was not given", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.script(listing(0))
        yield* Stream.runDrain(byok.list())
        expect(server.requests[0]!.query).toStrictEqual({ offset: "0", limit: "100" })
      }))

    it.scoped("gives one element per page, with the page's data, totalCount, offset and limit", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.script(listing(5))
        const pages = Chunk.toReadonlyArray(yield* Stream.runCollect(byok.list({ limit: 2 })))
        expect(pages.map(({ data, ...page }) => ({ ...page, ids: data.map((key) => key.id) }))).toEqual([
          { totalCount: 5, offset: 0, limit: 2, ids: [keyId(0), keyId(1)] },
          { totalCount: 5, offset: 2, limit: 2, ids: [keyId(2), keyId(3)] },
          { totalCount: 5, offset: 4, limit: 2, ids: [keyId(4)] }
        ])
      }))

    it.scoped("listItems gives the same credentials one by one", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.script(listing(5))
        const keys = yield* Stream.runCollect(byok.listItems({ limit: 2 }))
        expect(Chunk.toReadonlyArray(keys).map((key) => key.sortOrder)).toEqual([0, 1, 2, 3, 4])
      }))

    it.scoped("decodes a provider slug it does not know and ignores fields it does not know", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.replies(TestServer.Reply.json(200, {
          data: [keyJson(0, { provider: "provider-from-the-future", new_field: { nested: true } })],
          total_count: 1,
          next_cursor: "ignored"
        }))
        const [key] = Chunk.toReadonlyArray(yield* Stream.runCollect(byok.listItems()))
        expect(key!.provider).toBe("provider-from-the-future")
        expect(key).not.toHaveProperty("new_field")
      }))
  })
})

describe("OpenRouterByok", () => {
  describe("layer and accessors", () => {
    it.scoped("provides the service to the module-level accessors", () =>
      Effect.gen(function*() {
        const server = yield* TestServer.make
        server.script((request) => request.path === `${apiPath}/byok` ? listing(3)(request) : oneKey(7))
        const layer = OpenRouterByok.layer({ apiKey, apiUrl: server.apiUrl }).pipe(Layer.provide(FetchHttpClient.layer))
        const [key, pages, items] = yield* Effect.all([
          OpenRouterByok.get(keyId(7)),
          Stream.runCollect(OpenRouterByok.list({ limit: 2 })),
          Stream.runCollect(OpenRouterByok.listItems())
        ]).pipe(Effect.provide(layer))
        expect(key.id).toBe(keyId(7))
        expect(Chunk.size(pages)).toBe(2)
        expect(Chunk.size(items)).toBe(3)
      }))

    it.scoped("layerConfig reads OPENROUTER_API_KEY and OPENROUTER_API_URL", () =>
      Effect.gen(function*() {
        const server = yield* TestServer.make
        server.replies(oneKey(1))
        const config = ConfigProvider.fromMap(
          new Map([["OPENROUTER_API_KEY", apiKeyMarker], ["OPENROUTER_API_URL", server.apiUrl]])
        )
        yield* OpenRouterByok.get(keyId(1)).pipe(
          Effect.provide(OpenRouterByok.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))),
          Effect.withConfigProvider(config)
        )
        expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${apiKeyMarker}`)
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
        const { byok, server } = yield* loopback({
          transformClient: HttpClient.mapRequest((request) => {
            seenAuthorization.push(request.headers.authorization !== undefined)
            return HttpClientRequest.setHeader(request, "x-trace", "middleware")
          })
        })
        server.script((request) => request.path === `${apiPath}/byok` ? listing(3)(request) : oneKey(1))
        yield* byok.get(keyId(1))
        yield* Stream.runDrain(byok.list({ limit: 2 }))
        expect(server.requests.map((request) => request.headers["x-trace"])).toEqual([
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
        const { byok, server } = yield* loopback()
        server.script((request) => request.path === `${apiPath}/byok` ? listing(3)(request) : oneKey(1))
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
