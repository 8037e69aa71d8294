/**
 * Drill: servers, proxies and gateways that lie, from the shared table (`hostileServers` in
 * openrouter-byok-scenarios), run with this edition; the shared property that concurrency
 * never changes what a listing yields (`ListingConcurrency`); and the browser's opaque
 * redirect, which only a stub `HttpClient` can play, as the Effect 3 edition plays it.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { hostileServers, ListingConcurrency, providerKeyMarker, type Scenario, secret } from "openrouter-byok-scenarios"
import { failureOf, stubbed } from "../support/clients.js"
import * as StubHttpClient from "../support/StubHttpClient.js"
import { runCall, runScenario } from "./support/adapter.js"
import { runTable } from "./support/runTable.js"

runTable(hostileServers)

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
      { call: { operation: "get", id: "x" }, request: "GET /byok/x" },
      {
        call: { operation: "create", input: { provider: "openai", key: secret(providerKeyMarker) } },
        request: "POST /byok"
      },
      { call: { operation: "list" }, request: "GET /byok?offset=0&limit=100" }
    ] as const
  )(
    "in a browser, whose fetch hides a redirect as status 0, a redirect on $call.operation is an UnexpectedStatus too, not retried",
    ({ call, request }) =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([StubHttpClient.Reply.opaqueRedirect])
        const error = failureOf(yield* Effect.exit(runCall(byok, call))) as Error & Record<string, unknown>
        expect(error).toMatchObject({ _tag: "UnexpectedStatus", status: 0 })
        expect(error["location"]).toBeUndefined()
        expect(error.message).toBe(
          `Redirect not followed (it would take the key along) (opaque redirect) on ${
            request.replace("/", `${StubHttpClient.stubApiUrl}/`)
          }`
        )
        expect(stub.requests).toHaveLength(1)
      })
  )
})
