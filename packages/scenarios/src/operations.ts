/**
 * Every operation of the client, once, as the tables drive them: a valid call, what goes on
 * the wire, the statuses it documents, whether it retries a failure that may have taken
 * effect, a valid answer, and a complete answer that is not its schema. A table that runs over this list
 * drills a new operation once it is added here.
 */
import { tagOfStatus as statusTags } from "openrouter-byok-core"
import { type Answer, jsonAnswer } from "openrouter-byok-mock-server"
import { providerKeyMarker } from "./markers.js"
import { type Call, type OperationName, secret } from "./scenario.js"
import { keyId, keyJson, listBody } from "./wireFixtures.js"

export interface Operation {
  readonly name: OperationName
  /** A valid call, addressing `keyId(1)`; the `update` rotates the provider key, so the provider key travels. */
  readonly call: Call
  /** How its errors name it (`listItems` is `list`, one element per credential). */
  readonly reportedAs: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  /** The path it sends, under the API URL's path (`/api/v1`, the mock server's). */
  readonly path: string
  /** The error statuses the API documents for it (others are `UnexpectedStatus`). */
  readonly documents: ReadonlyArray<number>
  /** Whether a failure that may have taken effect (a 5xx, a lost connection, a timeout) is retried. */
  readonly retriesAmbiguousFailures: boolean
  /** A valid answer to `call`, for a stub `HttpClient` to give (an `Answer` of the mock server's). */
  readonly answer: Answer
  /** A body that is JSON but not the operation's schema, for its success status, and the path decoding names. */
  readonly offSchema: { readonly body: unknown; readonly path: string }
}

const providerKey = secret(providerKeyMarker)

const keyAnswer = jsonAnswer(200, { data: keyJson(1) })

/** `list` and `listItems` send the same request, and their errors name `list`. */
const listing = {
  reportedAs: "OpenRouterByok.list",
  method: "GET",
  path: "/api/v1/byok",
  documents: [400, 401, 403, 429, 500],
  retriesAmbiguousFailures: true,
  answer: jsonAnswer(200, listBody(3, 0, 100))
} as const

export const operations: ReadonlyArray<Operation> = [
  {
    ...listing,
    name: "list",
    call: { operation: "list" },
    offSchema: {
      body: { data: [keyJson(0), keyJson(1, { is_fallback: "no" })], total_count: 2 },
      path: "data[1].is_fallback"
    }
  },
  {
    ...listing,
    name: "listItems",
    call: { operation: "listItems" },
    offSchema: { body: { data: [keyJson(0)] }, path: "total_count" }
  },
  {
    name: "get",
    call: { operation: "get", id: keyId(1) },
    reportedAs: "OpenRouterByok.get",
    method: "GET",
    path: `/api/v1/byok/${keyId(1)}`,
    documents: [401, 403, 404, 429, 500],
    retriesAmbiguousFailures: true,
    answer: keyAnswer,
    offSchema: { body: { data: keyJson(1, { sort_order: "1" }) }, path: "data.sort_order" }
  },
  {
    name: "create",
    call: { operation: "create", input: { provider: "openai", key: providerKey } },
    reportedAs: "OpenRouterByok.create",
    method: "POST",
    path: "/api/v1/byok",
    documents: [400, 401, 403, 429, 500],
    retriesAmbiguousFailures: false,
    answer: jsonAnswer(201, { data: keyJson(1) }),
    offSchema: { body: { data: keyJson(1, { created_at: null }) }, path: "data.created_at" }
  },
  {
    name: "update",
    call: { operation: "update", id: keyId(1), patch: { name: "rotated", key: providerKey } },
    reportedAs: "OpenRouterByok.update",
    method: "PATCH",
    path: `/api/v1/byok/${keyId(1)}`,
    documents: [400, 401, 403, 404, 429, 500],
    retriesAmbiguousFailures: true,
    answer: keyAnswer,
    offSchema: { body: { key: keyJson(1) }, path: "data" }
  },
  {
    name: "delete",
    call: { operation: "delete", id: keyId(1) },
    reportedAs: "OpenRouterByok.delete",
    method: "DELETE",
    path: `/api/v1/byok/${keyId(1)}`,
    documents: [401, 403, 404, 429, 500],
    retriesAmbiguousFailures: true,
    answer: jsonAnswer(200, { deleted: true }),
    offSchema: { body: { deleted: false }, path: "deleted" }
  }
]

/** The tag an error status gets from `operation`: its own when documented, `UnexpectedStatus` otherwise. */
export const tagOfStatus = (operation: Operation, status: number): string =>
  operation.documents.includes(status)
    ? (statusTags as Readonly<Record<number, string>>)[status]!
    : "UnexpectedStatus"
