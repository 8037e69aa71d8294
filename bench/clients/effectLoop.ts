/**
 * A reference, not a client: a plain loop on a platform `HttpClient` (`get`, `text`,
 * `JSON.parse`, and the library's own decoder of the page), with none of what the library adds
 * (retries, the attempt timeout, spans, a Stream). The gap between it and the library on the
 * same transport is the library's own.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientModule from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { decodeList } from "../../src/internal/wireDecoding.js"
import type { MakeListAll } from "./ListAll.js"

/** The reference loop on any `HttpClient` (bench/inProcess.ts gives it an in-memory one). */
export const makeOn =
  (httpClient: Layer.Layer<HttpClient.HttpClient>): MakeListAll => async ({ apiKey, apiUrl, limit }) => {
    const runtime = ManagedRuntime.make(httpClient)
    const program = Effect.gen(function*() {
      const client = yield* HttpClientModule.HttpClient
      let offset = 0
      let items = 0
      for (;;) {
        const response = yield* client.get(`${apiUrl}/byok`, {
          urlParams: { offset, limit },
          headers: { accept: "application/json", authorization: `Bearer ${apiKey}` }
        })
        const page = Either.getOrThrow(decodeList(JSON.parse(yield* response.text)))
        items += page.data.length
        offset += page.data.length
        if (page.data.length === 0 || offset >= page.totalCount) return items
      }
    })
    await runtime.runPromise(Effect.void)
    return () => runtime.runPromise(program)
  }
