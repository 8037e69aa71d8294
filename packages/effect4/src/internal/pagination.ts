import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import { afterPage, type OffsetPage, seen, type SeenPage } from "openrouter-byok-core"
import { type ListParams, maxPageSize } from "../ByokKey.js"
import type * as Api from "../OpenRouterByok.js"
import { InconsistentPagination, type InvalidRequest } from "../OpenRouterByokError.js"
import * as Arguments from "./arguments.js"

export type { OffsetPage } from "openrouter-byok-core"

/** The request the sequential listing sends next: its offset, and what it keeps of the page before it (to spot a repeat). */
interface Cursor {
  readonly offset: number
  readonly previous: SeenPage | undefined
}

/** The cursor after `page`, `None` when `page` is the last one, or `InconsistentPagination`. */
const follow = (page: OffsetPage, previous: SeenPage | undefined) => {
  const after = afterPage(page, previous)
  switch (after._tag) {
    case "Next":
      return Effect.succeed(Option.some<Cursor>({ offset: after.offset, previous: seen(page) }))
    case "Last":
      return Effect.succeed(Option.none<Cursor>())
    case "Repeated":
      return Effect.fail(new InconsistentPagination({ offset: page.offset, previousOffset: after.previousOffset }))
  }
}

/**
 * Offset/limit pagination as a lazy stream of pages. Every concurrency follows the same rule
 * (`afterPage`): the next request starts where the page received ends, the listing stops at
 * an empty page or at the page that reaches its `totalCount`, and fails with
 * `InconsistentPagination` on a page that repeats the one before it.
 *
 * With `concurrency` above 1, the first page is fetched alone; its length is taken as the page
 * size, and the pages it predicts up to `totalCount` are requested ahead, at most
 * `concurrency` at a time, with the same `limit`. A page fetched ahead is emitted only when it
 * is the one the sequential listing would ask for next; at the first page that ends somewhere
 * else (a shorter or longer page) the requests ahead are interrupted and the listing goes on
 * sequentially. So it emits exactly what `concurrency: 1` emits, or fails with the same error,
 * and sends at most `concurrency` requests more.
 *
 * @internal
 */
export const paginate = <P extends OffsetPage, E, R>(options: {
  readonly offset: number
  readonly limit: number
  readonly concurrency: number
  readonly fetchPage: (offset: number, limit: number) => Effect.Effect<P, E, R>
}): Stream.Stream<P, E | InconsistentPagination, R> => {
  const { concurrency, fetchPage, limit } = options

  // One page per step: `Stream.paginate` emits the array each step returns.
  const sequential = (start: Cursor) =>
    Stream.paginate(start, (cursor) =>
      Effect.flatMap(
        fetchPage(cursor.offset, limit),
        (page) => Effect.map(follow(page, cursor.previous), (next) => [[page], next] as const)
      ))

  const ahead = (first: P, start: Cursor): Stream.Stream<P, E | InconsistentPagination, R> =>
    // Where the pages fetched ahead have brought the listing: the cursor after the last page emitted
    // (which remembers that page), or `None` once a page was the last.
    Stream.unwrap(Effect.map(Ref.make(Option.some(start)), (progress) => {
      const pageSize = first.data.length
      const predicted = Math.min(Math.ceil((first.totalCount - start.offset) / pageSize), Number.MAX_SAFE_INTEGER)
      const fetchedAhead = Stream.range(0, predicted - 1).pipe(
        Stream.map((index) => start.offset + index * pageSize),
        // A page fetched ahead may be one the sequential listing never asks for: its failure is kept, not raised.
        Stream.mapEffect((offset) => Effect.result(fetchPage(offset, limit)), { concurrency }),
        Stream.mapEffect((fetched) =>
          Effect.gen(function*() {
            const page = yield* Effect.fromResult(fetched)
            const cursor = yield* Ref.get(progress)
            const next = yield* follow(page, Option.getOrUndefined(cursor)?.previous)
            yield* Ref.set(progress, next)
            // The prediction holds only while each page ends where the next predicted one starts.
            return { page, onTrack: Option.isSome(next) && next.value.offset === page.offset + pageSize }
          })
        ),
        Stream.takeUntil((step) => !step.onTrack),
        Stream.map((step) => step.page)
      )
      // Once the pages ahead are done (and their requests closed), the sequential listing goes on from where they left it.
      const rest = Stream.unwrap(
        Effect.map(Ref.get(progress), Option.match({ onNone: () => Stream.empty, onSome: sequential }))
      )
      return Stream.concat(fetchedAhead, rest)
    }))

  const start: Cursor = { offset: options.offset, previous: undefined }
  if (concurrency <= 1) return sequential(start)
  return Stream.flatMap(Stream.fromEffect(fetchPage(start.offset, limit)), (first) =>
    Stream.concat(
      Stream.succeed(first),
      Stream.unwrap(Effect.map(
        follow(first, undefined),
        Option.match({
          onNone: () => Stream.empty,
          onSome: (next) => ahead(first, next)
        })
      ))
    ))
}

/**
 * The pages of `list(params)` for a page source: checks the parameters (`InvalidRequest`,
 * nothing fetched) and applies their defaults (offset 0, limit 100, concurrency 1).
 *
 * @internal
 */
export const listPages = <P extends OffsetPage, E, R>(
  params: ListParams | undefined,
  fetchPage: (params: ListParams, offset: number, limit: number) => Effect.Effect<P, E, R>
): Stream.Stream<P, E | InvalidRequest | InconsistentPagination, R> =>
  Stream.unwrap(Effect.map(Arguments.listParams("OpenRouterByok.list", params), (valid) =>
    paginate({
      offset: valid.offset ?? 0,
      limit: valid.limit ?? maxPageSize,
      concurrency: valid.concurrency ?? 1,
      fetchPage: (offset, limit) => fetchPage(valid, offset, limit)
    })))

/**
 * The elements of a stream of pages, one per element: `listItems` from `list`.
 *
 * @internal
 */
export const itemsOf = <A, E, R>(
  pages: Stream.Stream<{ readonly data: ReadonlyArray<A> }, E, R>
): Stream.Stream<A, E, R> => pages.pipe(Stream.map((page) => page.data), Stream.flattenIterable)

/**
 * The service from its operations, with `listItems` always derived from `list`.
 *
 * @internal
 */
export const serviceFrom = (operations: Omit<Api.Service, "listItems">): Api.Service => ({
  ...operations,
  listItems: (params) => itemsOf(operations.list(params))
})
