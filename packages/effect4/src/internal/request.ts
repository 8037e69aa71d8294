import * as Effect from "effect/Effect"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as UrlParams from "effect/http/UrlParams"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import {
  defaultApiUrl,
  type DocumentedStatus,
  requestLabel,
  unsendableHeader,
  validateApiUrl
} from "openrouter-byok-core"
import type * as Api from "../OpenRouterByok.js"
import { InvalidRequest } from "../OpenRouterByokError.js"
import { refusal } from "./arguments.js"
import type { Operation } from "./operation.js"

/** `METHOD url`, how errors name a request (no headers, so no secret). */
export const describeRequest = (request: HttpClientRequest.HttpClientRequest): string =>
  requestLabel(request.method, request.url, UrlParams.toString(request.urlParams))

/**
 * A body without its fields set to `undefined`: JSON leaves them out, so they mean "left out",
 * as the types allow for callers without `exactOptionalPropertyTypes`.
 */
const withoutUndefinedFields = <Body>(body: Body): Body =>
  typeof body === "object" && body !== null && !Array.isArray(body) && Object.values(body).includes(undefined)
    ? Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Body
    : body

/**
 * The JSON an operation sends for `body` (its Schema's Encoded side: snake_case, the raw key in
 * clear), or why the body is refused.
 *
 * @internal
 */
export const encodeBody = <Args, Body, A, S extends DocumentedStatus>(
  operation: Operation<Args, Body, A, S>,
  body: Body
): Effect.Effect<unknown, InvalidRequest> => {
  const encoded = operation.encodeBody(withoutUndefinedFields(body))
  return Result.isSuccess(encoded)
    ? Effect.succeed(encoded.success)
    : Effect.fail(new InvalidRequest({ operation: operation.name, reason: refusal(encoded.failure) }))
}

/**
 * Builds the requests of one service: each is a copy of one base request, authenticated and
 * with the app headers, built once. When the options make every request impossible (a header
 * HTTP cannot carry, an insecure URL), each operation fails with `InvalidRequest` saying why,
 * never quoting a value.
 *
 * @internal
 */
export const makeRequestBuilder = (options: Api.Options) => {
  const apiKey: unknown = options.apiKey
  const unsendable = unsendableHeader({
    apiKey: Redacted.isRedacted(apiKey) ? Redacted.value(apiKey) as string : String(apiKey),
    httpReferer: options.httpReferer,
    appTitle: options.appTitle,
    appCategories: options.appCategories
  })
  const apiUrl = unsendable === undefined
    ? validateApiUrl(options.apiUrl ?? defaultApiUrl)
    : {
      ok: false as const,
      reason: `${unsendable} contains a line break or another character an HTTP header cannot carry`
    }
  // Headers are set only once they are known to be sendable: Headers would throw on a line break.
  const baseRequest = apiUrl.ok
    ? HttpClientRequest.get("").pipe(
      HttpClientRequest.bearerToken(options.apiKey),
      HttpClientRequest.setHeaders({
        accept: "application/json",
        ...(options.httpReferer === undefined ? {} : { "HTTP-Referer": options.httpReferer }),
        ...(options.appTitle === undefined ? {} : { "X-OpenRouter-Title": options.appTitle }),
        ...(options.appCategories === undefined ? {} : { "X-OpenRouter-Categories": options.appCategories })
      })
    )
    : HttpClientRequest.get("")
  return <Args, Body, A, S extends DocumentedStatus>(
    operation: Operation<Args, Body, A, S>,
    args: Args,
    ...body: [Body] extends [never] ? [] : [Body]
  ): Effect.Effect<HttpClientRequest.HttpClientRequest, InvalidRequest> => {
    const build = (json: unknown) => {
      if (!apiUrl.ok) return Effect.fail(new InvalidRequest({ operation: operation.name, reason: apiUrl.reason }))
      const query = operation.query?.(args)
      const request = HttpClientRequest.modify(baseRequest, {
        method: operation.method,
        url: apiUrl.url + operation.path(args),
        ...(query === undefined ? {} : { urlParams: query })
      })
      return Effect.succeed(json === undefined ? request : HttpClientRequest.bodyJsonUnsafe(request, json))
    }
    return body.length === 0 ? build(undefined) : Effect.flatMap(encodeBody(operation, body[0] as Body), build)
  }
}
