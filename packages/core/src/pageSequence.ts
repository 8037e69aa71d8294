// The rules that say which page a listing asks for next, shared by every
// concurrency so that a concurrent listing can only ever emit what a sequential one would.

/**
 * What a listing needs to know of a page.
 */
export interface OffsetPage {
  readonly data: ReadonlyArray<unknown>
  readonly totalCount: number
  /** The offset the page was asked for at. */
  readonly offset: number
}

/**
 * What the rule keeps of a page to spot a repeat: its offset and its items' identities (a
 * credential's id), not the items, so a page is garbage once its consumer is done with it
 * rather than after the next page has arrived.
 */
export interface SeenPage {
  readonly offset: number
  readonly identities: ReadonlyArray<unknown>
}

/** Credentials are the same when their ids are; other items (in tests, numbers) when they are equal. */
const identityOf = (item: unknown): unknown =>
  typeof item === "object" && item !== null && "id" in item ? (item as { readonly id: unknown }).id : item

/** A page as the listing remembers it while it asks for the next one. */
export const seen = (page: OffsetPage): SeenPage => ({ offset: page.offset, identities: page.data.map(identityOf) })

/**
 * What the sequential listing does after a page: ask for the page at `offset`, stop, or give
 * up because the page repeats the one before it (a server that ignores `offset`).
 */
export type AfterPage =
  | { readonly _tag: "Next"; readonly offset: number }
  | { readonly _tag: "Last" }
  | { readonly _tag: "Repeated"; readonly previousOffset: number }

/**
 * The one rule of offset paging: continue at `offset + data.length` until a page reaches
 * `totalCount` or is empty (so a server whose total is wrong cannot make it loop), and stop
 * with `Repeated` when a non-empty page holds exactly the credentials of the page before it.
 */
export const afterPage = (page: OffsetPage, previous: SeenPage | undefined): AfterPage => {
  if (previous !== undefined && repeats(page, previous)) return { _tag: "Repeated", previousOffset: previous.offset }
  const next = page.offset + page.data.length
  return page.data.length === 0 || next >= page.totalCount ? { _tag: "Last" } : { _tag: "Next", offset: next }
}

const repeats = (page: OffsetPage, previous: SeenPage): boolean =>
  page.data.length > 0 && page.data.length === previous.identities.length &&
  page.data.every((item, i) => identityOf(item) === previous.identities[i])
