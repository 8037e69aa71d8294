import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import { fetchStack, type HttpStack, httpStacks, loopback, nodeStack } from "./support/clients.js"
import { errorBody, keyJson, listBody } from "./support/fixtures.js"
import { failureOf } from "./support/observe.js"
import { listing } from "./support/scripts.js"
import { Reply } from "./support/TestServer.js"

const totals = [0, 1, 99, 100, 101, 250]
const limits = [1, 50, 100]
const matrix = totals.flatMap((total) =>
  limits.map((limit) => ({ total, limit, requests: Math.max(1, Math.ceil(total / limit)) }))
)

const countsRequests = (http: HttpStack, concurrency: number) => ({ limit, requests, total }: typeof matrix[number]) =>
  Effect.gen(function*() {
    const { byok, server } = yield* loopback({ http })
    server.script(listing(total))
    const keys = yield* Stream.runCollect(byok.listItems({ limit, concurrency }))
    expect(server.requests).toHaveLength(requests)
    // Concurrent requests may arrive in any order; each page is asked for exactly once.
    expect(server.requests.map((request) => Number(request.query.offset)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: requests }, (_, page) => page * limit)
    )
    expect(Chunk.toReadonlyArray(keys).map((key) => key.sortOrder)).toEqual(
      Array.from({ length: total }, (_, index) => index)
    )
  })

describe("OpenRouterByok.list request counts", () => {
  describe.each([1, 4])("over FetchHttpClient with concurrency %i", (concurrency) => {
    it.scoped.each(matrix)(
      "sends $requests request(s) for $total credentials $limit per page, and yields them all in order",
      countsRequests(fetchStack, concurrency)
    )
  })

  // The same arithmetic over node:http, without the page-size-1 rows (over 500 more requests).
  describe.each([1, 4])("over NodeHttpClient with concurrency %i", (concurrency) => {
    it.scoped.each(matrix.filter((row) => row.limit > 1))(
      "sends $requests request(s) for $total credentials $limit per page, and yields them all in order",
      countsRequests(nodeStack, concurrency)
    )
  })
})

describe.each(httpStacks)("OpenRouterByok.list pagination over $name", (http) => {
  it.scoped("stops at an empty page even when totalCount says there is more", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback({ http })
      server.replies(Reply.json(200, listBody(500, 0, 2)), Reply.json(200, { data: [], total_count: 500 }))
      const keys = yield* Stream.runCollect(byok.listItems({ limit: 2 }))
      expect(server.requests).toHaveLength(2)
      expect(Chunk.size(keys)).toBe(2)
    }))

  it.scoped("sends nothing until the stream is pulled", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback({ http })
      server.script(listing(10))
      const stream = byok.list({ limit: 2 })
      yield* Effect.yieldNow()
      expect(server.requests).toHaveLength(0)
      yield* Stream.runDrain(stream)
      expect(server.requests).toHaveLength(5)
    }))

  it.scoped("fetches only the pages that are pulled", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback({ http })
      server.script(listing(250))
      const keys = yield* Stream.runCollect(Stream.take(byok.listItems({ limit: 50 }), 60))
      expect(Chunk.size(keys)).toBe(60)
      expect(server.requests).toHaveLength(2)
    }))

  it.scoped("repeats only the page whose request failed, when it retries", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback({ http })
      const list = listing(5)
      server.script((request) => request.index === 1 ? Reply.json(503, errorBody(503, "try again")) : list(request))
      const keys = yield* Stream.runCollect(byok.listItems({ limit: 2 }))
      expect(server.requests.map((request) => request.query.offset)).toEqual(["0", "2", "2", "4"])
      expect(Chunk.toReadonlyArray(keys).map((key) => key.sortOrder)).toEqual([0, 1, 2, 3, 4])
    }))

  it.scoped("emits the pages before a failing one, then fails", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback({ http })
      const list = listing(6)
      server.script((request) => request.index === 1 ? Reply.json(401, errorBody(401, "revoked")) : list(request))
      const seen: Array<number> = []
      const exit = yield* Stream.runForEach(byok.listItems({ limit: 2 }), (key) =>
        Effect.sync(() => seen.push(key.sortOrder)))
        .pipe(Effect.exit)
      expect(seen).toEqual([0, 1])
      expect(failureOf(exit)._tag).toBe("Unauthorized")
      expect(server.requests).toHaveLength(2)
    }))

  it.scoped("aborts the request in flight when the stream is interrupted between pages", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback({ http })
      server.replies(Reply.json(200, listBody(3, 0, 1)), Reply.hang)
      const fiber = yield* Effect.fork(Stream.runDrain(byok.list({ limit: 1 })))
      yield* server.awaitRequests(2)
      yield* Fiber.interrupt(fiber)
      yield* server.requests[1]!.awaitClosedByClient()
      expect(server.requests.map((request) => request.closedByClient)).toEqual([false, true])
    }))

  it.scoped("aborts the request in flight when the stream is interrupted while a body arrives", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback({ http })
      server.replies(Reply.stalled(200, { data: [keyJson(0)], total_count: 1 }, 20))
      const fiber = yield* Effect.fork(Stream.runDrain(byok.list()))
      yield* server.awaitRequests(1)
      yield* Fiber.interrupt(fiber)
      yield* server.requests[0]!.awaitClosedByClient()
      expect(server.requests[0]!.closedByClient).toBe(true)
    }))

  it.scoped("aborts every request in flight when a concurrent listing is interrupted", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback({ http })
      const list = listing(10)
      server.script((request) => request.index === 0 ? list(request) : Reply.hang)
      const fiber = yield* Effect.fork(Stream.runDrain(byok.list({ limit: 2, concurrency: 3 })))
      yield* server.awaitRequests(4)
      yield* Fiber.interrupt(fiber)
      yield* Effect.forEach(server.requests.slice(1), (request) => request.awaitClosedByClient())
      expect(server.requests.map((request) => request.closedByClient)).toEqual([false, true, true, true])
    }))
})
