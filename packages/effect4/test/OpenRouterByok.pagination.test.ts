import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { failureOf, listingStub, onStub, stubbed } from "./support/clients.js"
import { errorBody, keyJson, listBody } from "./support/fixtures.js"
import * as StubHttpClient from "./support/StubHttpClient.js"

const { Reply } = StubHttpClient

const totals = [0, 1, 99, 100, 101, 250]
const limits = [1, 50, 100]
const matrix = totals.flatMap((total) =>
  limits.map((limit) => ({ total, limit, requests: Math.max(1, Math.ceil(total / limit)) }))
)

const offsets = (stub: StubHttpClient.StubHttpClient) =>
  stub.requests.map((request) => Number(StubHttpClient.queryParam(request, "offset")))

describe("OpenRouterByok.list", () => {
  describe.each([1, 4, 16])("with concurrency %i", (concurrency) => {
    it.effect.each(matrix)(
      "sends $requests request(s) for $total credentials $limit per page, and yields them all in order",
      ({ limit, requests, total }) =>
        Effect.gen(function*() {
          const { byok, stub } = yield* onStub(listingStub(total))
          const keys = yield* Stream.runCollect(byok.listItems({ limit, concurrency }))
          expect(stub.requests).toHaveLength(requests)
          // Concurrent requests may be sent in any order; each page is asked for exactly once.
          expect(offsets(stub).sort((a, b) => a - b)).toEqual(
            Array.from({ length: requests }, (_, page) => page * limit)
          )
          expect(keys.map((key) => key.sortOrder)).toEqual(Array.from({ length: total }, (_, index) => index))
        })
    )

    it.effect("fails with InconsistentPagination against a server that ignores offset", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([Reply.json(200, { ...listBody(500, 0, 2), total_count: 500 })])
        const seen: Array<number> = []
        const exit = yield* Stream.runForEach(
          byok.listItems({ limit: 2, concurrency }),
          (key) => Effect.sync(() => seen.push(key.sortOrder))
        ).pipe(Effect.exit)
        expect(failureOf(exit)).toMatchObject({ _tag: "InconsistentPagination", offset: 2, previousOffset: 0 })
        expect(failureOf(exit).message).toContain("repeats the page at offset 0")
        // The first page, once: never a repeated credential.
        expect(seen).toEqual([0, 1])
        expect(stub.requests.length).toBeLessThanOrEqual(2 + concurrency)
      }))

    it.effect("stops at an empty page even when totalCount says there is more", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* onStub(StubHttpClient.make((_, request) => {
          const offset = Number(StubHttpClient.queryParam(request, "offset"))
          return Reply.json(200, { ...listBody(2, offset, 2), total_count: 500 })
        }))
        const keys = yield* Stream.runCollect(byok.listItems({ limit: 2, concurrency }))
        expect(keys).toHaveLength(2)
        expect(stub.requests.length).toBeLessThanOrEqual(2 + concurrency)
      }))
  })

  it.effect("sends nothing until the stream is pulled", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* onStub(listingStub(10))
      const stream = byok.list({ limit: 2 })
      yield* Effect.yieldNow
      expect(stub.requests).toHaveLength(0)
      yield* Stream.runDrain(stream)
      expect(stub.requests).toHaveLength(5)
    }))

  it.effect("fetches only the pages that are pulled", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* onStub(listingStub(250))
      const keys = yield* Stream.runCollect(Stream.take(byok.listItems({ limit: 50 }), 60))
      expect(keys).toHaveLength(60)
      expect(stub.requests).toHaveLength(2)
    }))

  it.effect("repeats only the page whose request failed, when it retries", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* stubbed([
        Reply.json(200, listBody(5, 0, 2)),
        Reply.json(503, errorBody(503, "try again")),
        Reply.json(200, listBody(5, 2, 2)),
        Reply.json(200, listBody(5, 4, 2))
      ], { retrySchedule: Schedule.recurs(2) })
      const keys = yield* Stream.runCollect(byok.listItems({ limit: 2 }))
      expect(offsets(stub)).toEqual([0, 2, 2, 4])
      expect(keys.map((key) => key.sortOrder)).toEqual([0, 1, 2, 3, 4])
    }))

  it.effect("emits the pages before a failing one, then fails", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* stubbed([
        Reply.json(200, listBody(6, 0, 2)),
        Reply.json(401, errorBody(401, "revoked"))
      ])
      const seen: Array<number> = []
      const exit = yield* Stream.runForEach(byok.listItems({ limit: 2 }), (key) =>
        Effect.sync(() => seen.push(key.sortOrder))).pipe(Effect.exit)
      expect(seen).toEqual([0, 1])
      expect(failureOf(exit)._tag).toBe("Unauthorized")
      expect(stub.requests).toHaveLength(2)
    }))

  it.effect("gives the totalCount of each page as the server said it", () =>
    Effect.gen(function*() {
      const { byok } = yield* stubbed([Reply.json(200, { data: [keyJson(0)], total_count: 1 })])
      const [page] = yield* Stream.runCollect(byok.list())
      expect(page).toMatchObject({ totalCount: 1, offset: 0, limit: 100 })
    }))
})
