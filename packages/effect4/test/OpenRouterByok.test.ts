import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { OpenRouterByok } from "effect4-openrouter-byok"
import { failureOf, listingStub, onStub, stubbed } from "./support/clients.js"
import { apiKey, apiKeyMarker, keyId, keyJson } from "./support/fixtures.js"
import { oneKey } from "./support/scripts.js"
import { queryParam, Reply, stubApiUrl } from "./support/StubHttpClient.js"
import * as StubHttpClient from "./support/StubHttpClient.js"

const query = (request: HttpClientRequest.HttpClientRequest) =>
  Object.fromEntries(request.urlParams.params.map(([name, value]) => [name, String(value)]))

describe("OpenRouterByok", () => {
  describe("get", () => {
    it.effect("sends GET /byok/{id} under the apiUrl and returns the credential itself, decoded", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([
          oneKey(3, { provider: "anthropic", is_fallback: true, declared_zdr: true })
        ])
        const key = yield* byok.get(keyId(3))
        expect(stub.requests.map((request) => [request.method, request.url, query(request)])).toEqual([
          ["GET", `${stubApiUrl}/byok/${keyId(3)}`, {}]
        ])
        expect(key).toMatchObject({
          id: keyId(3),
          provider: "anthropic",
          isFallback: true,
          sortOrder: 3,
          declaredZdr: true,
          workspaceId: null,
          allowedModels: null,
          createdAt: "2025-08-24T10:30:00Z"
        })
        expect(key).not.toHaveProperty("data")
        expect(key).not.toHaveProperty("is_fallback")
        expect(key).not.toHaveProperty("isByokOnly")
      }))

    it.effect("sends exactly `Authorization: Bearer <key>`, accepts JSON, and the attribution headers when given", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([oneKey(1)], {
          httpReferer: "https://app.example",
          appTitle: "Example App",
          appCategories: "cli-agent,programming-app"
        })
        yield* byok.get(keyId(1))
        expect(stub.requests[0]!.headers).toMatchObject({
          authorization: `Bearer ${apiKeyMarker}`,
          accept: "application/json",
          "http-referer": "https://app.example",
          "x-openrouter-title": "Example App",
          "x-openrouter-categories": "cli-agent,programming-app"
        })
      }))

    it.effect("sends no attribution header that was not given", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([oneKey(1)])
        yield* byok.get(keyId(1))
        const headers = stub.requests[0]!.headers
        expect(headers).not.toHaveProperty("http-referer")
        expect(headers).not.toHaveProperty("x-openrouter-title")
        expect(headers).not.toHaveProperty("x-openrouter-categories")
      }))

    it.effect.each(
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
        const { byok, stub } = yield* stubbed([oneKey(1)])
        yield* byok.get(id)
        expect(stub.requests.map((request) => request.url)).toEqual([`${stubApiUrl}/byok/${encoded}`])
      }))
  })

  describe("list", () => {
    it.effect("sends GET /byok with offset, limit, workspace_id and provider", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([Reply.json(200, { data: [keyJson(1), keyJson(2)], total_count: 3 })])
        yield* Stream.runDrain(byok.list({ workspaceId: "ws 1&x", provider: "amazon-bedrock", limit: 10, offset: 1 }))
        expect(stub.requests.map((request) => [request.method, request.url, query(request)])).toEqual([
          [
            "GET",
            `${stubApiUrl}/byok`,
            { offset: "1", limit: "10", workspace_id: "ws 1&x", provider: "amazon-bedrock" }
          ]
        ])
      }))

    it.effect("asks for 100 per page from offset 0 by default, and sends no filter that was not given", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* onStub(listingStub(0))
        yield* Stream.runDrain(byok.list())
        expect(query(stub.requests[0]!)).toStrictEqual({ offset: "0", limit: "100" })
      }))

    it.effect("gives one element per page, with the page's data, totalCount, offset and limit", () =>
      Effect.gen(function*() {
        const { byok } = yield* onStub(listingStub(5))
        const pages = yield* Stream.runCollect(byok.list({ limit: 2 }))
        expect(pages.map(({ data, ...page }) => ({ ...page, ids: data.map((key) => key.id) }))).toEqual([
          { totalCount: 5, offset: 0, limit: 2, ids: [keyId(0), keyId(1)] },
          { totalCount: 5, offset: 2, limit: 2, ids: [keyId(2), keyId(3)] },
          { totalCount: 5, offset: 4, limit: 2, ids: [keyId(4)] }
        ])
      }))

    it.effect("listItems gives the same credentials one by one", () =>
      Effect.gen(function*() {
        const { byok } = yield* onStub(listingStub(5))
        const keys = yield* Stream.runCollect(byok.listItems({ limit: 2 }))
        expect(keys.map((key) => key.sortOrder)).toEqual([0, 1, 2, 3, 4])
      }))

    it.effect("decodes a provider slug and a region it does not know, and ignores fields it does not know", () =>
      Effect.gen(function*() {
        const { byok } = yield* stubbed([Reply.json(200, {
          data: [keyJson(0, {
            provider: "provider-from-the-future",
            declared_region: "mars",
            new_field: { nested: true }
          })],
          total_count: 1,
          next_cursor: "ignored"
        })])
        const [key] = yield* Stream.runCollect(byok.listItems())
        expect(key!.provider).toBe("provider-from-the-future")
        expect(key!.declaredRegion).toBe("mars")
        expect(key).not.toHaveProperty("new_field")
        expect(key).not.toHaveProperty("newField")
      }))
  })

  describe("layer and accessors", () => {
    it.effect("provides the service to the module-level accessors", () =>
      Effect.gen(function*() {
        const stub = listingStub(3)
        const layer = OpenRouterByok.layer({ apiKey, apiUrl: stubApiUrl }).pipe(
          Layer.provide(Layer.succeed(HttpClient.HttpClient, stub.client))
        )
        const [pages, items] = yield* Effect.all([
          Stream.runCollect(OpenRouterByok.list({ limit: 2 })),
          Stream.runCollect(OpenRouterByok.listItems())
        ]).pipe(Effect.provide(layer))
        expect(pages).toHaveLength(2)
        expect(items).toHaveLength(3)
        const getStub = StubHttpClient.replies(oneKey(2), Reply.json(200, { deleted: true }))
        const key = yield* OpenRouterByok.get(keyId(2)).pipe(
          Effect.provide(
            OpenRouterByok.layer({ apiKey }).pipe(
              Layer.provide(Layer.succeed(HttpClient.HttpClient, getStub.client))
            )
          )
        )
        expect(key.id).toBe(keyId(2))
        // No apiUrl: the default.
        expect(getStub.requests[0]!.url).toBe(`https://openrouter.ai/api/v1/byok/${keyId(2)}`)
      }))

    it.effect("layerConfig reads OPENROUTER_API_KEY and OPENROUTER_API_URL", () =>
      Effect.gen(function*() {
        const stub = StubHttpClient.replies(oneKey(1))
        const config = ConfigProvider.fromEnv({
          env: { OPENROUTER_API_KEY: apiKeyMarker, OPENROUTER_API_URL: "http://127.0.0.1:9/api/v1" }
        })
        yield* OpenRouterByok.get(keyId(1)).pipe(
          Effect.provide(
            OpenRouterByok.layerConfig().pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, stub.client)))
          ),
          Effect.provide(ConfigProvider.layer(config))
        )
        expect(stub.requests.map((request) => [request.url, request.headers.authorization])).toEqual([
          [`http://127.0.0.1:9/api/v1/byok/${keyId(1)}`, `Bearer ${apiKeyMarker}`]
        ])
      }))

    it.effect("layerConfig fails with a ConfigError naming OPENROUTER_API_KEY when it is missing", () =>
      Effect.gen(function*() {
        const stub = StubHttpClient.replies(oneKey(1))
        const exit = yield* OpenRouterByok.get(keyId(1)).pipe(
          Effect.provide(
            OpenRouterByok.layerConfig().pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, stub.client)))
          ),
          Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: {} }))),
          Effect.exit
        )
        expect(Exit.isFailure(exit)).toBe(true)
        expect(failureOf(exit)._tag).toBe("ConfigError")
        expect(String(failureOf(exit))).toContain("OPENROUTER_API_KEY")
        expect(stub.requests).toHaveLength(0)
      }))
  })

  describe("transformClient", () => {
    it.effect("is applied to every request, after the authentication headers are set", () =>
      Effect.gen(function*() {
        const seenAuthorization: Array<boolean> = []
        const { byok, stub } = yield* onStub(listingStub(3), {
          transformClient: HttpClient.mapRequest((request) => {
            seenAuthorization.push(request.headers.authorization !== undefined)
            return HttpClientRequest.setHeader(request, "x-trace", "middleware")
          })
        })
        yield* Stream.runDrain(byok.list({ limit: 2 }))
        expect(stub.requests.map((request) => request.headers["x-trace"])).toEqual(["middleware", "middleware"])
        expect(seenAuthorization).toEqual([true, true])
        expect(stub.requests.map((request) => queryParam(request, "offset"))).toEqual(["0", "2"])
      }))
  })
})
