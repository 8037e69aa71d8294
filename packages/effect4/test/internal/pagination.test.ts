import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import * as fc from "fast-check"
import { paginate } from "../../src/internal/pagination.js"
import { InconsistentPagination } from "../../src/OpenRouterByokError.js"

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

const items = (pages: ReadonlyArray<Page>) => pages.flatMap((page) => page.data)

describe("paginate", () => {
  it.effect("sends exactly ceil(total / limit) requests, one when the total is 0, and yields every item once, in order", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 250 }),
          fc.integer({ min: 1, max: 100 }),
          fc.integer({ min: 1, max: 8 }),
          async (total, limit, concurrency) => {
            const { fetchPage, requests } = collection(total)
            const pages = await Effect.runPromise(
              Stream.runCollect(paginate({ offset: 0, limit, concurrency, fetchPage }))
            )
            expect(requests).toHaveLength(Math.max(1, Math.ceil(total / limit)))
            expect(items(pages)).toEqual(Array.from({ length: total }, (_, i) => i))
          }
        ),
        { numRuns: 30, examples: [[0, 1, 1], [100, 100, 1], [101, 100, 4], [250, 1, 4]] }
      )
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

  it.effect.each([1, 4])(
    "skips nothing when the server honours a smaller limit than asked (concurrency %i)",
    (concurrency) =>
      Effect.gen(function*() {
        const { fetchPage, requests } = collection(95, 20)
        const pages = yield* Stream.runCollect(paginate({ offset: 0, limit: 50, concurrency, fetchPage }))
        expect(items(pages)).toEqual(Array.from({ length: 95 }, (_, i) => i))
        expect(requests).toHaveLength(5)
      })
  )

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
        Effect.tap(fetchPage(offset, limit), () => Effect.sleep(`${100 - offset} millis`))
      const fiber = yield* Effect.forkChild(
        Stream.runCollect(paginate({ offset: 0, limit: 10, concurrency: 4, fetchPage: reordered }))
      )
      yield* TestClock.adjust("1 second")
      const pages = yield* Fiber.join(fiber)
      expect(pages.map((page) => page.offset)).toEqual([0, 10, 20, 30, 40, 50])
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
          () => Effect.tap(fetchPage(offset, limit), () => Effect.sleep("10 millis")),
          () => Effect.sync(() => inFlight--)
        )
      const fiber = yield* Effect.forkChild(
        Stream.runDrain(paginate({ offset: 0, limit: 10, concurrency: 3, fetchPage: tracked }))
      )
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect(most).toBe(3)
    }))
})

/**
 * A server that may lie, as a pure function of the request's offset and limit (so that every
 * concurrency meets the same server): page sizes per page, a reported total of its own, an
 * `offset` it ignores, offsets that fail.
 */
interface Hostile {
  /** How many items it really holds. */
  readonly items: number
  /** The size of each page along the sequence it serves (cycled); 0 is an empty page. */
  readonly pageSizes: ReadonlyArray<number>
  /** The `totalCount` each page reports, from the page's index along that sequence. */
  readonly totalCount: (pageIndex: number) => number
  readonly ignoresOffset: boolean
  /** Offsets whose requests fail. */
  readonly failing: ReadonlySet<number>
}

const hostileServer = (server: Hostile) => {
  let requests = 0
  // Page k starts where the k - 1 pages before it end.
  const pageIndexAt = (offset: number) => {
    let start = 0
    for (let k = 0;; k++) {
      const size = server.pageSizes[k % server.pageSizes.length]!
      if (offset < start + Math.max(size, 1)) return k
      start += Math.max(size, 1)
    }
  }
  const fetchPage = (offset: number, limit: number) =>
    Effect.suspend(() => {
      requests++
      if (requests > 5_000) return Effect.die(new Error("the listing does not end"))
      const k = pageIndexAt(offset)
      // A few yields per page, different per offset, so that concurrent pages complete out of order.
      return Effect.andThen(
        Effect.repeat(Effect.yieldNow, { times: (offset * 7) % 5 }),
        server.failing.has(offset)
          ? Effect.fail(`failed at ${offset}` as const)
          : Effect.sync((): Page => {
            const from = server.ignoresOffset ? 0 : offset
            const size = Math.max(
              0,
              Math.min(limit, server.pageSizes[k % server.pageSizes.length]!, server.items - from)
            )
            return { data: Array.from({ length: size }, (_, i) => from + i), totalCount: server.totalCount(k), offset }
          })
      )
    })
  return { fetchPage, requests: () => requests }
}

const listingOf = (server: Hostile, limit: number, concurrency: number) =>
  Effect.gen(function*() {
    const { fetchPage, requests } = hostileServer(server)
    const exit = yield* Effect.exit(Stream.runCollect(paginate({ offset: 0, limit, concurrency, fetchPage })))
    return { outcome: Exit.map(exit, items), requests: requests() }
  })

const hostileArbitrary: fc.Arbitrary<Hostile> = fc.record({
  items: fc.integer({ min: 0, max: 300 }),
  pageSizes: fc.array(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(0)), { minLength: 1, maxLength: 8 }),
  totalCount: fc.oneof(
    fc.constant("true" as const),
    fc.constant(10 ** 12),
    fc.integer({ min: 0, max: 400 }),
    fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 5 })
  ),
  ignoresOffset: fc.boolean(),
  failing: fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 2 })
}).map((drawn) => ({
  items: drawn.items,
  pageSizes: drawn.pageSizes,
  totalCount: (k: number) =>
    drawn.totalCount === "true"
      ? drawn.items
      : typeof drawn.totalCount === "number"
      ? drawn.totalCount
      : drawn.totalCount[k % drawn.totalCount.length]!,
  ignoresOffset: drawn.ignoresOffset,
  failing: new Set(drawn.failing)
}))

describe("paginate against a server that lies", () => {
  it.effect("yields at every concurrency exactly what concurrency 1 yields, or the same error, with at most `concurrency` requests more", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          hostileArbitrary,
          fc.integer({ min: 1, max: 100 }),
          fc.integer({ min: 2, max: 8 }),
          async (server, limit, concurrency) => {
            const sequential = await Effect.runPromise(listingOf(server, limit, 1))
            const concurrent = await Effect.runPromise(listingOf(server, limit, concurrency))
            expect(concurrent.outcome).toEqual(sequential.outcome)
            expect(concurrent.requests).toBeLessThanOrEqual(sequential.requests + concurrency)
          }
        ),
        { numRuns: 300, seed: 20261201 }
      )
    ))

  const honest = (items: number, pageSizes: ReadonlyArray<number>): Hostile => ({
    items,
    pageSizes,
    totalCount: () => items,
    ignoresOffset: false,
    failing: new Set()
  })
  const all = (n: number) => Array.from({ length: n }, (_, i) => i)

  it.effect.each([1, 4])(
    "follows a first page of 25 and later pages of 20 to the last credential (concurrency %i)",
    (concurrency) =>
      Effect.gen(function*() {
        const { outcome } = yield* listingOf(honest(237, [25, 20]), 100, concurrency)
        expect(outcome).toEqual(Exit.succeed(all(237)))
      })
  )

  it.effect.each([1, 4])(
    "follows page sizes that shrink, grow and vary with no gap (concurrency %i)",
    (concurrency) =>
      Effect.gen(function*() {
        const { outcome } = yield* listingOf(honest(250, [40, 10, 60, 1, 100, 7]), 100, concurrency)
        expect(outcome).toEqual(Exit.succeed(all(250)))
      })
  )

  it.effect.each([1, 4])(
    "ends at the first empty page when totalCount is inflated (concurrency %i)",
    (concurrency) =>
      Effect.gen(function*() {
        const { outcome, requests } = yield* listingOf(
          { ...honest(250, [100]), totalCount: () => 10 ** 12 },
          100,
          concurrency
        )
        expect(outcome).toEqual(Exit.succeed(all(250)))
        expect(requests).toBeLessThanOrEqual(4 + concurrency)
      })
  )

  it.effect.each([1, 4])(
    "fails with InconsistentPagination against a server that ignores offset (concurrency %i)",
    (concurrency) =>
      Effect.gen(function*() {
        const { outcome, requests } = yield* listingOf(
          { ...honest(250, [100]), ignoresOffset: true, totalCount: () => 10 ** 12 },
          100,
          concurrency
        )
        expect(outcome).toEqual(Exit.fail(new InconsistentPagination({ offset: 100, previousOffset: 0 })))
        expect(requests).toBeLessThanOrEqual(2 + concurrency)
      })
  )

  it.effect("interrupts the requests sent ahead once a short page shows the prediction wrong", () =>
    Effect.gen(function*() {
      const { fetchPage } = collection(100, 10)
      const interrupted: Array<number> = []
      // The page at 20 comes back short; the pages predicted after it never answer.
      const shortThenHang = (offset: number, limit: number) =>
        offset === 0 || offset === 10
          ? fetchPage(offset, limit)
          : offset === 20
          ? Effect.map(fetchPage(offset, limit), (page) => ({ ...page, data: page.data.slice(0, 5) }))
          : offset % 10 === 0
          ? Effect.onInterrupt(Effect.never, () => Effect.sync(() => interrupted.push(offset)))
          : fetchPage(offset, limit)
      const pages = yield* Stream.runCollect(
        Stream.take(paginate({ offset: 0, limit: 10, concurrency: 3, fetchPage: shortThenHang }), 4)
      )
      expect(pages.map((page) => page.offset)).toEqual([0, 10, 20, 25])
      expect(interrupted.length).toBeGreaterThan(0)
    }))
})
