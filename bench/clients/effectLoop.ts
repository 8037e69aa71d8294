/**
 * A reference, not a client: a plain loop on a platform `HttpClient` (`get`, `text`,
 * `JSON.parse`, and the library's own decoder of the page), with none of what the library adds
 * (retries, the attempt timeout, spans, a Stream). The gap between it and the library on the
 * same transport is the library's own.
 *
 * bench/inProcess.ts adds the library's mechanisms to it one at a time (`Mechanisms`), to
 * measure what each one costs a page.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientModule from "@effect/platform/HttpClient"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { decodeList } from "../../src/internal/wireDecoding.js"
import type { MakeListAll } from "./ListAll.js"

/** What the reference loop can be given of the library's own mechanisms; by default none. */
export interface Mechanisms {
  /** Wraps the `HttpClient` once, as the library wraps it (its redirect guard). */
  readonly client?: (client: HttpClient.HttpClient) => HttpClient.HttpClient
  /** Wraps each page's request and reading, as the library wraps an attempt (its timeout, its retries, its span). */
  readonly page?: (page: Effect.Effect<Page, unknown>) => Effect.Effect<Page, unknown>
  /** Pages through `Stream.paginateEffect`, consumed as a stream of credentials, instead of a `for` loop. */
  readonly stream?: boolean
}

/** A decoded page, as the loop reads it. */
export interface Page {
  readonly data: ReadonlyArray<unknown>
  readonly totalCount: number
}

/** The reference loop on any `HttpClient` (bench/inProcess.ts gives it an in-memory one). */
export const makeOn =
  (httpClient: Layer.Layer<HttpClient.HttpClient>, mechanisms: Mechanisms = {}): MakeListAll =>
  async ({ apiKey, apiUrl, limit }) => {
    const runtime = ManagedRuntime.make(httpClient)
    const { client: wrapClient = (client) => client, page: wrapPage = (page) => page } = mechanisms
    const program = Effect.flatMap(HttpClientModule.HttpClient, (platformClient) => {
      const client = wrapClient(platformClient)
      const fetchPage = (offset: number) =>
        wrapPage(Effect.flatMap(
          client.get(`${apiUrl}/byok`, {
            urlParams: { offset, limit },
            headers: { accept: "application/json", authorization: `Bearer ${apiKey}` }
          }),
          (response) => Effect.map(response.text, (text) => Either.getOrThrow(decodeList(JSON.parse(text))))
        ))
      if (mechanisms.stream) {
        const pages = Stream.paginateEffect(0, (offset: number) =>
          Effect.map(fetchPage(offset), (page) => {
            const next = offset + page.data.length
            return [
              page,
              page.data.length === 0 || next >= page.totalCount ? Option.none() : Option.some(next)
            ] as const
          }))
        return Stream.runCount(Stream.mapConcatChunk(pages, (page) => Chunk.unsafeFromArray(page.data)))
      }
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
