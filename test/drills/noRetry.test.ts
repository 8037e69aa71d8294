/**
 * Drill: no retry where a retry would be wrong. Every operation sends a 400, 401, 403, 404 or
 * a complete answer that does not decode exactly once, even with a schedule that would retry;
 * `create` repeats a request only where it certainly did not take effect, so a credential is
 * never created twice; `delete` counts a 404 after an ambiguous failure as done.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByok } from "effect-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect-openrouter-byok/testing"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { httpStacks, immediateRetries, onMockServer, stubbed } from "../support/clients.js"
import { errorBody } from "../support/fixtures.js"
import { failureOf } from "../support/observe.js"
import { refuse, Reply, type StubReply } from "../support/StubHttpClient.js"
import { exitOf, operations, tagOfStatus, targetOf } from "./support/operations.js"
import { sent } from "./support/sentRequests.js"

/** Attempts under `immediateRetries`, the schedule these drills give the client: it would retry twice. */
const retried = 3

const status = (code: number, headers: Record<string, string> = {}): Reply =>
  Reply.json(code, errorBody(code, `status ${code}`), headers)

describe("no retry where it would be wrong", () => {
  describe.each(operations)("$name", (operation) => {
    it.effect.each([400, 401, 403, 404])(
      "a %i is sent once, and answered with its error",
      (code) =>
        Effect.gen(function*() {
          const { byok, stub } = yield* stubbed([status(code), operation.answer], { retrySchedule: immediateRetries })
          const error = failureOf(yield* exitOf(operation, byok))
          expect(error).toMatchObject({ _tag: tagOfStatus(operation, code), status: code })
          expect(stub.requests.map(sent).map((request) => `${request.method} ${request.path}`)).toEqual([
            `${operation.method} ${targetOf(operation)}`
          ])
        })
    )
  })
})

describe.each(httpStacks)("no retry where it would be wrong, over $name", (http) => {
  describe.each(operations)("$name", (operation) => {
    it.scoped("a complete 200 body that is not the schema (JSON off the schema, or not JSON) is a DecodeError naming the path, sent once", () =>
      Effect.gen(function*() {
        const offSchema = JSON.stringify(operation.offSchema.body)
        const undecodable = [
          {
            // The API's own success answer, its body replaced.
            misbehaviour: { body: ({ status }) => status < 300 ? offSchema : undefined },
            faults: [],
            path: operation.offSchema.path
          },
          // A 200 HTML page in place of the API's answer.
          { misbehaviour: {}, faults: ["nonJsonBody"], path: "" }
        ] satisfies ReadonlyArray<{
          readonly misbehaviour: MockServer.Misbehaviour
          readonly faults: ReadonlyArray<MockServer.Fault>
          readonly path: string
        }>
        for (const { faults, misbehaviour, path } of undecodable) {
          // Holding keyJson(1), the credential the operations address, so that the API answers them with success.
          const { byok, server } = yield* onMockServer({ keys: 2, http })
          yield* server.misbehave(misbehaviour)
          yield* server.injectFaults(faults)
          expect(failureOf(yield* exitOf(operation, byok))).toMatchObject({ _tag: "DecodeError", path })
          expect(yield* server.requests, path).toHaveLength(1)
        }
      }))
  })
})

describe("retry safety: only create refuses to repeat a request that may have taken effect", () => {
  /** Answers after which the server may have acted: every operation but create retries them. */
  const ambiguousAnswers: ReadonlyArray<readonly [string, Reply]> = [
    ["500", status(500)],
    ["502 (an HTML page)", Reply.text(502, "<html>Bad Gateway</html>", { "content-type": "text/html" })],
    ["503", status(503)],
    ["504", status(504)]
  ]

  /** Connections cut after which the server may have acted (a cut body: it did), over real sockets. */
  const ambiguousCuts: ReadonlyArray<readonly [string, MockServer.Fault]> = [
    ["a connection cut before the answer", "dropConnection"],
    ["an answer cut off before its Content-Length", "truncateBody"]
  ]

  describe.each(operations)("$name", (operation) => {
    const attempts = operation.retriesAmbiguousFailures ? retried : 1

    it.effect(`after a 500, 502, 503 or 504: ${attempts} request(s)`, () =>
      Effect.gen(function*() {
        for (const [failure, reply] of ambiguousAnswers) {
          const { byok, stub } = yield* stubbed([reply], { retrySchedule: immediateRetries })
          yield* exitOf(operation, byok)
          expect(stub.requests, failure).toHaveLength(attempts)
        }
      }))

    it.scoped(`after a cut connection or a cut body: ${attempts} request(s)`, () =>
      Effect.gen(function*() {
        for (const [failure, fault] of ambiguousCuts) {
          const { byok, server } = yield* onMockServer({ keys: 2 })
          yield* server.injectFaults([fault, fault, fault])
          yield* exitOf(operation, byok)
          expect(yield* server.requests, failure).toHaveLength(attempts)
        }
      }))

    it.effect(`after a timeout: ${attempts} request(s)`, () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([Reply.hang], {
          retrySchedule: immediateRetries,
          requestTimeout: "1 second"
        })
        const fiber = yield* Effect.fork(exitOf(operation, byok))
        yield* TestClock.adjust("1 minute")
        expect(failureOf(yield* Fiber.join(fiber))).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        expect(stub.requests).toHaveLength(attempts)
      }))

    it.effect(`after a 429: retried, ${retried} requests`, () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([status(429)], { retrySchedule: immediateRetries })
        expect(failureOf(yield* exitOf(operation, byok))._tag).toBe("RateLimited")
        expect(stub.requests).toHaveLength(retried)
      }))

    it.effect(`after a refused connection (nothing was sent): retried, ${retried} attempts; then an answer: success`, () =>
      Effect.gen(function*() {
        const refused = yield* stubbed([refuse], { retrySchedule: immediateRetries })
        expect(failureOf(yield* exitOf(operation, refused.byok))).toMatchObject({
          _tag: "TransportError",
          reason: "ConnectionRefused"
        })
        expect(refused.stub.requests).toHaveLength(retried)
        const replies: ReadonlyArray<StubReply> = [refuse, operation.answer]
        const recovered = yield* stubbed(replies, { retrySchedule: immediateRetries })
        yield* operation.run(recovered.byok)
        expect(recovered.stub.requests).toHaveLength(2)
      }))
  })
})

describe("against the stateful mock server, nothing is created twice and nothing deleted is reported missing", () => {
  const keys = ByokKeyFixtures.make({ count: 5, seed: 7, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })
  const input = { provider: "openai", key: Redacted.make("sk-proj-drill-0000000000000000AbCd") }

  /** A server with five credentials, faults answered without delay, and the client with immediate retries. */
  const serverAndClient = Effect.gen(function*() {
    const server = yield* MockServer.make({ keys, faults: { retryAfterSeconds: 0 } })
    const byok = yield* OpenRouterByok.make({
      apiKey: server.apiKey,
      apiUrl: server.url,
      retrySchedule: immediateRetries
    })
    return { server, byok } as const
  })

  it.scopedLive.each(
    [
      { faults: ["http429"], created: 1, requests: 2, outcome: "Success" },
      { faults: ["http429", "http429", "http429"], created: 0, requests: 3, outcome: "RateLimited" },
      { faults: ["http500"], created: 0, requests: 1, outcome: "InternalServer" },
      { faults: ["http503"], created: 0, requests: 1, outcome: "UnexpectedStatus" },
      { faults: ["dropConnection"], created: 0, requests: 1, outcome: "TransportError" },
      // The API created it, then the answer was cut: reported, not repeated, so still one.
      { faults: ["truncateBody"], created: 1, requests: 1, outcome: "TransportError" }
    ] as const
  )(
    "create after $faults: $requests request(s), $created credential(s) created, $outcome",
    ({ created, faults, outcome, requests }) =>
      Effect.gen(function*() {
        const { byok, server } = yield* serverAndClient
        yield* server.injectFaults(faults)
        const exit = yield* Effect.exit(byok.create(input))
        expect(exit._tag === "Success" ? "Success" : failureOf(exit)._tag).toBe(outcome)
        expect(yield* server.counters).toMatchObject({ requests })
        expect((yield* server.keys).length - keys.length).toBe(created)
      }).pipe(Effect.provide(NodeHttpClient.layer))
  )

  it.scopedLive.each(
    [
      // The API deleted it, then the answer was cut; the retry's 404 means done.
      { faults: ["truncateBody"], requests: 2 },
      { faults: ["http500", "http502"], requests: 3 },
      { faults: ["dropConnection"], requests: 2 }
    ] as const
  )(
    "delete after $faults: done in $requests requests, and the credential is gone",
    ({ faults, requests }) =>
      Effect.gen(function*() {
        const { byok, server } = yield* serverAndClient
        yield* server.injectFaults(faults)
        yield* byok.delete(keys[2]!.id)
        expect(yield* server.counters).toMatchObject({ requests })
        expect((yield* server.keys).map((key) => key.id)).toEqual(
          keys.filter((_, index) => index !== 2).map((key) => key.id)
        )
      }).pipe(Effect.provide(NodeHttpClient.layer))
  )

  it.scopedLive("a delete whose first attempt got a 404 is NotFound, sent once", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* serverAndClient
      expect(failureOf(yield* Effect.exit(byok.delete("00000000-0000-4000-8000-00000000dead")))._tag).toBe("NotFound")
      expect(yield* server.counters).toMatchObject({ requests: 1 })
    }).pipe(Effect.provide(NodeHttpClient.layer)))
})
