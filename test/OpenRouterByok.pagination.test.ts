import { describe, expect, it } from "@effect/vitest"
import { MockServer } from "effect-openrouter-byok/testing"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import { fetchStack, type HttpStack, httpStacks, nodeStack, onMockServer } from "./support/clients.js"
import { errorBody } from "./support/fixtures.js"
import { failureOf } from "./support/observe.js"

const totals = [0, 1, 99, 100, 101, 250]
const limits = [1, 50, 100]
const matrix = totals.flatMap((total) =>
  limits.map((limit) => ({ total, limit, requests: Math.max(1, Math.ceil(total / limit)) }))
)

const countsRequests = (http: HttpStack, concurrency: number) => ({ limit, requests, total }: typeof matrix[number]) =>
  Effect.gen(function*() {
    const { byok, server } = yield* onMockServer({ http, keys: total })
    const keys = yield* Stream.runCollect(byok.listItems({ limit, concurrency }))
    const received = yield* server.requests
    expect(received).toHaveLength(requests)
    // Concurrent requests may arrive in any order; each page is asked for exactly once.
    expect(received.map((request) => Number(request.query.offset)).sort((a, b) => a - b)).toEqual(
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
      const { byok, server } = yield* onMockServer({ http, keys: 2 })
      yield* server.misbehave({ totalCount: 500 })
      const keys = yield* Stream.runCollect(byok.listItems({ limit: 2 }))
      expect(yield* server.requests).toHaveLength(2)
      expect(Chunk.size(keys)).toBe(2)
    }))

  it.scoped("sends nothing until the stream is pulled", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* onMockServer({ http, keys: 10 })
      const stream = byok.list({ limit: 2 })
      yield* Effect.yieldNow()
      expect(yield* server.requests).toHaveLength(0)
      yield* Stream.runDrain(stream)
      expect(yield* server.requests).toHaveLength(5)
    }))

  it.scoped("fetches only the pages that are pulled", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* onMockServer({ http, keys: 250 })
      const keys = yield* Stream.runCollect(Stream.take(byok.listItems({ limit: 50 }), 60))
      expect(Chunk.size(keys)).toBe(60)
      expect(yield* server.requests).toHaveLength(2)
    }))

  it.scoped("repeats only the page whose request failed, when it retries", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* onMockServer({ http, keys: 5 })
      yield* server.injectAnswers(["none", MockServer.jsonAnswer(503, errorBody(503, "try again"))])
      const keys = yield* Stream.runCollect(byok.listItems({ limit: 2 }))
      expect((yield* server.requests).map((request) => request.query.offset)).toEqual(["0", "2", "2", "4"])
      expect(Chunk.toReadonlyArray(keys).map((key) => key.sortOrder)).toEqual([0, 1, 2, 3, 4])
    }))

  it.scoped("emits the pages before a failing one, then fails", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* onMockServer({ http, keys: 6 })
      yield* server.injectAnswers(["none", MockServer.jsonAnswer(401, errorBody(401, "revoked"))])
      const seen: Array<number> = []
      const exit = yield* Stream.runForEach(byok.listItems({ limit: 2 }), (key) =>
        Effect.sync(() => seen.push(key.sortOrder)))
        .pipe(Effect.exit)
      expect(seen).toEqual([0, 1])
      expect(failureOf(exit)._tag).toBe("Unauthorized")
      expect(yield* server.requests).toHaveLength(2)
    }))

  it.scoped("aborts the request in flight when the stream is interrupted between pages", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* onMockServer({ http, keys: 3 })
      yield* server.injectFaults(["none", "hang"])
      const fiber = yield* Effect.fork(Stream.runDrain(byok.list({ limit: 1 })))
      yield* server.awaitRequests((requests) => requests.length === 2)
      yield* Fiber.interrupt(fiber)
      const received = yield* server.awaitRequests((requests) => requests[1]!.completed)
      expect(received.map((request) => request.clientClosedEarly)).toEqual([false, true])
    }))

  it.scoped("aborts the request in flight when the stream is interrupted while a body arrives", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* onMockServer({ http, keys: 1 })
      yield* server.injectFaults(["stallBody"])
      const fiber = yield* Effect.fork(Stream.runDrain(byok.list()))
      yield* server.awaitRequests((requests) => requests.length === 1)
      yield* Fiber.interrupt(fiber)
      const [request] = yield* server.awaitRequests((requests) => requests[0]!.completed)
      expect(request).toMatchObject({ status: 200, clientClosedEarly: true })
    }))

  it.scoped("aborts every request in flight when a concurrent listing is interrupted", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* onMockServer({ http, keys: 10 })
      yield* server.injectFaults(["none", "hang", "hang", "hang"])
      const fiber = yield* Effect.fork(Stream.runDrain(byok.list({ limit: 2, concurrency: 3 })))
      yield* server.awaitRequests((requests) => requests.length === 4)
      yield* Fiber.interrupt(fiber)
      const received = yield* server.awaitRequests((requests) => requests.every((request) => request.completed))
      expect(received.map((request) => request.clientClosedEarly)).toEqual([false, true, true, true])
    }))
})
