/**
 * Drill: servers, proxies and gateways that lie. The shared table (`hostileServers` in
 * openrouter-byok-scenarios) runs through this edition's adapter; here besides, what is not a
 * table row: the property that concurrency never changes what a listing yields, and the
 * browser's opaque redirect, which only a stub `HttpClient` can play.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
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
import { hostileServers } from "openrouter-byok-scenarios"
import { stubbed } from "../support/clients.js"
import { apiKeyMarker, providerKey } from "../support/fixtures.js"
import { failureOf } from "../support/observe.js"
import * as StubHttpClient from "../support/StubHttpClient.js"
import { runTable } from "./support/runTable.js"

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

describe("a server that lies about its pages", () => {
  const keys = keysOf(237)

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
})

describe("redirects in a browser", () => {
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

runTable(hostileServers)
