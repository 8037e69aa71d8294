/**
 * Drill: the management key never travels in clear over a network (the lists of URLs are
 * shared with the Effect 4 edition: `refusedApiUrls`, `allowedApiUrls` in
 * openrouter-byok-scenarios). An `apiUrl` with plain
 * `http://` to a host that is not loopback is refused by every operation with
 * `InvalidRequest`, before the HTTP client is even called (a recording stub sees nothing);
 * loopback hosts (a local mock server) and `https://` are allowed. That a redirect is not
 * followed, over either HTTP stack, so it takes the key nowhere, is in the shared
 * `hostileServers` table.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByok } from "effect-openrouter-byok"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { allowedApiUrls, refusedApiUrls } from "openrouter-byok-scenarios"
import { apiKey, apiKeyMarker } from "../support/fixtures.js"
import { failureOf, renderings } from "../support/observe.js"
import * as StubHttpClient from "../support/StubHttpClient.js"
import { operations } from "./support/operations.js"

/** The service on a stub that records every request and answers each with `operation`'s valid answer. */
const recorded = (apiUrl: string, answer: StubHttpClient.Reply) =>
  Effect.gen(function*() {
    const stub = StubHttpClient.replies(answer)
    const byok = yield* OpenRouterByok.make({ apiKey, apiUrl }).pipe(
      Effect.provideService(HttpClient.HttpClient, stub.client)
    )
    return { stub, byok } as const
  })

const refused = refusedApiUrls
const allowed = allowedApiUrls

describe.each(operations)("$name", (operation) => {
  it.effect(`refuses ${refused.length} unsafe apiUrls (plain http to a remote host, credentials, a query, other schemes) with InvalidRequest; the HTTP client is never called`, () =>
    Effect.gen(function*() {
      for (const apiUrl of refused) {
        const { byok, stub } = yield* recorded(apiUrl, operation.answer)
        const error = failureOf(yield* Effect.exit(operation.run(byok)))
        expect(error, apiUrl).toMatchObject({ _tag: "InvalidRequest", operation: operation.reportedAs })
        expect(error.message, apiUrl).toContain("apiUrl")
        for (const rendering of renderings(error)) expect(rendering, apiUrl).not.toContain(apiKeyMarker)
        expect(stub.requests, apiUrl).toHaveLength(0)
      }
    }))

  it.effect(`sends to ${allowed.length} loopback and https apiUrls, with the key`, () =>
    Effect.gen(function*() {
      for (const [apiUrl, base] of allowed) {
        const { byok, stub } = yield* recorded(apiUrl, operation.answer)
        yield* operation.run(byok)
        expect(stub.requests.map((request) => request.url), apiUrl).toEqual([`${base}${operation.path}`])
        expect(stub.requests[0]!.headers["authorization"], apiUrl).toBe(`Bearer ${apiKeyMarker}`)
      }
    }))
})

describe("layerConfig", () => {
  it.effect("refuses OPENROUTER_API_URL=http://example.com with a ConfigError naming it, and sends nothing", () =>
    Effect.gen(function*() {
      const stub = StubHttpClient.replies(operations[0]!.answer)
      const config = ConfigProvider.fromMap(
        new Map([
          ["OPENROUTER_API_KEY", apiKeyMarker],
          ["OPENROUTER_API_URL", "http://example.com/api/v1"]
        ])
      )
      const exit = yield* Layer.build(OpenRouterByok.layerConfig()).pipe(
        Effect.provideService(HttpClient.HttpClient, stub.client),
        Effect.withConfigProvider(config),
        Effect.scoped,
        Effect.exit
      )
      expect(exit._tag).toBe("Failure")
      expect(String(exit)).toContain("OPENROUTER_API_URL")
      expect(String(exit)).not.toContain(apiKeyMarker)
      expect(stub.requests).toHaveLength(0)
    }))
})
