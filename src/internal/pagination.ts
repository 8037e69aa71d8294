import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import { type ListParams, maxPageSize } from "../ByokKey.js"
import type * as Api from "../OpenRouterByok.js"
import type { InvalidRequest } from "../OpenRouterByokError.js"
import * as Arguments from "./arguments.js"
import { openParcel, parcel } from "./parcel.js"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** What pagination needs to know of a page. */
export interface OffsetPage {
  readonly data: ReadonlyArray<unknown>
  readonly totalCount: number
  readonly offset: number
}

/**
 * Where the page after `page` starts, or `None` when `page` is the last one: it reached
 * `totalCount`, or it was empty (so a server whose total is wrong cannot make us loop).
 *
 * @internal
 */
export const nextOffset = (page: OffsetPage): Option.Option<number> => {
  const next = page.offset + page.data.length
  return page.data.length === 0 || next >= page.totalCount ? Option.none() : Option.some(next)
}

/**
 * Offset/limit pagination as a lazy stream of pages: exactly ceil(total / limit) requests,
 * one when the total is 0.
 *
 * With `concurrency` above 1 the first page is fetched alone to learn `totalCount`; the
 * offsets of the remaining pages then follow from it and are fetched with at most
 * `concurrency` requests in flight, emitted in order. The page size is the one the server
 * actually gave, so a server that caps `limit` below what was asked skips nothing.
 *
 * @internal
 */
export const paginate = <P extends OffsetPage, E, R>(options: {
  readonly offset: number
  readonly limit: number
  readonly concurrency: number
  readonly fetchPage: (offset: number, limit: number) => Effect.Effect<P, E, R>
}): Stream.Stream<P, E, R> => {
  const { concurrency, fetchPage, limit, offset } = options
  if (concurrency <= 1) {
    return Stream.paginateEffect(offset, (offset) =>
      Effect.map(fetchPage(offset, limit), (page) => [page, nextOffset(page)] as const))
  }
  return Stream.flatMap(Stream.fromEffect(fetchPage(offset, limit)), (first) =>
    Option.match(nextOffset(first), {
      onNone: () => Stream.succeed(first),
      onSome: (start) => {
        // Not the last page, so it is full: its length is the page size the server honours.
        const pageSize = first.data.length
        const remainingPages = Math.ceil((first.totalCount - start) / pageSize)
        return Stream.concat(
          Stream.succeed(first),
          Stream.map(
            Stream.mapEffect(
              Stream.range(0, remainingPages - 1),
              // `mapEffect` runs each page in a fiber that ends with it: a parcel lets the page go once emitted.
              (index) => Effect.map(fetchPage(start + index * pageSize, pageSize), parcel),
              { concurrency }
            ),
            openParcel
          )
        )
      }
    }))
}

/**
 * The pages of `list(params)` for any page source (the HTTP client, the in-memory layer):
 * checks the parameters (`InvalidRequest`, nothing fetched) and applies their defaults
 * (offset 0, limit 100, concurrency 1).
 *
 * @internal
 */
export const listPages = <P extends OffsetPage, E, R>(
  params: ListParams | undefined,
  fetchPage: (params: ListParams, offset: number, limit: number) => Effect.Effect<P, E, R>
): Stream.Stream<P, E | InvalidRequest, R> =>
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
export const itemsOf = <A, E, R>(pages: Stream.Stream<{ readonly data: ReadonlyArray<A> }, E, R>): Stream.Stream<A, E, R> =>
  Stream.mapConcatChunk(pages, (page) => Chunk.unsafeFromArray(page.data))

/**
 * The service from its operations, with `listItems` always derived from `list` (the HTTP
 * client and the in-memory layer alike).
 *
 * @internal
 */
export const serviceFrom = (operations: Omit<Api.Service, "listItems">): Api.Service => ({
  ...operations,
  listItems: (params) => itemsOf(operations.list(params))
})
