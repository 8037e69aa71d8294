/**
 * One run of the fault soak: the real client (default retry schedule, default
 * `requestTimeout`, node:http) lists every credential of a `MockServer` that injects seeded
 * transient faults. The sockets are real; the client's waits and timeouts run on the
 * `TestClock` (the production path: nothing in the client knows), which the drill moves only
 * when the real client would wake up:
 *
 * - when the client announces a retry (its debug line), by that wait;
 * - when the server holds an answer back (`slowAnswer`), by `requestTimeout`: to the deadline
 *   of the attempt in flight, which began at the instant the clock stands at.
 *
 * So a run costs the real time of its requests, and its clock shows how long it would have
 * taken in production.
 *
 * When one page gets a fault on every attempt the schedule allows, the listing fails with that
 * page's last error. The run then does what an unattended job would: it lists again from the
 * page that failed (`list({ offset })`), so the run still ends with every id, and the drill can
 * check that the pages emitted before the failure were complete and are not repeated.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { OpenRouterByok } from "effect-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect-openrouter-byok/testing"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Random from "effect/Random"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import * as TestServices from "effect/TestServices"
import { reportRetries } from "./retryLog.js"
import { untilSleepingUntil } from "./sleeps.js"

/** Every transient fault the mock server can inject. */
export const everyTransientFault: ReadonlyArray<MockServer.TransientFault> = [
  ...MockServer.defaultTransientFaults,
  "slowAnswer"
]

/** The server every run lists, and the client, both set up once. */
export interface SoakSetup {
  readonly server: MockServer.Service
  readonly byok: OpenRouterByok.Service
  /** The ids the server holds, in listing order. */
  readonly expectedIds: ReadonlyArray<string>
}

/**
 * A `MockServer` holding `keys` credentials (all in the default workspace or global, so a
 * listing that names no workspace sees every one), and the real client pointed at it with its
 * defaults, over node:http.
 */
export const soakSetup = (keys: number): Effect.Effect<SoakSetup, never, Scope.Scope> =>
  Effect.gen(function*() {
    const credentials = ByokKeyFixtures.make({ count: keys, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })
    // The server untraced: its spans are not under test, and they cost a third of the soak's time.
    const server = yield* Effect.orDie(MockServer.make({ keys: credentials })).pipe(Effect.withTracerEnabled(false))
    const byok = yield* OpenRouterByok.make({ apiKey: server.apiKey, apiUrl: server.url }).pipe(
      Effect.provide(NodeHttpClient.layer)
    )
    return { server, byok, expectedIds: credentials.map((key) => key.id) }
  })

export interface SoakOptions {
  readonly seed: number
  /** Share of requests that get a transient fault. */
  readonly faultRate: number
  /** The `Retry-After` of injected 429s, in seconds. */
  readonly retryAfterSeconds: number
  /** The client's per-attempt limit when `requestTimeout` is not set, in milliseconds. */
  readonly requestTimeoutMillis: number
}

/** One page as the client emitted it, and when by the `TestClock`. */
export interface EmittedPage {
  /** The listing (index in `SoakRun.listings`) that emitted it. */
  readonly listing: number
  readonly offset: number
  readonly ids: ReadonlyArray<string>
  readonly emittedAt: number
}

/** An attempt that failed, as the client saw it: its error, and its wait when it was retried. */
export interface FailedAttempt {
  readonly errorTag: string
  readonly message: string
  /** `undefined` for the last error of a listing that gave up. */
  readonly waitMillis: number | undefined
}

/** One `list` call of the run. */
export interface Listing {
  readonly offset: number
  /** How many requests the server had received when it began. */
  readonly firstRequest: number
  readonly exit: Exit.Exit<void, OpenRouterByok.ListError>
}

export interface SoakRun {
  readonly seed: number
  /** The `list` calls: one, or more when a listing gave up and the run resumed it. */
  readonly listings: ReadonlyArray<Listing>
  /** Every page emitted, over all listings, in order. */
  readonly pages: ReadonlyArray<EmittedPage>
  /** What the server received, in order, with the fault each request got. */
  readonly requests: ReadonlyArray<MockServer.LoggedRequest>
  /** Every attempt that failed, in order, as the client saw it. */
  readonly failedAttempts: ReadonlyArray<FailedAttempt>
  /** Attempts the drill ended by moving the clock to their deadline. */
  readonly timedOut: number
  /** The `TestClock` when the run ended (it starts at 0), in milliseconds. */
  readonly virtualMillis: number
  /** Real time the run took, in milliseconds. */
  readonly wallMillis: number
}

/** What the drill moves the clock for, or that a listing is over. */
type Event =
  | { readonly _tag: "Retry"; readonly waitMillis: number }
  | { readonly _tag: "HeldBack" }
  | { readonly _tag: "Done" }

/** How long, in real time, the drill waits for the next event before it calls the run stuck. */
const stuckAfter = "20 seconds"

/** More resumptions than this and the run gives up: the client is not making progress. */
const maxListings = 5

/**
 * One run, on a `TestClock` of its own that starts at 0: the server's faults drawn from
 * `options.seed`, its request log started afresh.
 */
export const soak = (setup: SoakSetup, options: SoakOptions): Effect.Effect<SoakRun, never, Scope.Scope> =>
  Effect.gen(function*() {
    const startedAt = Date.now()
    const { byok, server } = setup
    yield* server.clearRequests
    yield* server.setFaults({
      seed: options.seed,
      transientRate: options.faultRate,
      transientFaults: everyTransientFault,
      retryAfterSeconds: options.retryAfterSeconds,
      // Far past the client's limit: a held-back answer only ends by the client giving up.
      slowAnswerMs: 10 * options.requestTimeoutMillis
    })
    const events = yield* Queue.unbounded<Event>()
    const pages: Array<EmittedPage> = []
    const failedAttempts: Array<FailedAttempt> = []
    const listings: Array<Listing> = []

    const listFrom = (offset: number) =>
      byok.list({ offset }).pipe(
        Stream.runForEach((page) =>
          Effect.map(Clock.currentTimeMillis, (emittedAt) => {
            pages.push({
              listing: listings.length,
              offset: page.offset,
              ids: page.data.map((key) => key.id),
              emittedAt
            })
          })
        ),
        reportRetries((retry) => {
          failedAttempts.push({ errorTag: retry.errorTag, message: retry.message, waitMillis: retry.waitMillis })
          Queue.unsafeOffer(events, { _tag: "Retry", waitMillis: retry.waitMillis })
        }),
        Effect.tapError((error) =>
          Effect.sync(() =>
            failedAttempts.push({ errorTag: error._tag, message: error.message, waitMillis: undefined })
          )
        )
      )

    // Whether the server holds an answer back is its decision, announced by its request log.
    const heldBack = new Set<number>()
    const isNewlyHeldBack = (request: MockServer.LoggedRequest) =>
      request.fault === "slowAnswer" && !request.completed && !heldBack.has(request.sequence)
    const announceHeldBack = Effect.flatMap(
      server.awaitRequests((requests) => requests.some(isNewlyHeldBack)),
      (requests) =>
        Effect.forEach(requests.filter(isNewlyHeldBack), (request) => {
          heldBack.add(request.sequence)
          return Queue.offer(events, { _tag: "HeldBack" })
        })
    )
    yield* Effect.forkScoped(Effect.forever(announceHeldBack))

    const stuck = Effect.gen(function*() {
      const requests = yield* server.requests
      return yield* Effect.dieMessage(
        `fault soak (seed ${options.seed}) stuck at ${yield* Clock.currentTimeMillis} ms; last requests:\n` +
          requests.slice(-5).map(MockServer.formatRequest).join("\n")
      )
    })
    // The wait for the next event is in real time: on the TestClock it would never end.
    const nextEvent = Queue.take(events).pipe(
      Effect.timeout(stuckAfter),
      TestServices.provideLive,
      Effect.catchTag("TimeoutException", () => stuck)
    )
    let timedOut = 0
    const drive = Effect.gen(function*() {
      while (true) {
        const event = yield* nextEvent
        switch (event._tag) {
          case "Done":
            return
          case "Retry":
            yield* untilSleepingUntil((yield* Clock.currentTimeMillis) + event.waitMillis)
            yield* TestClock.adjust(event.waitMillis)
            break
          case "HeldBack":
            // The attempt's deadline was set as it began, before its request could reach the server's log.
            timedOut++
            yield* TestClock.adjust(options.requestTimeoutMillis)
            break
        }
      }
    })

    let offset = 0
    while (listings.length < maxListings) {
      const firstRequest = (yield* server.requests).length
      const fiber = yield* Effect.fork(
        listFrom(offset).pipe(
          // Jitter from the seed too, so that a run is the same every time.
          Effect.withRandom(Random.make(`${options.seed}/${listings.length}`)),
          Effect.ensuring(Queue.offer(events, { _tag: "Done" }))
        )
      )
      yield* drive
      const exit = yield* Fiber.await(fiber)
      listings.push({ offset, firstRequest, exit })
      if (Exit.isSuccess(exit) || Option.isNone(Cause.failureOption(exit.cause))) break
      // Resume at the page that failed: the one after the last page emitted.
      const last = pages.at(-1)
      offset = last === undefined ? 0 : last.offset + last.ids.length
    }

    yield* server.setFaults({})
    return {
      seed: options.seed,
      listings,
      pages,
      requests: yield* server.requests,
      failedAttempts,
      timedOut,
      virtualMillis: yield* Clock.currentTimeMillis,
      wallMillis: Date.now() - startedAt
    }
  }).pipe(Effect.provide(TestContext.TestContext))

/** The requests of one page within one listing: its attempts, in order. */
export interface PageAttempts {
  /** The listing (index in `SoakRun.listings`) that asked for it. */
  readonly listing: number
  readonly offset: number
  readonly requests: ReadonlyArray<MockServer.LoggedRequest>
}

/** The run's requests, grouped by listing and page. */
export const attemptsPerPage = (run: SoakRun): ReadonlyArray<PageAttempts> =>
  run.listings.flatMap((listing, index) => {
    const end = run.listings[index + 1]?.firstRequest ?? run.requests.length
    const groups: Array<
      { readonly listing: number; readonly offset: number; readonly requests: Array<MockServer.LoggedRequest> }
    > = []
    for (const request of run.requests.slice(listing.firstRequest, end)) {
      const offset = Number(request.query["offset"])
      const current = groups.at(-1)
      if (current?.offset === offset) current.requests.push(request)
      else groups.push({ listing: index, offset, requests: [request] })
    }
    return groups
  })
