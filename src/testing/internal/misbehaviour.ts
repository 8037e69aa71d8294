import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { type ByokKey, ListByokKeysResponse } from "../../ByokKey.js"
import type * as MockServer from "../MockServer.js"
import type * as CredentialStore from "./credentialStore.js"

/**
 * The misbehaviour in force, changed at any time by `Service.misbehave`.
 *
 * @internal
 */
export class MisbehaviourSetting {
  current: MockServer.Misbehaviour

  constructor(initial: MockServer.Misbehaviour) {
    this.current = initial
  }
}

/**
 * The query the store is asked for: from offset 0 when the server ignores `offset`.
 *
 * @internal
 */
export const storeQuery = (setting: MisbehaviourSetting, query: CredentialStore.ListQuery): CredentialStore.ListQuery =>
  setting.current.ignoreOffset === true ? { ...query, offset: 0 } : query

const capOf = (pageSize: MockServer.Misbehaviour["pageSize"], offset: number): number =>
  pageSize === undefined ? Infinity : typeof pageSize === "number" ? pageSize : pageSize(offset)

const encodeList = Schema.encodeSync(ListByokKeysResponse)

/**
 * The answer to `GET /byok`: the page cut to the misbehaviour's page size, and its own
 * `total_count` (any JSON value) in place of the true one.
 *
 * @internal
 */
export const listAnswer = (
  setting: MisbehaviourSetting,
  offset: number,
  data: ReadonlyArray<ByokKey>,
  trueCount: number
): HttpServerResponse.HttpServerResponse => {
  const { pageSize, totalCount } = setting.current
  const page = data.slice(0, Math.max(0, capOf(pageSize, offset)))
  const reported = totalCount === undefined
    ? trueCount
    : typeof totalCount === "number"
    ? totalCount
    : totalCount(trueCount, offset)
  // Encoded with the library's Schema, then `total_count` replaced: a lie the Schema would refuse to encode.
  return HttpServerResponse.unsafeJson({ ...encodeList({ data: page, totalCount: 0 }), total_count: reported })
}

const bodyText = (response: HttpServerResponse.HttpServerResponse): string =>
  response.body._tag === "Uint8Array" ? new TextDecoder().decode(response.body.body) : ""

/** The API's JSON error body with the request quoted in its message and metadata. */
const echoing = (
  response: HttpServerResponse.HttpServerResponse,
  request: HttpServerRequest.HttpServerRequest,
  body: string
) => {
  let json: unknown
  try {
    json = JSON.parse(bodyText(response))
  } catch {
    return response
  }
  const error = (json as { error?: { code?: unknown; message?: unknown } }).error
  if (typeof error !== "object" || error === null) return response
  const echo = `${request.method} ${request.url}; authorization: ${
    request.headers["authorization"] ?? "none"
  }; body: ${body}`
  return HttpServerResponse.unsafeJson({
    error: {
      ...error,
      message: `${String(error.message)} (request: ${echo})`,
      metadata: { request: { method: request.method, url: request.url, headers: request.headers, body } }
    }
  }, { status: response.status, headers: response.headers })
}

/**
 * The misbehaviours that act on whole answers, between the fault layer and the request log:
 * a redirect instead of any answer, error answers that echo the request, bodies replaced.
 *
 * @internal
 */
export const withMisbehaviour =
  (setting: MisbehaviourSetting) =>
  <E, R>(app: HttpApp.Default<E, R>): HttpApp.Default<E, R | HttpServerRequest.HttpServerRequest> =>
    Effect.gen(function*() {
      const { body, echoRequest, redirect } = setting.current
      if (redirect !== undefined) {
        return HttpServerResponse.empty({ status: redirect.status, headers: { location: redirect.location } })
      }
      const request = yield* HttpServerRequest.HttpServerRequest
      const requestBody = echoRequest === true ? yield* Effect.orElseSucceed(request.text, () => "") : ""
      let response = yield* app
      if (echoRequest === true && response.status >= 400) response = echoing(response, request, requestBody)
      if (body !== undefined) {
        const replaced = body({ status: response.status, body: bodyText(response) })
        if (replaced !== undefined) {
          response = HttpServerResponse.uint8Array(
            typeof replaced === "string" ? new TextEncoder().encode(replaced) : replaced,
            { status: response.status, headers: response.headers, contentType: "application/json" }
          )
        }
      }
      return response
    })
