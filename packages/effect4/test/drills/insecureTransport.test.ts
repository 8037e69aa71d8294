/**
 * Drill: the management key never travels in clear over a network. Every `apiUrl` of the
 * shared lists (`refusedApiUrls` in openrouter-byok-scenarios) is refused by every operation
 * with `InvalidRequest`, before the HTTP client is even called (a recording stub sees
 * nothing); the loopback and `https://` ones (`allowedApiUrls`) are sent to, with the key.
 * That a redirect is not followed is in the shared `hostileServers` table.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpClient from "effect/http/HttpClient"
import { OpenRouterByok } from "effect4-openrouter-byok"
import type { Answer } from "openrouter-byok-mock-server"
import { allowedApiUrls, apiKeyMarker, operations, refusedApiUrls } from "openrouter-byok-scenarios"
import { failureOf } from "../support/clients.js"
import { apiKey } from "../support/fixtures.js"
import * as StubHttpClient from "../support/StubHttpClient.js"
import { renderings, runCall } from "./support/adapter.js"

/** The path the operations send under, in the shared descriptions. */
const apiPath = "/api/v1"

/** The service on a stub that records every request and answers each with `answer`. */
const recorded = (apiUrl: string, answer: Answer) =>
  Effect.gen(function*() {
    const stub = StubHttpClient.replies(
      StubHttpClient.Reply.text(answer.status, answer.body ?? "", answer.headers ?? {})
    )
    const byok = yield* OpenRouterByok.make({ apiKey, apiUrl }).pipe(
      Effect.provideService(HttpClient.HttpClient, stub.client)
    )
    return { stub, byok } as const
  })

describe.each(operations)("$name", (operation) => {
  it.effect(`refuses ${refusedApiUrls.length} unsafe apiUrls (plain http to a remote host, credentials, a query, other schemes) with InvalidRequest; the HTTP client is never called`, () =>
    Effect.gen(function*() {
      for (const apiUrl of refusedApiUrls) {
        const { byok, stub } = yield* recorded(apiUrl, operation.answer)
        const error = failureOf(yield* Effect.exit(runCall(byok, operation.call))) as Error
        expect(error, apiUrl).toMatchObject({ _tag: "InvalidRequest", operation: operation.reportedAs })
        expect(error.message, apiUrl).toContain("apiUrl")
        for (const rendering of renderings(error)) expect(rendering, apiUrl).not.toContain(apiKeyMarker)
        expect(stub.requests, apiUrl).toHaveLength(0)
      }
    }))

  it.effect(`sends to ${allowedApiUrls.length} loopback and https apiUrls, with the key`, () =>
    Effect.gen(function*() {
      for (const [apiUrl, base] of allowedApiUrls) {
        const { byok, stub } = yield* recorded(apiUrl, operation.answer)
        const exit = yield* Effect.exit(runCall(byok, operation.call))
        expect(Exit.isSuccess(exit), apiUrl).toBe(true)
        expect(stub.requests.map((request) => request.url), apiUrl).toEqual([
          `${base}${operation.path.slice(apiPath.length)}`
        ])
        expect(stub.requests[0]!.headers["authorization"], apiUrl).toBe(`Bearer ${apiKeyMarker}`)
      }
    }))
})
