/**
 * A reference, not a client: the least an Effect program on a platform `HttpClient` does to
 * list the keys (a loop of `HttpClient.get`, `text`, `JSON.parse` and this library's decoder),
 * with none of what the library adds per request (retries, the attempt timeout, its spans, a
 * Stream). On `FetchHttpClient` and on `NodeHttpClient.layerUndici`: the gap between it and the
 * bare loop is Effect's and the HttpClient's own, the gap between it and the library on the
 * same transport is the library's.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { ListByokKeysResponse } from "../../src/ByokKey.js"
import { makeDecoder } from "../../src/internal/jsonDecoder.js"
import type { MakeListAll } from "./ListAll.js"

/** The reference loop on any `HttpClient` (bench/inProcess.ts gives it an in-memory one). */
export const makeOn =
  (httpClient: Layer.Layer<HttpClient.HttpClient>): MakeListAll => async ({ apiKey, apiUrl, limit }) => {
    const decode = makeDecoder(ListByokKeysResponse)
    const runtime = ManagedRuntime.make(httpClient)
    const program = Effect.gen(function*() {
      const client = yield* HttpClient.HttpClient
      let offset = 0
      let items = 0
      for (;;) {
        const response = yield* client.get(`${apiUrl}/byok`, {
          urlParams: { offset, limit },
          headers: { accept: "application/json", authorization: `Bearer ${apiKey}` }
        })
        const page = Either.getOrThrow(decode(JSON.parse(yield* response.text)))
        items += page.data.length
        offset += page.data.length
        if (page.data.length === 0 || offset >= page.totalCount) return items
      }
    })
    await runtime.runPromise(Effect.void)
    return () => runtime.runPromise(program)
  }

export const makeFetch = makeOn(FetchHttpClient.layer)
export const makeUndici = makeOn(NodeHttpClient.layerUndici)
