import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as fc from "fast-check"
import { nextOffset, paginate } from "../../src/internal/pagination.js"
import { holding, recordingEndings } from "../support/fiberEndings.js"

interface Page {
  readonly data: ReadonlyArray<number>
  readonly totalCount: number
  readonly offset: number
}

/**
 * A collection of `total` numbered items served in pages of at most `cap` items (a server may
 * honour a smaller `limit` than asked), recording each request.
 */
const collection = (total: number, cap = Infinity) => {
  const requests: Array<{ readonly offset: number; readonly limit: number }> = []
  const fetchPage = (offset: number, limit: number) =>
    Effect.sync((): Page => {
      requests.push({ offset, limit })
      const size = Math.max(0, Math.min(limit, cap, total - offset))
      return { data: Array.from({ length: size }, (_, i) => offset + i), totalCount: total, offset }
    })
  return { requests, fetchPage }
}

const items = (pages: Chunk.Chunk<Page>) => Chunk.toReadonlyArray(pages).flatMap((page) => page.data)

describe("nextOffset", () => {
  it("continues after a page that does not reach totalCount", () => {
    expect(nextOffset({ data: [0, 1], totalCount: 5, offset: 0 })).toEqual(Option.some(2))
  })

  it("stops after the page that reaches totalCount", () => {
    expect(nextOffset({ data: [3, 4], totalCount: 5, offset: 3 })).toEqual(Option.none())
  })

  it("stops after an empty page, even when totalCount says there is more", () => {
    expect(nextOffset({ data: [], totalCount: 500, offset: 100 })).toEqual(Option.none())
  })

  it("stops when a page goes beyond a totalCount that shrank meanwhile", () => {
    expect(nextOffset({ data: [4, 5, 6], totalCount: 5, offset: 4 })).toEqual(Option.none())
  })
})

describe("paginate", () => {
  it.effect("sends exactly ceil(total / limit) requests, one when the total is 0, and yields every item once, in order", () =>
    Effect.promise(() =>
      fc.assert(fc.asyncProperty(
        fc.integer({ min: 0, max: 250 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 8 }),
        async (total, limit, concurrency) => {
          const { fetchPage, requests } = collection(total)
          const pages = await Effect.runPromise(Stream.runCollect(paginate({ offset: 0, limit, concurrency, fetchPage })))
          expect(requests).toHaveLength(Math.max(1, Math.ceil(total / limit)))
          expect(items(pages)).toEqual(Array.from({ length: total }, (_, i) => i))
        }
      ), { numRuns: 30, examples: [[0, 1, 1], [100, 100, 1], [101, 100, 4], [250, 1, 4]] })
    ))

  it.effect("starts at the given offset", () =>
    Effect.gen(function*() {
      const { fetchPage, requests } = collection(10)
      const pages = yield* Stream.runCollect(paginate({ offset: 4, limit: 3, concurrency: 1, fetchPage }))
      expect(requests.map((request) => request.offset)).toEqual([4, 7])
      expect(items(pages)).toEqual([4, 5, 6, 7, 8, 9])
    }))

  it.effect("sends one request when the offset is already past the end", () =>
    Effect.gen(function*() {
      const { fetchPage, requests } = collection(10)
      const pages = yield* Stream.runCollect(paginate({ offset: 50, limit: 10, concurrency: 4, fetchPage }))
      expect(requests).toHaveLength(1)
      expect(items(pages)).toEqual([])
    }))

  it.effect.each([1, 4])("skips nothing when the server honours a smaller limit than asked (concurrency %i)", (concurrency) =>
    Effect.gen(function*() {
      const { fetchPage, requests } = collection(95, 20)
      const pages = yield* Stream.runCollect(paginate({ offset: 0, limit: 50, concurrency, fetchPage }))
      expect(items(pages)).toEqual(Array.from({ length: 95 }, (_, i) => i))
      expect(requests).toHaveLength(5)
    }))

  it.effect("is lazy: nothing is fetched until the stream is pulled, and only as far as it is pulled", () =>
    Effect.gen(function*() {
      const { fetchPage, requests } = collection(100)
      const stream = paginate({ offset: 0, limit: 10, concurrency: 1, fetchPage })
      expect(requests).toHaveLength(0)
      yield* Stream.runCollect(Stream.take(stream, 2))
      expect(requests).toHaveLength(2)
    }))

  it.effect("emits pages in offset order when they are fetched concurrently and complete out of order", () =>
    Effect.gen(function*() {
      const { fetchPage } = collection(60)
      // The later a page, the sooner it answers.
      const reordered = (offset: number, limit: number) =>
        Effect.zipLeft(fetchPage(offset, limit), Effect.sleep(`${100 - offset} millis`))
      const fiber = yield* Effect.fork(Stream.runCollect(paginate({ offset: 0, limit: 10, concurrency: 4, fetchPage: reordered })))
      yield* TestClock.adjust("1 second")
      const pages = yield* Fiber.join(fiber)
      expect(Chunk.toReadonlyArray(pages).map((page) => page.offset)).toEqual([0, 10, 20, 30, 40, 50])
    }))

  it.effect.each([1, 4])("lets no fiber end holding a page (concurrency %i)", (concurrency) =>
    Effect.gen(function*() {
      const marker = "page-marker"
      const fetchPage = (offset: number, limit: number) =>
        Effect.succeed({ data: [`${marker}-${offset}`], totalCount: 5 * limit, offset })
      const seen: Array<string> = []
      const { endings } = yield* recordingEndings(
        Stream.runForEach(paginate({ offset: 0, limit: 1, concurrency, fetchPage }), (page) =>
          Effect.sync(() => {
            seen.push(page.data[0]!)
          }))
      )
      // Each page reaches whoever consumes the stream...
      expect(seen).toEqual([0, 1, 2, 3, 4].map((offset) => `${marker}-${offset}`))
      // ...but no finished fiber keeps one.
      expect(holding(endings, "page-marker-1")).toEqual([])
      expect(holding(endings, "page-marker-4")).toEqual([])
    }))

  it.effect("keeps at most `concurrency` requests in flight", () =>
    Effect.gen(function*() {
      const { fetchPage } = collection(100)
      let inFlight = 0
      let most = 0
      const tracked = (offset: number, limit: number) =>
        Effect.acquireUseRelease(
          Effect.sync(() => {
            most = Math.max(most, ++inFlight)
          }),
          () => Effect.zipLeft(fetchPage(offset, limit), Effect.sleep("10 millis")),
          () => Effect.sync(() => inFlight--)
        )
      const fiber = yield* Effect.fork(Stream.runDrain(paginate({ offset: 0, limit: 10, concurrency: 3, fetchPage: tracked })))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect(most).toBe(3)
    }))
})
