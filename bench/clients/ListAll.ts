/** What every benchmarked client does: list every credential, page by page, and count them. */
export interface ListAllOptions {
  readonly apiUrl: string
  readonly apiKey: string
  readonly limit: number
  readonly concurrency: number
}

/** Builds the client (outside the measured time) and returns its listing, which resolves to how many credentials it saw. */
export type MakeListAll = (options: ListAllOptions) => Promise<() => Promise<number>>
