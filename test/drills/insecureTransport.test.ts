/**
 * Drill: the management key never travels in clear over a network. An `apiUrl` with plain
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

const refused = [
  "http://example.com",
  "http://example.com/api/v1",
  "HTTP://EXAMPLE.COM/api/v1",
  "http://example.com:443/api/v1",
  "http://openrouter.ai/api/v1",
  "http://127.0.0.1.example.com/api/v1",
  "http://localhost.example.com/api/v1",
  "http://10.0.0.1/api/v1",
  "http://192.168.1.10:8080/api/v1",
  "http://0.0.0.0/api/v1",
  "http://[::ffff:127.0.0.1]/api/v1",
  "ws://127.0.0.1/api/v1",
  "ftp://example.com/api/v1",
  "file:///etc/hosts",
  "https://user:password@example.com/api/v1",
  "https://example.com/api/v1?key=1",
  "not a url"
]

/** Allowed, and where the request then goes. */
const allowed: ReadonlyArray<readonly [string, string]> = [
  ["http://127.0.0.1:8080/api/v1", "http://127.0.0.1:8080/api/v1"],
  ["http://127.0.0.2/api/v1", "http://127.0.0.2/api/v1"],
  ["http://127.255.255.254:9/api/v1", "http://127.255.255.254:9/api/v1"],
  ["http://127.1/api/v1", "http://127.0.0.1/api/v1"],
  ["http://2130706433/api/v1", "http://127.0.0.1/api/v1"],
  ["http://localhost:3000/api/v1/", "http://localhost:3000/api/v1"],
  ["http://[::1]:3000/api/v1", "http://[::1]:3000/api/v1"],
  ["https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1"],
  ["https://example.com:8443/proxy/api/v1", "https://example.com:8443/proxy/api/v1"]
]

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
