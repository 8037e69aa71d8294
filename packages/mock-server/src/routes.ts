import { type ByokKey, byokKeyToWire, type CompleteByokKey, present, type ResponseShape } from "./byokKey.js"
import type { CredentialStore, Rejection, StoreResult } from "./credentialStore.js"
import { readListQuery } from "./listQuery.js"
import { listReply, type Misbehaviour, storeQuery } from "./misbehaviour.js"
import { apiErrorReply, jsonReply, type Reply } from "./reply.js"
import { readCreateBody, readUpdateBody } from "./requestBody.js"
import type { AuthorizationKind } from "./requestLog.js"

/** Where the API lives on the server: every route is under it. */
export const apiPrefix = "/api/v1"

/** The longest id a credential may have, as the clients check it. */
const maxIdLength = 255

/** A request as the API sees it. */
export interface ApiRequest {
  readonly method: string
  /** The path and query as sent. */
  readonly url: string
  readonly authorization: AuthorizationKind
  readonly body: string
}

/** What the API serves: the store, in a response shape, under the misbehaviour in force. */
export interface ApiOptions {
  readonly store: CredentialStore
  readonly shape: ResponseShape
  /** The misbehaviour in force now (`GET /byok` honours its page size, total and offset). */
  readonly misbehaviour: () => Misbehaviour
}

const rejectionReply = (rejection: Rejection<400 | 404>): Reply => apiErrorReply(rejection.status, rejection.message)

const routeNotFound = apiErrorReply(404, "Not Found")

/**
 * The id a path names under `/byok/`, decoded, or `undefined` when the path names none (no
 * segment, more than one, an undecodable or too long one).
 */
const idOfPath = (path: string): string | undefined => {
  const segment = path.slice("/byok/".length)
  if (segment === "" || segment.includes("/")) return undefined
  let id: string
  try {
    id = decodeURIComponent(segment)
  } catch {
    return undefined
  }
  return id.length > maxIdLength ? undefined : id
}

/**
 * The five BYOK operations under `/api/v1`, as the API document describes them, behind
 * bearer-token authentication: a function from a request to its reply.
 */
export const makeApi = (options: ApiOptions): (request: ApiRequest) => Reply => {
  const { shape, store } = options
  const credentialReply = (status: number, key: CompleteByokKey): Reply =>
    jsonReply(status, { data: byokKeyToWire(present(key, shape)) })
  const answer = <A, S extends 400 | 404>(result: StoreResult<A, S>, reply: (value: A) => Reply): Reply =>
    result.ok ? reply(result.value) : rejectionReply(result.rejection)

  const listKeys = (query: URLSearchParams): Reply => {
    const checked = readListQuery(query)
    if (!checked.ok) return rejectionReply(checked.rejection)
    const misbehaviour = options.misbehaviour()
    return answer(
      store.list(storeQuery(misbehaviour, checked.value)),
      (page) =>
        listReply(
          misbehaviour,
          checked.value.offset,
          page.data.map((key): ByokKey => present(key, shape)),
          page.totalCount
        )
    )
  }

  const createKey = (body: string): Reply => {
    const input = readCreateBody(body)
    if (!input.ok) return rejectionReply(input.rejection)
    return answer(store.create(input.value), (key) => credentialReply(201, key))
  }

  const updateKey = (id: string, body: string): Reply => {
    // An unknown id is a 404 whatever the body says.
    const current = store.get(id)
    if (!current.ok) return rejectionReply(current.rejection)
    const patch = readUpdateBody(body)
    if (!patch.ok) return rejectionReply(patch.rejection)
    return answer(store.update(id, patch.value), (key) => credentialReply(200, key))
  }

  const routed = (request: ApiRequest): Reply => {
    const url = new URL(request.url, "http://mock.invalid")
    if (!url.pathname.startsWith(`${apiPrefix}/`)) return routeNotFound
    const path = url.pathname.slice(apiPrefix.length)
    // HEAD is answered as GET is, without the body; a trailing slash names the same collection.
    const method = request.method === "HEAD" ? "GET" : request.method
    if (path === "/byok" || path === "/byok/") {
      if (method === "GET") return listKeys(url.searchParams)
      if (method === "POST") return createKey(request.body)
      return routeNotFound
    }
    const id = path.startsWith("/byok/") ? idOfPath(path) : undefined
    if (id === undefined) return routeNotFound
    switch (method) {
      case "GET":
        return answer(store.get(id), (key) => credentialReply(200, key))
      case "PATCH":
        return updateKey(id, request.body)
      case "DELETE":
        return answer(store.delete(id), () => jsonReply(200, { deleted: true }))
      default:
        return routeNotFound
    }
  }

  return (request) => {
    switch (request.authorization) {
      case "management":
        return routed(request)
      case "non-management":
        return apiErrorReply(403, "Only management keys can perform this operation")
      case "missing":
        return apiErrorReply(401, "Missing Authentication header")
      case "invalid":
        return apiErrorReply(401, "Invalid API key")
    }
  }
}
