/**
 * A reference, not a client: a plain loop on an Effect 4 `HttpClient` (`get`, `text`,
 * `JSON.parse`, and the Effect 4 edition's own decoder of a page, `ListByokKeysResponse`
 * compiled as the edition compiles it), with none of what the edition adds (retries, the
 * attempt timeout, the redirect guard, spans, a Stream). The gap between it and the edition on
 * the same transport is the edition's own.
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { ByokKey } from "../../../packages/effect4/src/index.js"
import type { MakeListAll } from "../../clients/ListAll.js"

const decodeList = Schema.decodeUnknownResult(ByokKey.ListByokKeysResponse)

export const makeOn =
  (httpClient: Layer.Layer<HttpClient.HttpClient>): MakeListAll => async ({ apiKey, apiUrl, limit }) => {
    const runtime = ManagedRuntime.make(httpClient)
    const program = Effect.flatMap(Effect.service(HttpClient.HttpClient), (client) => {
      const fetchPage = (offset: number) =>
        Effect.flatMap(
          client.get(`${apiUrl}/byok`, {
            urlParams: { offset, limit },
            headers: { accept: "application/json", authorization: `Bearer ${apiKey}` }
          }),
          (response) => Effect.map(response.text, (text) => Result.getOrThrow(decodeList(JSON.parse(text))))
        )
      return Effect.gen(function*() {
        let offset = 0
        let items = 0
        for (;;) {
          const page = yield* fetchPage(offset)
          items += page.data.length
          offset += page.data.length
          if (page.data.length === 0 || offset >= page.totalCount) return items
        }
      })
    })
    await runtime.runPromise(Effect.void)
    return () => runtime.runPromise(program)
  }
