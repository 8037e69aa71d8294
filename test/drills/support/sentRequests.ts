/**
 * What the client sent, read from the requests a `StubHttpClient` recorded, as a server would
 * receive them: the URL built the way both HTTP stacks build it before they send.
 */
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Either from "effect/Either"

/** One request as it goes on the wire. */
export interface SentRequest {
  readonly method: string
  /** The request target exactly as sent (percent-encoding kept), query included, and a fragment if there were one. */
  readonly target: string
  /** The path exactly as sent, without the query. */
  readonly path: string
  /** The query parameters, decoded, each as often as it was sent. */
  readonly query: ReadonlyArray<readonly [string, string]>
}

/** `request` as the HTTP stack sends it (fetch and node:http both send `UrlParams.makeUrl`'s URL). */
export const sent = (request: HttpClientRequest.HttpClientRequest): SentRequest => {
  const url = Either.getOrThrow(UrlParams.makeUrl(request.url, request.urlParams, request.hash))
  return {
    method: request.method,
    target: url.href.slice(url.origin.length),
    path: url.pathname,
    query: [...url.searchParams]
  }
}
