/**
 * This library's `listItems` on any `HttpClient` layer, with any other option it is given
 * (bench/inProcess.ts uses an in-memory client). bench/clients/effectFetch.ts and
 * effectUndici.ts pick the transport, so a cold start loads only the one it measures.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { OpenRouterByok } from "../../src/index.js"
import type { MakeListAll } from "./ListAll.js"

export const makeOn = (
  httpClient: Layer.Layer<HttpClient.HttpClient>,
  clientOptions: Omit<OpenRouterByok.Options, "apiKey" | "apiUrl"> = {}
): MakeListAll =>
async (options) => {
  const runtime = ManagedRuntime.make(
    OpenRouterByok.layer({ ...clientOptions, apiKey: Redacted.make(options.apiKey), apiUrl: options.apiUrl }).pipe(
      Layer.provide(httpClient)
    )
  )
  await runtime.runPromise(OpenRouterByok.OpenRouterByok)
  const program = Stream.runCount(OpenRouterByok.listItems({ limit: options.limit, concurrency: options.concurrency }))
  return () => runtime.runPromise(program)
}
