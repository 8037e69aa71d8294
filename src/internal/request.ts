import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import {
  checkConnection,
  type DocumentedStatus,
  requestHeaders,
  requestLabel,
  withoutUndefinedFields
} from "openrouter-byok-core"
import type * as Api from "../OpenRouterByok.js"
import { InvalidRequest } from "../OpenRouterByokError.js"
import { refusal } from "./arguments.js"
import type { Operation } from "./operation.js"

/** `METHOD url`, how errors name a request (no headers, so no secret). */
export const describeRequest = (request: HttpClientRequest.HttpClientRequest): string =>
  requestLabel(
    request.method,
    request.url,
    new URLSearchParams(request.urlParams as Array<[string, string]>).toString()
  )

/**
 * The JSON an operation sends for `body` (its Schema's Encoded side: snake_case, the raw key in
 * clear), or why the body is refused. Shared with the in-memory layer, which stores what a
 * server would receive.
 *
 * @internal
 */
export const encodeBody = <Args, Body, A, S extends DocumentedStatus>(
  operation: Operation<Args, Body, A, S>,
  body: Body
): Effect.Effect<unknown, InvalidRequest> => {
  const encoded = operation.encodeBody(withoutUndefinedFields(body))
  return Either.isRight(encoded)
    ? Effect.succeed(encoded.right)
    : Effect.fail(new InvalidRequest({ operation: operation.name, reason: refusal(encoded.left) }))
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
  const settings = {
    ...options,
    apiKey: Redacted.isRedacted(apiKey) ? Redacted.value(apiKey) as string : String(apiKey)
  }
  const apiUrl = checkConnection(settings)
  const baseRequest = HttpClientRequest.get("").pipe(
    HttpClientRequest.bearerToken(options.apiKey),
    HttpClientRequest.setHeaders(requestHeaders(settings))
  )
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
      return Effect.succeed(json === undefined ? request : HttpClientRequest.bodyUnsafeJson(request, json))
    }
    return body.length === 0 ? build(undefined) : Effect.flatMap(encodeBody(operation, body[0] as Body), build)
  }
}
