/**
 * Every operation of the client, once, as the drills drive them: a valid call, what goes on
 * the wire, the statuses it documents, a valid answer, and a complete answer that is not its
 * schema. The drills run their tables over this list, so a new operation is drilled by adding
 * it here.
 */
import type { OpenRouterByok, OpenRouterByokError } from "effect-openrouter-byok"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { apiPath } from "../../support/clients.js"
import { keyId, keyJson, listBody, providerKey } from "../../support/fixtures.js"
import { Reply } from "../../support/StubHttpClient.js"

export type OperationName = "list" | "listItems" | "get" | "create" | "update" | "delete"

export interface Operation {
  readonly name: OperationName
  /** A valid call; the `update` rotates the provider key, so the provider key travels. */
  readonly run: (byok: OpenRouterByok.Service) => Effect.Effect<unknown, OpenRouterByokError.OpenRouterByokError>
  /** How its errors name it (`listItems` is `list`, one element per credential). */
  readonly reportedAs: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  /** The path it sends, under the API URL's path. */
  readonly path: string
  /** The error statuses the API documents for it (others are `UnexpectedStatus`). */
  readonly documents: ReadonlyArray<number>
  /** Whether a failure that may have taken effect (a 5xx, a lost connection, a timeout) is retried. */
  readonly retriesAmbiguousFailures: boolean
  /** A valid answer to `run`. */
  readonly answer: Reply
  /** A body that is JSON but not the operation's schema, for its success status, and the path decoding names. */
  readonly offSchema: { readonly body: unknown; readonly path: string }
}

const keyAnswer = Reply.json(200, { data: keyJson(1) })

export const operations: ReadonlyArray<Operation> = [
  {
    name: "list",
    reportedAs: "OpenRouterByok.list",
    run: (byok) => Stream.runDrain(byok.list()),
    method: "GET",
    path: "/byok",
    documents: [400, 401, 403, 429, 500],
    retriesAmbiguousFailures: true,
    answer: Reply.json(200, listBody(3, 0, 100)),
    offSchema: {
      body: { data: [keyJson(0), keyJson(1, { is_fallback: "no" })], total_count: 2 },
      path: "data[1].is_fallback"
    }
  },
  {
    name: "listItems",
    reportedAs: "OpenRouterByok.list",
    run: (byok) => Stream.runDrain(byok.listItems()),
    method: "GET",
    path: "/byok",
    documents: [400, 401, 403, 429, 500],
    retriesAmbiguousFailures: true,
    answer: Reply.json(200, listBody(3, 0, 100)),
    offSchema: { body: { data: [keyJson(0)] }, path: "total_count" }
  },
  {
    name: "get",
    reportedAs: "OpenRouterByok.get",
    run: (byok) => byok.get(keyId(1)),
    method: "GET",
    path: `/byok/${keyId(1)}`,
    documents: [401, 403, 404, 429, 500],
    retriesAmbiguousFailures: true,
    answer: keyAnswer,
    offSchema: { body: { data: keyJson(1, { sort_order: "1" }) }, path: "data.sort_order" }
  },
  {
    name: "create",
    reportedAs: "OpenRouterByok.create",
    run: (byok) => byok.create({ provider: "openai", key: providerKey }),
    method: "POST",
    path: "/byok",
    documents: [400, 401, 403, 429, 500],
    retriesAmbiguousFailures: false,
    answer: Reply.json(201, { data: keyJson(1) }),
    offSchema: { body: { data: keyJson(1, { created_at: null }) }, path: "data.created_at" }
  },
  {
    name: "update",
    reportedAs: "OpenRouterByok.update",
    run: (byok) => byok.update(keyId(1), { name: "rotated", key: providerKey }),
    method: "PATCH",
    path: `/byok/${keyId(1)}`,
    documents: [400, 401, 403, 404, 429, 500],
    retriesAmbiguousFailures: true,
    answer: keyAnswer,
    offSchema: { body: { key: keyJson(1) }, path: "data" }
  },
  {
    name: "delete",
    reportedAs: "OpenRouterByok.delete",
    run: (byok) => byok.delete(keyId(1)),
    method: "DELETE",
    path: `/byok/${keyId(1)}`,
    documents: [401, 403, 404, 429, 500],
    retriesAmbiguousFailures: true,
    answer: Reply.json(200, { deleted: true }),
    offSchema: { body: { deleted: false }, path: "deleted" }
  }
]

/** The tag an error status gets from `operation`: its own when documented, `UnexpectedStatus` otherwise. */
export const tagOfStatus = (operation: Operation, status: number): string =>
  !operation.documents.includes(status)
    ? "UnexpectedStatus"
    : ({
      400: "BadRequest",
      401: "Unauthorized",
      403: "Forbidden",
      404: "NotFound",
      429: "RateLimited",
      500: "InternalServer"
    } as Record<number, string>)[status]!

/** The path `operation` sends, under the API URL's path (the stub's and the mock server's). */
export const targetOf = (operation: Operation): string => `${apiPath}${operation.path}`

/** Runs `operation` and returns its exit, as the drills inspect it. */
export const exitOf = (operation: Operation, byok: OpenRouterByok.Service) => Effect.exit(operation.run(byok))
