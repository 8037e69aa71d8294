/**
 * Drill: servers, proxies and gateways that lie. The shared table (`hostileServers` in
 * openrouter-byok-scenarios) runs through this edition's adapter; here besides, the shared
 * property that concurrency never changes what a listing yields (`ListingConcurrency`), and
 * the browser's opaque redirect, which only a stub `HttpClient` can play.
 */
import { describe, expect, it } from "@effect/vitest"
import type { OpenRouterByokError } from "effect-openrouter-byok"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import { hostileServers, ListingConcurrency, type Scenario } from "openrouter-byok-scenarios"
import { stubbed } from "../support/clients.js"
import { providerKey } from "../support/fixtures.js"
import { failureOf } from "../support/observe.js"
import * as StubHttpClient from "../support/StubHttpClient.js"
import { runScenario } from "./support/adapter.js"
import { runTable } from "./support/runTable.js"

/** Runs a scenario with this edition, in real time, and returns what it observed. */
const observe = (scenario: Scenario) => Effect.runPromise(Effect.scoped(runScenario(scenario)))

describe("a server that lies about its pages", () => {
  it.live("yields at concurrency 4 exactly what concurrency 1 yields, with at most 4 requests more, whatever the page sizes and total_count", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(ListingConcurrency.arbitrary, async (server) => {
          const sequential = await observe(ListingConcurrency.scenarioAt(server, 1))
          const concurrent = await observe(ListingConcurrency.scenarioAt(server, 4))
          expect(ListingConcurrency.concurrencyDifferences(sequential, concurrent)).toEqual([])
        }),
        { numRuns: ListingConcurrency.numRuns, seed: ListingConcurrency.seed }
      )
    ))
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
