/**
 * Drill: under transient faults of every kind, listing loses nothing, repeats nothing, and
 * stays within what the retry schedule allows, in attempts and in time.
 *
 * 20 runs against a `MockServer` holding 10,000 credentials, each run with its own seed for the
 * server's faults (20% of requests get one of its seven transient faults) and for the client's
 * jitter, listed by the real client with its defaults (100 per page, the default retry
 * schedule, a 30 s `requestTimeout`) over node:http on 127.0.0.1. Waits and timeouts run on the
 * `TestClock`, moved as the client would wake up (see support/faultSoak.ts), so the 20 runs cost
 * seconds of real time and their clocks still say how long they would have taken.
 *
 * A complete 200 answer that is not the schema is not a transient fault: the last test.
 */
import { describe, expect, it, layer } from "@effect/vitest"
import type { MockServer } from "effect-openrouter-byok/testing"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { failureOf } from "../support/observe.js"
import { attemptsPerPage, everyTransientFault, soak, type SoakRun, soakSetup } from "./support/faultSoak.js"
import { figuresRequested, printTable } from "./support/figures.js"
import {
  defaultRequestTimeoutMillis,
  maxAttempts,
  mostTimeFor,
  mostWaitBefore,
  scheduleWaits
} from "./support/retryBounds.js"

const seeds = Array.from({ length: 20 }, (_, index) => index + 1)
const keyCount = 10_000
const pageSize = 100
const faultRate = 0.2
const retryAfterSeconds = 1

/** The 20 runs, made once for every test below, and the ids they must each yield. */
class Soak extends Context.Tag("drills/Soak")<Soak, {
  readonly expectedIds: ReadonlyArray<string>
  readonly runs: ReadonlyArray<SoakRun>
}>() {}

const soakRuns = Layer.scoped(
  Soak,
  Effect.gen(function*() {
    const setup = yield* soakSetup(keyCount)
    const runs = yield* Effect.forEach(seeds, (seed) =>
      Effect.scoped(soak(setup, {
        seed,
        faultRate,
        retryAfterSeconds,
        requestTimeoutMillis: defaultRequestTimeoutMillis
      })))
    yield* reportFigures(runs)
    return { expectedIds: setup.expectedIds, runs }
  })
)

/** What the client must make of each fault: the error's tag, and what its message says. */
const errorFor: Record<MockServer.TransientFault, { readonly tag: string; readonly says: string }> = {
  http500: { tag: "InternalServer", says: "(HTTP 500)" },
  http502: { tag: "UnexpectedStatus", says: "(HTTP 502)" },
  http503: { tag: "UnexpectedStatus", says: "(HTTP 503)" },
  http429: { tag: "RateLimited", says: "(HTTP 429)" },
  dropConnection: { tag: "TransportError", says: "(ConnectionLost)" },
  truncateBody: { tag: "TransportError", says: "(BodyIncomplete)" },
  slowAnswer: { tag: "TransportError", says: "(Timeout)" }
}

const faulted = (run: SoakRun) => run.requests.filter((request) => request.fault !== undefined)

const faultsOf = (runs: ReadonlyArray<SoakRun>) => {
  const counts: Partial<Record<MockServer.Fault, number>> = {}
  for (const request of runs.flatMap(faulted)) counts[request.fault!] = (counts[request.fault!] ?? 0) + 1
  return counts
}

/** The most a page may take by the clock, whatever happens to it: every attempt the schedule allows, each to its timeout. */
const mostTimePerPage = mostTimeFor(maxAttempts, {
  timeoutMillis: defaultRequestTimeoutMillis,
  retryAfterMillis: retryAfterSeconds * 1000
})

layer(soakRuns, { excludeTestServices: true, timeout: "5 minutes" })(
  `fault soak: ${seeds.length} seeds, ${keyCount} keys, ${faultRate * 100}% transient faults of every kind`,
  (it) => {
    it.effect("every run yields exactly the 10,000 ids, in order, none twice", () =>
      Effect.gen(function*() {
        const { expectedIds, runs } = yield* Soak
        for (const run of runs) {
          const ids = run.pages.flatMap((page) => page.ids)
          expect(new Set(ids).size, `seed ${run.seed}`).toBe(keyCount)
          expect(ids, `seed ${run.seed}`).toEqual(expectedIds)
        }
      }))

    it.effect("a listing gives up only on a page that failed every attempt, after emitting each page before it once", () =>
      Effect.gen(function*() {
        for (const run of (yield* Soak).runs) {
          const groups = attemptsPerPage(run)
          run.listings.forEach((listing, index) => {
            const emitted = run.pages.filter((page) => page.listing === index).map((page) => page.offset)
            expect(emitted, `seed ${run.seed}`).toEqual(emitted.map((_, page) => listing.offset + page * pageSize))
            if (Exit.isSuccess(listing.exit)) return
            const error = Option.getOrThrow(Cause.failureOption(listing.exit.cause))
            const lastPage = groups.filter((group) => group.listing === index).at(-1)!
            // The page after the last one emitted, tried as often as the schedule allows, each time with a fault.
            expect(lastPage.offset).toBe(listing.offset + emitted.length * pageSize)
            expect(run.listings[index + 1]?.offset).toBe(lastPage.offset)
            expect(lastPage.requests).toHaveLength(maxAttempts)
            expect(lastPage.requests.every((request) => request.fault !== undefined)).toBe(true)
            const lastFault = lastPage.requests.at(-1)!.fault as MockServer.TransientFault
            expect(error._tag).toBe(errorFor[lastFault].tag)
            expect(error.message).toContain(errorFor[lastFault].says)
          })
        }
      }))

    it.effect("every kind of transient fault is injected, and each failed attempt gets the error its fault calls for", () =>
      Effect.gen(function*() {
        const { runs } = yield* Soak
        const counts = faultsOf(runs)
        for (const fault of everyTransientFault) expect(counts[fault], fault).toBeGreaterThan(0)
        for (const run of runs) {
          const faults = faulted(run)
          expect(run.failedAttempts, `seed ${run.seed}`).toHaveLength(faults.length)
          faults.forEach((request, index) => {
            const expected = errorFor[request.fault as MockServer.TransientFault]
            const seen = run.failedAttempts[index]!
            expect({ fault: request.fault, tag: seen.errorTag }).toEqual({ fault: request.fault, tag: expected.tag })
            expect(seen.message).toContain(expected.says)
          })
        }
      }))

    it.effect("a 200 body cut off before its Content-Length is retried as a TransportError, never decoded", () =>
      Effect.gen(function*() {
        const { runs } = yield* Soak
        const attempts = runs.flatMap((run) => run.failedAttempts)
        expect(attempts.filter((attempt) => attempt.message.includes("(BodyIncomplete)")).length).toBe(
          faultsOf(runs).truncateBody
        )
        expect(attempts.filter((attempt) => attempt.errorTag === "DecodeError")).toEqual([])
        for (const run of runs) {
          for (const request of run.requests.filter((request) => request.fault === "truncateBody")) {
            expect(request.status).toBe(200)
          }
        }
      }))

    it.effect("an answer held back past requestTimeout is given up on: the server sees the connection closed", () =>
      Effect.gen(function*() {
        const { runs } = yield* Soak
        for (const run of runs) {
          const held = run.requests.filter((request) => request.fault === "slowAnswer")
          expect(
            held.every((request) => request.completed && request.clientClosedEarly && request.status === undefined)
          ).toBe(true)
          expect(run.timedOut).toBe(held.length)
        }
      }))

    it.effect("only the pages are asked for, each until it succeeds and at most 5 times", () =>
      Effect.gen(function*() {
        expect(maxAttempts).toBe(5)
        for (const run of (yield* Soak).runs) {
          for (const request of run.requests) {
            expect(request).toMatchObject({ method: "GET", path: "/api/v1/byok", authorization: "management" })
            expect(Number(request.query["offset"]) % pageSize).toBe(0)
            expect(request.query["limit"]).toBe(String(pageSize))
          }
          for (const page of attemptsPerPage(run)) {
            expect(page.requests.length).toBeLessThanOrEqual(maxAttempts)
            // Every attempt but the last got a fault; the last is the page's answer, or its fifth fault.
            expect(page.requests.slice(0, -1).every((request) => request.fault !== undefined)).toBe(true)
            const last = page.requests.at(-1)!
            if (last.fault === undefined) expect(last).toMatchObject({ status: 200, clientClosedEarly: false })
          }
        }
      }))

    it.effect("each wait is the schedule's jittered backoff for that retry, or the Retry-After when that is longer", () =>
      Effect.gen(function*() {
        for (const run of (yield* Soak).runs) {
          let failure = 0
          for (const page of attemptsPerPage(run)) {
            page.requests.forEach((request, attempt) => {
              if (request.fault === undefined) return
              const { waitMillis } = run.failedAttempts[failure++]!
              if (waitMillis === undefined) return
              const retryAfter = request.fault === "http429" ? retryAfterSeconds * 1000 : 0
              expect(waitMillis).toBeGreaterThanOrEqual(Math.max(Math.round(scheduleWaits[attempt]!.least), retryAfter))
              expect(waitMillis).toBeLessThanOrEqual(mostWaitBefore(attempt + 1, retryAfter))
            })
          }
        }
      }))

    it.effect("a run's time by the clock is its waits and timeouts, within the bound the schedule sets", () =>
      Effect.gen(function*() {
        for (const run of (yield* Soak).runs) {
          const waited = run.failedAttempts.reduce((sum, attempt) => sum + (attempt.waitMillis ?? 0), 0)
          expect(run.virtualMillis).toBe(waited + run.timedOut * defaultRequestTimeoutMillis)
          const pages = attemptsPerPage(run)
          const bound = pages.reduce(
            (sum, page) =>
              sum + mostTimeFor(page.requests.length, {
                timeoutMillis: defaultRequestTimeoutMillis,
                retryAfterMillis: retryAfterSeconds * 1000
              }),
            0
          )
          expect(run.virtualMillis).toBeLessThanOrEqual(bound)
          expect(run.virtualMillis).toBeLessThanOrEqual(pages.length * mostTimePerPage)
        }
      }))
  }
)

describe("a complete 200 answer that is not the schema", () => {
  it.scopedLive("mid-listing, is a DecodeError after one request for that page, the pages before it emitted once", () =>
    Effect.gen(function*() {
      const { byok, expectedIds, server } = yield* soakSetup(1_000)
      yield* server.injectFaults(["none", "none", "nonJsonBody"])
      const ids: Array<string> = []
      const exit = yield* Effect.exit(Stream.runForEach(byok.listItems(), (key) => Effect.sync(() => ids.push(key.id))))
      expect(failureOf(exit)).toMatchObject({ _tag: "DecodeError", status: 200, path: "" })
      expect(ids).toEqual(expectedIds.slice(0, 2 * pageSize))
      expect((yield* server.requests).map((request) => request.query["offset"])).toEqual(["0", "100", "200"])
    }))
})

function reportFigures(runs: ReadonlyArray<SoakRun>) {
  return Effect.sync(() => {
    if (!figuresRequested) return
    const rows = runs.map((run) => {
      const pages = attemptsPerPage(run)
      const faults = faultsOf([run])
      return {
        seed: run.seed,
        requests: run.requests.length,
        faults: faulted(run).length,
        ...Object.fromEntries(everyTransientFault.map((fault) => [fault, faults[fault] ?? 0])),
        "max attempts/page": Math.max(...pages.map((page) => page.requests.length)),
        listings: run.listings.length,
        "clock (s)": (run.virtualMillis / 1000).toFixed(1),
        "wall (ms)": run.wallMillis
      }
    })
    printTable("fault soak", rows)
  })
}
