/**
 * Drill: an operation that is interrupted stops at once, whatever it is doing: waiting for an
 * answer, reading a body, or waiting to retry. The server sees the connection closed, and no
 * fiber the operation started is left running.
 *
 * "At once" is checked twice: the interruption completes while the server never answers and
 * the clock never moves (so it cannot be waiting for either), and in real time. The server is
 * the product's `MockServer`, whose request log shows how each connection ended.
 */
import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByok } from "effect-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect-openrouter-byok/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import * as Supervisor from "effect/Supervisor"
import * as TestClock from "effect/TestClock"
import { httpStacks, nodeStack, onMockServer } from "../support/clients.js"
import { operations } from "./support/operations.js"
import { awaitCompleted, awaitReceived } from "./support/requestLog.js"
import { reportRetries, type Retry } from "./support/retryLog.js"

/** Real time an interruption may take; it takes a few milliseconds, this only catches a hang. */
const promptMillis = 1_000

/**
 * Forks `effect` under a supervisor that tracks every fiber it starts, waits for `when`, and
 * interrupts it: checks that the interruption returns promptly, that the fiber ended
 * interrupted, and that none of the fibers it started is still running.
 */
const interruptWhen = <A, E, R, R2>(effect: Effect.Effect<A, E, R>, when: Effect.Effect<void, never, R2>) =>
  Effect.gen(function*() {
    const supervisor = yield* Supervisor.track
    const fiber = yield* Effect.fork(Effect.supervised(effect, supervisor))
    yield* when
    const startedAt = Date.now()
    yield* Fiber.interrupt(fiber)
    expect(Date.now() - startedAt).toBeLessThan(promptMillis)
    const exit = yield* Fiber.await(fiber)
    expect(Exit.isInterrupted(exit)).toBe(true)
    expect(yield* supervisor.value).toEqual([])
  })

describe.each(httpStacks)("interruption over $name", (http) => {
  it.scoped.each(operations)(
    "$name, while waiting for the answer: the connection is closed",
    (operation) =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectFaults(["hang"])
        yield* interruptWhen(operation.run(byok), awaitReceived(server, 1))
        expect(yield* awaitCompleted(server, 0)).toMatchObject({ status: undefined, clientClosedEarly: true })
        expect(yield* server.requests).toHaveLength(1)
      })
  )

  it.scoped("list, in the middle of a page's body: the connection is closed", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* onMockServer({ keys: 100, http })
      yield* server.injectFaults(["stallBody"])
      yield* interruptWhen(Stream.runDrain(byok.listItems()), awaitReceived(server, 1))
      expect(yield* awaitCompleted(server, 0)).toMatchObject({ fault: "stallBody", clientClosedEarly: true })
    }))

  it.scoped("list, after some pages, with the next page in flight: the pages so far were emitted, that request is closed", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* onMockServer({ keys: 250, http })
      yield* server.injectFaults(["none", "none", "hang"])
      const seen = yield* Queue.unbounded<string>()
      const listing = byok.listItems().pipe(Stream.runForEach((key) => Queue.offer(seen, key.id)))
      yield* interruptWhen(listing, awaitReceived(server, 3))
      expect(yield* Queue.size(seen)).toBe(200)
      expect(yield* awaitCompleted(server, 2)).toMatchObject({ status: undefined, clientClosedEarly: true })
      expect((yield* server.requests).slice(0, 2).map((request) => [request.status, request.clientClosedEarly]))
        .toEqual(
          [[200, false], [200, false]]
        )
    }))

  it.scoped.each(operations)(
    "$name, during the wait before a retry: nothing more is sent, even once the wait is over",
    (operation) =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, retrySchedule: undefined })
        yield* server.setFaults({ retryAfterSeconds: 20 })
        yield* server.injectFaults(["http429"])
        const retries = yield* Queue.unbounded<Retry>()
        const retried = operation.run(byok).pipe(reportRetries((retry) => Queue.unsafeOffer(retries, retry)))
        yield* interruptWhen(retried, Effect.asVoid(Queue.take(retries)))
        yield* TestClock.adjust("1 minute")
        const requests = yield* server.requests
        expect(requests).toHaveLength(1)
        expect(requests[0]).toMatchObject({ status: 429, clientClosedEarly: false })
      })
  )
})

describe("interruption against the mock server", () => {
  it.scopedLive("a concurrent listing interrupted with four pages in flight: the server sees all four connections closed", () =>
    Effect.gen(function*() {
      const server = yield* MockServer.make({
        keys: ByokKeyFixtures.make({ count: 1_000, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })
      })
      const byok = yield* OpenRouterByok.make({ apiKey: server.apiKey, apiUrl: server.url }).pipe(
        Effect.provide(nodeStack.layer)
      )
      // The first page answers (it gives totalCount); the next four are held until the client gives up.
      yield* server.injectFaults(["none", "hang", "hang", "hang", "hang"])
      yield* interruptWhen(
        Stream.runDrain(byok.list({ concurrency: 4 })),
        Effect.asVoid(server.awaitRequests((requests) => requests.length === 5))
      )
      const requests = yield* server.awaitRequests((requests) => requests.every((request) => request.completed)).pipe(
        Effect.timeoutFail({
          duration: "5 seconds",
          onTimeout: () => new Error("the server did not see every connection end")
        }),
        Effect.orDie
      )
      const byOffset = [...requests].sort((a, b) => Number(a.query["offset"]) - Number(b.query["offset"]))
      expect(byOffset.map((request) => [request.query["offset"], request.clientClosedEarly])).toEqual([
        ["0", false],
        ["100", true],
        ["200", true],
        ["300", true],
        ["400", true]
      ])
      expect((yield* server.counters).clientClosedEarly).toBe(4)
    }))
})
