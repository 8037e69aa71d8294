/**
 * A reference, not a client: the least an Effect program on `FetchHttpClient` does to list
 * the keys (a loop of `HttpClient.get`, `text`, `JSON.parse` and this library's decoder), with
 * none of what the library adds per request (retries, the attempt timeout, its spans, a
 * Stream). The gap between it and the bare loop is Effect's and the HttpClient's own.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { ListByokKeysResponse } from "../../src/ByokKey.js"
import { makeDecoder } from "../../src/internal/jsonDecoder.js"
import type { MakeListAll } from "./ListAll.js"

export const make: MakeListAll = async ({ apiKey, apiUrl, limit }) => {
  const decode = makeDecoder(ListByokKeysResponse)
  const runtime = ManagedRuntime.make(FetchHttpClient.layer)
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
