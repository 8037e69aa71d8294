/**
 * This library's `listItems`, on `FetchHttpClient`, on `NodeHttpClient.layer` (node:http) and
 * on `NodeHttpClient.layerUndici` (undici's dispatcher, without the fetch API on top).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { OpenRouterByok } from "../../src/index.js"
import type { MakeListAll } from "./ListAll.js"

/**
 * The library on any `HttpClient`, with any other option it is given (bench/inProcess.ts uses
 * an in-memory client, and `requestTimeout` to measure the attempt timeout's share).
 */
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

export const makeFetch = makeOn(FetchHttpClient.layer)
export const makeNode = makeOn(NodeHttpClient.layer)
export const makeUndici = makeOn(NodeHttpClient.layerUndici)
