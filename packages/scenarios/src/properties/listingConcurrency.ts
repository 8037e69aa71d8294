/**
 * A property rather than a table: whatever a server says about its pages (page sizes that
 * change per page, any `total_count`, an ignored `offset`), a listing at concurrency 4 yields
 * exactly what it yields at concurrency 1 (the same ids, or the same error), with at most 4
 * requests more. Each edition draws the cases from `arbitrary` with `seed` and `numRuns`, runs
 * `scenarioAt(case, 1)` and `scenarioAt(case, 4)` through its adapter, and expects
 * `concurrencyDifferences` to be empty.
 */
import * as fc from "fast-check"
import { ByokKeyFixtures } from "openrouter-byok-mock-server"
import type { Observed, Scenario } from "../scenario.js"

const keys = ByokKeyFixtures.make({ count: 237, seed: 12, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })

export interface LyingServer {
  /** A page size per page of the sequence the server serves, from the offset each page is asked at. */
  readonly pageSizes: ReadonlyArray<number>
  readonly totalCount: number | undefined
  readonly ignoreOffset: boolean
}

export const arbitrary: fc.Arbitrary<LyingServer> = fc.record({
  pageSizes: fc.array(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(0)), { minLength: 1, maxLength: 6 }),
  totalCount: fc.oneof(fc.constant(undefined), fc.constant(10 ** 12), fc.integer({ min: 0, max: 300 })),
  ignoreOffset: fc.boolean()
})

export const seed = 1212
export const numRuns = 40

export const scenarioAt = (server: LyingServer, concurrency: number): Scenario => ({
  name: `a listing at concurrency ${concurrency} of a server that lies about its pages`,
  server: {
    options: {
      keys,
      misbehaviour: {
        pageSize: (offset) => server.pageSizes[Math.floor(offset / 37) % server.pageSizes.length]!,
        totalCount: server.totalCount,
        ignoreOffset: server.ignoreOffset
      }
    }
  },
  call: { operation: "listItems", params: { concurrency } },
  // Unused: the two runs are compared with each other.
  expect: { outcome: { _tag: "Success" } }
})

/** What a listing yielded, the server's own address taken out (each run has a server of its own). */
const yielded = (observed: Observed): unknown => {
  const outcome = observed.outcome
  return outcome._tag === "Success"
    ? { ids: outcome.ids }
    : outcome._tag === "Failure"
    ? { error: outcome.json.replaceAll(observed.serverUrl, "<server>") }
    : outcome
}

/** How the concurrent listing differs from the sequential one, one sentence per difference. */
export const concurrencyDifferences = (sequential: Observed, concurrent: Observed): ReadonlyArray<string> => {
  const differences: Array<string> = []
  const one = JSON.stringify(yielded(sequential))
  const four = JSON.stringify(yielded(concurrent))
  if (one !== four) differences.push(`concurrency 1 yielded ${one.slice(0, 300)}, concurrency 4 ${four.slice(0, 300)}`)
  if (concurrent.requests.length > sequential.requests.length + 4) {
    differences.push(
      `concurrency 4 sent ${concurrent.requests.length} requests, more than 4 beyond concurrency 1's ${sequential.requests.length}`
    )
  }
  return differences
}
