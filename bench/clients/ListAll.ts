/** What every benchmarked client does: list every credential, page by page, and count them. */
export interface ListAllOptions {
  readonly apiUrl: string
  readonly apiKey: string
  readonly limit: number
  readonly concurrency: number
}

/** Lists every credential and returns how many it saw. */
export type ListAll = (options: ListAllOptions) => Promise<number>

/** Builds the client (outside the measured time) and returns its listing. */
export type MakeListAll = (options: ListAllOptions) => Promise<() => Promise<number>>
