/**
 * The service over real HTTP on 127.0.0.1 (fetch, on the real clock): what only a real HTTP
 * stack shows, such as a redirect fetch would follow, or a request aborted on the wire.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { OpenRouterByok } from "effect4-openrouter-byok"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { failureOf } from "./support/clients.js"
import { apiKey, keyId, keyJson, listBody } from "./support/fixtures.js"

interface Received {
  readonly method: string
  readonly url: string
  readonly authorization: string | undefined
  /** Whether the client went away before the answer was complete. */
  closedEarly: boolean
}

/** A server on 127.0.0.1 answering with `handle`, recording every request; closed with the scope. */
const loopbackServer = (handle: (request: IncomingMessage, response: ServerResponse, index: number) => void) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly url: string; readonly received: Array<Received>; readonly server: Server }>((resume) => {
      const received: Array<Received> = []
      const server = createServer((request, response) => {
        const entry: Received = {
          method: request.method ?? "",
          url: request.url ?? "",
          authorization: request.headers.authorization,
          closedEarly: false
        }
        received.push(entry)
        response.on("close", () => {
          if (!response.writableFinished) entry.closedEarly = true
        })
        handle(request, response, received.length - 1)
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}/api/v1`, received, server }))
      })
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { "content-type": "application/json", ...headers })
  response.end(JSON.stringify(body))
}

const clientAt = (apiUrl: string, options: Partial<OpenRouterByok.Options> = {}) =>
  OpenRouterByok.make({ apiKey, apiUrl, retrySchedule: Schedule.recurs(0), ...options }).pipe(
    Effect.provide(FetchHttpClient.layer)
  )

/** Waits, on the real clock, until `condition` holds. */
const eventually = (condition: () => boolean) =>
  Effect.gen(function*() {
    while (!condition()) yield* Effect.sleep("5 millis")
  }).pipe(Effect.timeout("5 seconds"))

describe("OpenRouterByok over fetch on 127.0.0.1", () => {
  it.live("gets and lists through a real HTTP stack", () =>
    Effect.gen(function*() {
      const server = yield* loopbackServer((request, response) => {
        if (request.url!.startsWith("/api/v1/byok?")) {
          const offset = Number(new URL(request.url!, "http://x").searchParams.get("offset"))
          json(response, 200, listBody(3, offset, 2))
        } else {
          json(response, 200, { data: keyJson(1) })
        }
      })
      const byok = yield* clientAt(server.url)
      expect((yield* byok.get(keyId(1))).id).toBe(keyId(1))
      expect(yield* Stream.runCollect(byok.listItems({ limit: 2 }))).toHaveLength(3)
      expect(server.received.map((request) => [request.method, request.url])).toEqual([
        ["GET", `/api/v1/byok/${keyId(1)}`],
        ["GET", "/api/v1/byok?offset=0&limit=2"],
        ["GET", "/api/v1/byok?offset=2&limit=2"]
      ])
      expect(server.received[0]!.authorization).toBe(`Bearer ${"sk-or-v1-MARKER-DO-NOT-LEAK"}`)
    }))

  it.live.each([301, 302, 307, 308])(
    "does not follow a %i, even to the same origin",
    (status) =>
      Effect.gen(function*() {
        const server = yield* loopbackServer((request, response) => {
          if (request.url!.startsWith("/elsewhere")) return json(response, 200, { data: keyJson(1) })
          response.writeHead(status, { location: "/elsewhere/byok" })
          response.end()
        })
        const byok = yield* clientAt(server.url)
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "UnexpectedStatus", status, location: new URL(server.url).origin })
        expect(server.received.map((request) => request.url)).toEqual([`/api/v1/byok/${keyId(1)}`])
      })
  )

  it.live("a refused connection is a TransportError (ConnectionRefused)", () =>
    Effect.gen(function*() {
      const url = yield* Effect.scoped(Effect.map(loopbackServer(() => {}), (server) => server.url))
      const byok = yield* clientAt(url)
      expect(failureOf(yield* Effect.exit(byok.get(keyId(1))))).toMatchObject({
        _tag: "TransportError",
        reason: "ConnectionRefused"
      })
    }))

  it.live("an attempt that outlives requestTimeout is aborted on the wire, and the retry succeeds", () =>
    Effect.gen(function*() {
      const server = yield* loopbackServer((_, response, index) => {
        if (index === 1) json(response, 200, { data: keyJson(1) })
        // The first request never gets an answer.
      })
      const byok = yield* clientAt(server.url, { requestTimeout: "200 millis", retrySchedule: Schedule.recurs(1) })
      expect((yield* byok.get(keyId(1))).id).toBe(keyId(1))
      yield* eventually(() => server.received[0]!.closedEarly)
      expect(server.received.map((request) => request.closedEarly)).toEqual([true, false])
    }))

  it.live("interrupting a listing aborts its requests in flight", () =>
    Effect.gen(function*() {
      const answered = yield* Deferred.make<void>()
      const server = yield* loopbackServer((_, response, index) => {
        if (index === 0) {
          json(response, 200, listBody(10, 0, 2))
          Deferred.doneUnsafe(answered, Effect.void)
        }
      })
      const byok = yield* clientAt(server.url)
      const fiber = yield* Effect.forkChild(Stream.runDrain(byok.list({ limit: 2, concurrency: 3 })))
      yield* Deferred.await(answered)
      yield* eventually(() => server.received.length === 4)
      yield* Fiber.interrupt(fiber)
      yield* eventually(() => server.received.slice(1).every((request) => request.closedEarly))
      expect(server.received.map((request) => request.closedEarly)).toEqual([false, true, true, true])
    }))
})
