/**
 * Scripts for the loopback `TestServer` that play a small part of the BYOK API.
 */
import { keyJson, listBody } from "./fixtures.js"
import { apiPath, Reply, type Script } from "./TestServer.js"

/**
 * `GET /byok` over `total` credentials, paged by the request's `offset` and `limit` as the
 * API does (limit defaults to 50 there, so a client that forgets to send it is visible).
 * Anything else gets a 599.
 */
export const listing = (total: number): Script => (request) => {
  if (request.method !== "GET" || request.path !== `${apiPath}/byok`) {
    return Reply.text(599, `test server: listing(${total}) does not answer ${request.method} ${request.path}`)
  }
  const offset = Number(request.query.offset ?? "0")
  const limit = Number(request.query.limit ?? "50")
  return Reply.json(200, listBody(total, offset, limit))
}

/** `GET /byok/{id}` answering with `keyJson(index)` whatever the id. */
export const oneKey = (index: number, overrides: Record<string, unknown> = {}): Reply =>
  Reply.json(200, { data: keyJson(index, overrides) })
