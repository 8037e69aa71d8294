/**
 * Drill: servers, proxies and gateways that lie. The real client, over loopback HTTP, against
 * the product's own `MockServer` told to misbehave: page sizes that change per page, a wrong
 * `total_count`, an ignored `offset`, error answers that echo the request, absurd bodies,
 * redirects. Whatever the server says, a listing ends complete or with a typed error (the same
 * at every concurrency), nothing is a defect, and no error renders unbounded or with a key.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import { type ByokKey, OpenRouterByok, type OpenRouterByokError } from "effect-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect-openrouter-byok/testing"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import { stubbed } from "../support/clients.js"
import { apiKeyMarker, providerKey, providerKeyMarker } from "../support/fixtures.js"
import { failureOf, renderings } from "../support/observe.js"
import * as StubHttpClient from "../support/StubHttpClient.js"

const httpStacks: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["NodeHttpClient", NodeHttpClient.layer]
]

const keysOf = (count: number) =>
  ByokKeyFixtures.make({ count, seed: 12, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })

/** A misbehaving mock server that accepts the marker key, and the real client pointed at it. */
const setup = (
  options: MockServer.Options,
  httpClientLayer: Layer.Layer<HttpClient.HttpClient> = NodeHttpClient.layer
) =>
  Effect.gen(function*() {
    const mock = yield* MockServer.make({ apiKey: apiKeyMarker, ...options })
    const httpClient = yield* Layer.build(httpClientLayer)
    const byok = yield* OpenRouterByok.make({
      apiKey: Redacted.make(apiKeyMarker),
      apiUrl: mock.url,
      retrySchedule: Schedule.stop
    }).pipe(
      Effect.provide(httpClient)
    )
    return { mock, byok } as const
  })

/** The listing's ids or its error (by tag and the fields that say where), and how many requests it sent. */
const listingOf = (byok: OpenRouterByok.Service, mock: MockServer.Service, params: ByokKey.ListParams) =>
  Effect.gen(function*() {
    yield* mock.clearRequests
    const exit = yield* Effect.exit(Stream.runCollect(byok.listItems(params)))
    const requests = (yield* mock.requests).length
    return {
      outcome: Exit.match(exit, {
        onSuccess: (items) => ({ ids: Chunk.toReadonlyArray(items).map((key) => key.id) }),
        onFailure: (cause) => ({ error: JSON.parse(JSON.stringify(Exit.failCause(cause))) as unknown })
      }),
      requests
    }
  })

/** No rendering of the error throws, quotes more than a few hundred characters of the server, or holds a key. */
const expectSafeRenderings = (error: unknown) => {
  const rendered = renderings(error)
  for (const text of rendered) {
    expect(text).not.toContain(apiKeyMarker)
    expect(text).not.toContain(providerKeyMarker)
  }
  expect((error as Error).message.length).toBeLessThan(1_000)
  return rendered
}

describe("a server that lies about its pages", () => {
  const keys = keysOf(237)
  const allIds = keys.map((key) => key.id)

  it.scopedLive("yields at concurrency 4 exactly what concurrency 1 yields, with at most 4 requests more, whatever the page sizes and total_count", () =>
    Effect.gen(function*() {
      const { byok, mock } = yield* setup({ keys })
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(
            fc.array(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(0)), { minLength: 1, maxLength: 6 }),
            fc.oneof(fc.constant(undefined), fc.constant(10 ** 12), fc.integer({ min: 0, max: 300 })),
            fc.boolean(),
            async (pageSizes, totalCount, ignoreOffset) => {
              // A page size per page of the sequence the server serves, from the offset each page is asked at.
              const pageSize = (offset: number) => pageSizes[Math.floor(offset / 37) % pageSizes.length]!
              await Effect.runPromise(mock.misbehave({ pageSize, totalCount, ignoreOffset }))
              const sequential = await Effect.runPromise(listingOf(byok, mock, { concurrency: 1 }))
              const concurrent = await Effect.runPromise(listingOf(byok, mock, { concurrency: 4 }))
              expect(concurrent.outcome).toEqual(sequential.outcome)
              expect(concurrent.requests).toBeLessThanOrEqual(sequential.requests + 4)
            }
          ),
          { numRuns: 40, seed: 1212 }
        )
      )
    }))

  it.scopedLive.each([1, 4])(
    "lists all 237 credentials when the first page holds 25 and the others 20 (concurrency %i)",
    (concurrency) =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys, misbehaviour: { pageSize: (offset) => offset === 0 ? 25 : 20 } })
        const { outcome } = yield* listingOf(byok, mock, { concurrency })
        expect(outcome).toEqual({ ids: allIds })
      })
  )

  it.scopedLive.each([1, 4])(
    "ends at the first empty page when total_count says 10^12 (concurrency %i)",
    (concurrency) =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys: keysOf(250), misbehaviour: { totalCount: 10 ** 12 } })
        const { outcome, requests } = yield* listingOf(byok, mock, { concurrency })
        expect(outcome).toEqual({ ids: keysOf(250).map((key) => key.id) })
        // Three full pages and the empty one, plus what was already sent ahead.
        expect(requests).toBeLessThanOrEqual(4 + concurrency)
      })
  )

  it.scopedLive.each([1, 4])(
    "fails with InconsistentPagination against a server that ignores offset (concurrency %i)",
    (concurrency) =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({
          keys: keysOf(250),
          misbehaviour: { ignoreOffset: true, totalCount: 10 ** 12 }
        })
        const error = yield* Effect.flip(Stream.runDrain(byok.listItems({ concurrency })))
        expect(error).toMatchObject({ _tag: "InconsistentPagination", offset: 100, previousOffset: 0 })
        expect((yield* mock.requests).length).toBeLessThanOrEqual(2 + concurrency)
      })
  )

  it.scopedLive.each([-5, 1.5, -0.5, 2 ** 53, "10", null, [3], { n: 3 }])(
    "refuses total_count %j with a DecodeError at total_count",
    (totalCount) =>
      Effect.gen(function*() {
        const { byok } = yield* setup({ keys: keysOf(250), misbehaviour: { totalCount: () => totalCount } })
        for (const concurrency of [1, 4]) {
          const error = yield* Effect.flip(Stream.runDrain(byok.listItems({ concurrency })))
          expect(error).toMatchObject({ _tag: "DecodeError", path: "total_count" })
        }
      })
  )
})

describe("absurd bodies", () => {
  const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth)
  const deepObject = (depth: number) => "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)
  const cases: ReadonlyArray<
    { readonly what: string; readonly body: (original: string) => string | Uint8Array; readonly path?: string }
  > = [
    { what: "data nested 100,000 deep", body: () => `{"data":${deep(100_000)},"total_count":1}`, path: "data[0]" },
    {
      what: "a credential nested 100,000 deep",
      body: () => `{"data":[${deep(100_000)}],"total_count":1}`,
      path: "data[0]"
    },
    {
      what: "a field nested 100,000 deep",
      body: (original) => original.replace(/"label":"[^"]*"/, `"label":${deepObject(100_000)}`),
      path: "data[0].label"
    },
    {
      what: "total_count nested 100,000 deep",
      body: (original) => original.replace(/"total_count":\d+/, `"total_count":${deep(100_000)}`),
      path: "total_count"
    },
    {
      what: "an unknown property nested 100,000 deep",
      body: (original) => original.replace(/^\{/, `{"extra":${deep(100_000)},`)
    },
    { what: "the whole body nested 100,000 deep", body: () => deep(100_000), path: "" },
    {
      what: "data of 1,000,000 nulls",
      body: () => `{"data":[${Array(1_000_000).fill("null").join(",")}],"total_count":1}`,
      path: "data[0]"
    },
    {
      what: "a 5 MB label",
      body: (original) => original.replace(/"label":"[^"]*"/, `"label":"${"x".repeat(5_000_000)}"`)
    },
    {
      what: "a 5 MB string where a number belongs",
      body: (original) => original.replace(/"sort_order":\d+/, `"sort_order":"${"9".repeat(5_000_000)}"`),
      path: "data[0].sort_order"
    },
    {
      what: "invalid UTF-8 in a string",
      body: (original) =>
        Buffer.concat([
          Buffer.from(original.slice(0, original.indexOf("\"label\":\"") + 9)),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from(original.slice(original.indexOf("\"label\":\"") + 9))
        ])
    },
    { what: "invalid UTF-8 outside strings", body: () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), path: "" }
  ]

  describe.each(httpStacks)("over %s", (_name, httpClientLayer) => {
    it.scopedLive.each(cases)(
      "$what: a value or a DecodeError, never a defect",
      ({ body, path }) =>
        Effect.gen(function*() {
          const { byok } = yield* setup({
            keys: keysOf(3),
            misbehaviour: { body: (answer) => answer.status === 200 ? body(answer.body) : undefined }
          }, httpClientLayer)
          const exit = yield* Effect.exit(Stream.runDrain(byok.listItems()))
          if (path === undefined) {
            expect(exit).toEqual(Exit.void)
          } else {
            expect(Exit.isFailure(exit) && exit.cause._tag).toBe("Fail")
            const error = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
            expect(error).toMatchObject({ _tag: "DecodeError", path })
            expectSafeRenderings(error)
          }
        })
    )
  })

  it.scopedLive("a 401 whose metadata nests 100,000 deep renders every way without throwing", () =>
    Effect.gen(function*() {
      const { byok } = yield* setup({
        // The server expects another key: every request is a 401.
        apiKey: "sk-or-v1-another-key",
        misbehaviour: {
          body: (answer) =>
            answer.status === 401
              ? `{"error":{"code":401,"message":"no","metadata":{"a":${deep(100_000)}}}}`
              : undefined
        }
      })
      const error = yield* Effect.flip(byok.get("x"))
      expect(error._tag).toBe("Unauthorized")
      const rendered = expectSafeRenderings(error)
      expect(rendered.find((text) => text.includes("nested deeper than 32 levels"))).toBeDefined()
    }))
})

describe("bounded error messages", () => {
  it.scopedLive("quotes 300 characters of a 5 MB server message, and keeps all of it in serverMessage", () =>
    Effect.gen(function*() {
      const huge = "é".repeat(5_000_000)
      const { byok, mock } = yield* setup({
        keys: keysOf(1),
        misbehaviour: {
          body: (answer) => answer.status === 500 ? JSON.stringify({ error: { code: 500, message: huge } }) : undefined
        }
      })
      yield* mock.injectFaults(["http500"])
      const error = yield* Effect.flip(byok.get("x"))
      expect(error).toMatchObject({ _tag: "InternalServer", serverMessage: huge })
      expect(error.message.length).toBeLessThan(500)
      expect(error.message).toContain("(5000000 characters)")
    }))
})

describe("a server that echoes the request", () => {
  describe.each(httpStacks)("over %s", (_name, httpClientLayer) => {
    it.scopedLive("redacts the management key from a 401 that quotes the Authorization header", () =>
      Effect.gen(function*() {
        const mock = yield* MockServer.make({ misbehaviour: { echoRequest: true } })
        const httpClient = yield* Layer.build(httpClientLayer)
        const byok = yield* OpenRouterByok.make({ apiKey: Redacted.make(apiKeyMarker), apiUrl: mock.url }).pipe(
          Effect.provide(httpClient)
        )
        const error = yield* Effect.flip(byok.get("x"))
        expect(error._tag).toBe("Unauthorized")
        expectSafeRenderings(error)
        expect(error).toMatchObject({ serverMessage: expect.stringContaining("Bearer <redacted>") })
        expect(JSON.stringify(error)).toContain("<redacted>")
      }))

    it.scopedLive.each(["create", "update"] as const)(
      "redacts the provider key %s sends from a 500 that quotes the body",
      (operation) =>
        Effect.gen(function*() {
          const keys = keysOf(1)
          const { byok, mock } = yield* setup({ keys, misbehaviour: { echoRequest: true } }, httpClientLayer)
          yield* mock.injectFaults(["http500"])
          const error = yield* Effect.flip(
            operation === "create"
              ? byok.create({ provider: "openai", key: providerKey })
              : byok.update(keys[0]!.id, { key: providerKey })
          )
          expect(error._tag).toBe("InternalServer")
          expectSafeRenderings(error)
          expect(JSON.stringify((error as { metadata?: unknown }).metadata)).toContain("<redacted>")
        })
    )
  })
})

describe("redirects", () => {
  describe.each(httpStacks)("over %s", (_name, httpClientLayer) => {
    it.scopedLive.each(
      [
        { status: 307, operation: "create" },
        { status: 308, operation: "create" },
        { status: 307, operation: "update" },
        { status: 308, operation: "update" },
        { status: 301, operation: "get" }
      ] as const
    )(
      "a $status on $operation is an UnexpectedStatus naming the origin it points to, not followed",
      ({ operation, status }) =>
        Effect.gen(function*() {
          const elsewhere = yield* MockServer.make({ apiKey: apiKeyMarker })
          const { byok } = yield* setup({
            keys: keysOf(1),
            misbehaviour: { redirect: { status, location: `${elsewhere.url}/byok/stolen?token=t` } }
          }, httpClientLayer)
          const error = yield* Effect.flip(
            operation === "create"
              ? byok.create({ provider: "openai", key: providerKey })
              : operation === "update"
              ? byok.update("x", { key: providerKey })
              : byok.get("x")
          )
          expect(error).toMatchObject({
            _tag: "UnexpectedStatus",
            status,
            location: `http://127.0.0.1:${elsewhere.port}`
          })
          expect(error.message).toContain(`Redirect not followed`)
          expect(error.message).not.toContain("stolen")
          expect(yield* elsewhere.requests).toEqual([])
          expectSafeRenderings(error)
        })
    )
  })

  it.effect.each(
    [
      { operation: "get", request: "GET /byok/x" },
      { operation: "create", request: "POST /byok" },
      { operation: "list", request: "GET /byok?offset=0&limit=100" }
    ] as const
  )(
    "in a browser, whose fetch hides a redirect as status 0, a redirect on $operation is an UnexpectedStatus too, not retried",
    ({ operation, request }) =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([StubHttpClient.Reply.opaqueRedirect])
        const attempt: Effect.Effect<unknown, OpenRouterByokError.OpenRouterByokError> = operation === "create"
          ? byok.create({ provider: "openai", key: providerKey })
          : operation === "get"
          ? byok.get("x")
          : Stream.runDrain(byok.list())
        const error = failureOf(yield* Effect.exit(attempt))
        expect(error).toMatchObject({ _tag: "UnexpectedStatus", status: 0 })
        expect("location" in error ? error.location : undefined).toBeUndefined()
        expect(error.message).toBe(
          `Redirect not followed (it would take the key along) (opaque redirect) on ${
            request.replace("/", `${StubHttpClient.stubApiUrl}/`)
          }`
        )
        expect(stub.requests).toHaveLength(1)
      })
  )
})
