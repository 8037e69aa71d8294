import { listWireNames } from "openrouter-byok-core"
import { type ByokKey, byokKeyToWire } from "./byokKey.js"
import type { ListQuery } from "./credentialStore.js"
import { bodyText, jsonReply, type Reply } from "./reply.js"

/**
 * How the server lies, as real servers, proxies, caches and gateways do: to test a client
 * against them. Unlike faults, a misbehaviour applies to every request while it is in force,
 * and depends only on the request, so every listing meets the same server.
 */
export interface Misbehaviour {
  /**
   * The most credentials a page of `GET /byok` holds, whatever `limit` asks: one number for
   * every page, or one per page from the offset it was asked at (0 gives an empty page).
   */
  readonly pageSize?: number | ((offset: number) => number) | undefined
  /**
   * The `total_count` sent instead of the true one: a number, or any JSON value computed
   * from the true count and the page's offset (`-5`, `1.5`, `"10"`, `null`...).
   */
  readonly totalCount?: number | ((trueCount: number, offset: number) => unknown) | undefined
  /** Every page is the page at offset 0, whatever `offset` says (a cache keyed without the query). */
  readonly ignoreOffset?: boolean | undefined
  /**
   * Error answers in the API's JSON quote the request they answer, as debug endpoints and
   * some proxies do: method, URL, `Authorization` header and body in `error.message`, and the
   * same in `error.metadata.request`.
   */
  readonly echoRequest?: boolean | undefined
  /**
   * Replaces the body of answers: given the status and the body the server would send, the
   * text or bytes to send instead (still as `application/json`), or `undefined` to keep it.
   * For absurd bodies: deep nesting, huge arrays or strings, invalid UTF-8.
   */
  readonly body?:
    | ((answer: { readonly status: number; readonly body: string }) => string | Uint8Array | undefined)
    | undefined
  /** Answers every request with this redirect instead. */
  readonly redirect?: { readonly status: 301 | 302 | 303 | 307 | 308; readonly location: string } | undefined
}

/** The query the store is asked for: from offset 0 when the server ignores `offset`. */
export const storeQuery = (misbehaviour: Misbehaviour, query: ListQuery): ListQuery =>
  misbehaviour.ignoreOffset === true ? { ...query, offset: 0 } : query

const capOf = (pageSize: Misbehaviour["pageSize"], offset: number): number =>
  pageSize === undefined ? Infinity : typeof pageSize === "number" ? pageSize : pageSize(offset)

/**
 * The answer to `GET /byok`: the page cut to the misbehaviour's page size, and its own
 * `total_count` (any JSON value) in place of the true one.
 */
export const listReply = (
  misbehaviour: Misbehaviour,
  offset: number,
  data: ReadonlyArray<ByokKey>,
  trueCount: number
): Reply => {
  const { pageSize, totalCount } = misbehaviour
  const page = data.slice(0, Math.max(0, capOf(pageSize, offset)))
  const reported = totalCount === undefined
    ? trueCount
    : typeof totalCount === "number"
    ? totalCount
    : totalCount(trueCount, offset)
  return jsonReply(200, { [listWireNames.data]: page.map(byokKeyToWire), [listWireNames.totalCount]: reported })
}

/** The request a misbehaving server quotes back. */
export interface QuotedRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, unknown>>
  readonly body: string
}

/** The API's JSON error body with the request quoted in its message and metadata. */
const echoing = (reply: Reply, request: QuotedRequest): Reply => {
  let json: unknown
  try {
    json = JSON.parse(bodyText(reply))
  } catch {
    return reply
  }
  const error = (json as { error?: { code?: unknown; message?: unknown } }).error
  if (typeof error !== "object" || error === null) return reply
  const authorization = request.headers["authorization"] ?? "none"
  const echo = `${request.method} ${request.url}; authorization: ${authorization}; body: ${request.body}`
  return jsonReply(reply.status, {
    error: {
      ...error,
      message: `${String(error.message)} (request: ${echo})`,
      metadata: { request: { method: request.method, url: request.url, headers: request.headers, body: request.body } }
    }
  }, reply.headers)
}

/**
 * What a misbehaving server makes of a whole answer (the API's, a fault's or a scripted one):
 * an error answer that echoes the request, a body replaced.
 */
export const misbehavedReply = (misbehaviour: Misbehaviour, reply: Reply, request: QuotedRequest): Reply => {
  let result = reply
  if (misbehaviour.echoRequest === true && result.status >= 400) result = echoing(result, request)
  if (misbehaviour.body !== undefined) {
    const replaced = misbehaviour.body({ status: result.status, body: bodyText(result) })
    if (replaced !== undefined) {
      result = {
        status: result.status,
        headers: { ...result.headers, "content-type": "application/json" },
        body: typeof replaced === "string" ? new TextEncoder().encode(replaced) : replaced
      }
    }
  }
  return result
}
