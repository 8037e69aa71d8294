/**
 * The Effect 4 edition's `listItems` on any Effect 4 `HttpClient` layer. fetch.ts and undici.ts
 * pick the transport, so a cold start loads only the one it measures.
 */
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { OpenRouterByok } from "../../../packages/effect4/src/index.js"
import type { MakeListAll } from "../../clients/ListAll.js"

export const makeOn = (httpClient: Layer.Layer<HttpClient.HttpClient>): MakeListAll => async (options) => {
  const runtime = ManagedRuntime.make(
    OpenRouterByok.layer({ apiKey: Redacted.make(options.apiKey), apiUrl: options.apiUrl }).pipe(
      Layer.provide(httpClient)
    )
  )
  await runtime.runPromise(Effect.service(OpenRouterByok.OpenRouterByok))
  const program = Stream.runCount(OpenRouterByok.listItems({ limit: options.limit, concurrency: options.concurrency }))
  return () => runtime.runPromise(program)
}
