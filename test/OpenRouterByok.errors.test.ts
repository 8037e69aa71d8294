import { describe, expect, it } from "@effect/vitest"
import type { ByokKey } from "effect-openrouter-byok"
import { MockServer } from "effect-openrouter-byok/testing"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { clientAt, httpStacks, onEveryAttempt, onMockServer, refusedApiUrl, stubbed } from "./support/clients.js"
import { errorBody, keyId, keyJson, listBody } from "./support/fixtures.js"
import { failureOf } from "./support/observe.js"
import { oneKey } from "./support/scripts.js"

const { jsonAnswer } = MockServer

/** Attempts with the test clients' default `immediateRetries`: three for what is retried, one for the rest. */
const retried = 3
const once = 1

describe.each(httpStacks)("OpenRouterByok errors over $name", (http) => {
  describe("status to error", () => {
    it.scoped.each([
      { status: 401, tag: "Unauthorized", attempts: once },
      { status: 403, tag: "Forbidden", attempts: once },
      { status: 404, tag: "NotFound", attempts: once },
      { status: 429, tag: "RateLimited", attempts: retried },
      { status: 500, tag: "InternalServer", attempts: retried },
      { status: 502, tag: "UnexpectedStatus", attempts: retried },
      { status: 503, tag: "UnexpectedStatus", attempts: retried },
      { status: 504, tag: "UnexpectedStatus", attempts: retried },
      { status: 418, tag: "UnexpectedStatus", attempts: once },
      { status: 400, tag: "UnexpectedStatus", attempts: once }
    ])("get: $status is $tag, after $attempts attempt(s)", ({ attempts, status, tag }) =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers(onEveryAttempt(jsonAnswer(status, errorBody(status, `status ${status}`))))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: tag, status })
        expect(yield* server.requests).toHaveLength(attempts)
      }))

    it.scoped.each([
      { status: 400, tag: "BadRequest", attempts: once },
      { status: 401, tag: "Unauthorized", attempts: once },
      { status: 403, tag: "Forbidden", attempts: once },
      { status: 404, tag: "UnexpectedStatus", attempts: once },
      { status: 429, tag: "RateLimited", attempts: retried },
      { status: 500, tag: "InternalServer", attempts: retried },
      { status: 503, tag: "UnexpectedStatus", attempts: retried }
    ])("list: $status is $tag, after $attempts attempt(s)", ({ attempts, status, tag }) =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers(onEveryAttempt(jsonAnswer(status, errorBody(status, `status ${status}`))))
        const error = failureOf(yield* Effect.exit(Stream.runDrain(byok.list())))
        expect(error).toMatchObject({ _tag: tag, status })
        expect(yield* server.requests).toHaveLength(attempts)
      }))

    it.scoped("names the request by method and full URL (host, path and query), never its headers", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, retrySchedule: Schedule.stop })
        yield* server.injectAnswers([jsonAnswer(500, errorBody(500, "down")), jsonAnswer(500, errorBody(500, "down"))])
        const getError = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(getError).toMatchObject({ _tag: "InternalServer", request: `GET ${server.url}/byok/${keyId(1)}` })
        const listError = failureOf(yield* Effect.exit(Stream.runDrain(byok.list({ limit: 5, provider: "openai" }))))
        const listRequest = `GET ${server.url}/byok?offset=0&limit=5&provider=openai`
        expect(listError).toMatchObject({ _tag: "InternalServer", request: listRequest })
        expect(listError.message).toContain(listRequest)
      }))

    it.scoped("a 429 carries the server's Retry-After", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, retrySchedule: Schedule.stop })
        yield* server.injectAnswers([jsonAnswer(429, errorBody(429, "slow down"), { "retry-after": "7" })])
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "RateLimited", retryAfterMillis: 7000 })
        expect(error.message).toContain("retry after 7000 ms")
      }))

    it.scoped("succeeds when a transient failure is followed by an answer", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, keys: 5 })
        yield* server.injectAnswers([jsonAnswer(502, errorBody(502, "bad gateway"))])
        expect((yield* byok.get(keyId(4))).sortOrder).toBe(4)
        expect(yield* server.requests).toHaveLength(2)
      }))
  })

  describe("error bodies", () => {
    it.scoped("carry the documented error's code, message and metadata", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers([jsonAnswer(403, {
          ...errorBody(403, "Only management keys can manage BYOK", { required: "management" }),
          user_id: "user_1"
        })])
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({
          _tag: "Forbidden",
          status: 403,
          code: 403,
          serverMessage: "Only management keys can manage BYOK",
          metadata: { required: "management" }
        })
        expect(error.message).toContain("Only management keys can manage BYOK")
      }))

    it.scoped("keep the error's code and message when a field beside it, unread, has an unexpected type", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers([
          jsonAnswer(404, { ...errorBody(404, "Resource not found"), user_id: 42, openrouter_metadata: "none" })
        ])
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "NotFound", code: 404, serverMessage: "Resource not found" })
      }))

    it.scoped("keep each documented field of the error when another of its fields has an unexpected type", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers([
          jsonAnswer(403, { error: { code: 403, message: "Only management keys", metadata: ["not", "a", "record"] } }),
          jsonAnswer(403, { error: { code: "forbidden", message: "Only management keys", metadata: { a: 1 } } })
        ])
        const badMetadata = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(badMetadata).toMatchObject({ _tag: "Forbidden", code: 403, serverMessage: "Only management keys" })
        expect(badMetadata).not.toHaveProperty("metadata")
        const badCode = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(badCode).toMatchObject({ _tag: "Forbidden", serverMessage: "Only management keys", metadata: { a: 1 } })
        expect(badCode).not.toHaveProperty("code")
      }))

    it.scoped("ignore an HTML page from a proxy", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, retrySchedule: Schedule.stop })
        yield* server.injectAnswers([
          {
            status: 502,
            headers: { "content-type": "text/html" },
            body: "<html><body><h1>502 Bad Gateway</h1></body></html>"
          }
        ])
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "UnexpectedStatus", status: 502 })
        expect(error).not.toHaveProperty("serverMessage")
        expect(error.message).not.toContain("<html>")
      }))

    it.scoped("ignore JSON that is not the documented error", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers([jsonAnswer(404, { message: "no such key" })])
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "NotFound", status: 404 })
        expect(error).not.toHaveProperty("code")
      }))
  })

  describe("bodies that do not decode", () => {
    it.scoped("a 200 body that is not JSON is a DecodeError, not retried", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers(onEveryAttempt({ status: 200, body: "<html>maintenance</html>" }))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "DecodeError", status: 200, path: "" })
        expect(error.message).toContain("not JSON")
        expect(yield* server.requests).toHaveLength(1)
      }))

    it.scoped("an empty 200 body is a DecodeError", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectAnswers(onEveryAttempt({ status: 200, body: "" }))
        expect(failureOf(yield* Effect.exit(byok.get(keyId(1))))._tag).toBe("DecodeError")
        expect(yield* server.requests).toHaveLength(1)
      }))

    it.scoped("a list page off the schema is a DecodeError naming the path, not retried", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        const body = listBody(5, 0, 5)
        const data: Array<ByokKey.ByokKeyJson> = [...body.data]
        data[3] = keyJson(3, { sort_order: "third" })
        yield* server.injectAnswers(onEveryAttempt(jsonAnswer(200, { ...body, data })))
        const error = failureOf(yield* Effect.exit(Stream.runDrain(byok.list())))
        expect(error).toMatchObject({ _tag: "DecodeError", path: "data[3].sort_order" })
        expect(error.message).toContain("data[3].sort_order")
        expect(yield* server.requests).toHaveLength(1)
      }))

    it.scoped.each(["is_fallback", "id", "provider", "label", "disabled"])(
      "a credential without %s, which the contract requires, is a DecodeError naming it",
      (field) =>
        Effect.gen(function*() {
          const { byok, server } = yield* onMockServer({ http })
          yield* server.injectAnswers([jsonAnswer(200, { data: keyJson(1, { [field]: undefined }) })])
          expect(failureOf(yield* Effect.exit(byok.get(keyId(1))))).toMatchObject({
            _tag: "DecodeError",
            path: `data.${field}`
          })
        })
    )
  })

  describe("transport failures", () => {
    it.scoped("a body cut off before its Content-Length is a TransportError (BodyIncomplete), retried", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, keys: 2 })
        yield* server.injectFaults(onEveryAttempt("truncateBody"))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "BodyIncomplete" })
        expect(yield* server.requests).toHaveLength(retried)
      }))

    it.scoped("a body cut off, then a complete one, succeeds", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, keys: 3 })
        yield* server.injectFaults(["truncateBody"])
        expect((yield* Stream.runCollect(byok.listItems())).length).toBe(3)
        expect(yield* server.requests).toHaveLength(2)
      }))

    it.scoped("a connection closed before any answer is a TransportError (ConnectionLost), retried", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http })
        yield* server.injectFaults(onEveryAttempt("dropConnection"))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "ConnectionLost" })
        expect(yield* server.requests).toHaveLength(retried)
      }))

    it.scoped("a refused connection is a TransportError (ConnectionRefused)", () =>
      Effect.gen(function*() {
        const byok = yield* clientAt(yield* refusedApiUrl, { http })
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "ConnectionRefused" })
      }))

    it.scoped("an attempt that outlives requestTimeout is a TransportError (Timeout), aborted, and retried", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, requestTimeout: "2 seconds" })
        yield* server.injectFaults(onEveryAttempt("hang"))
        const fiber = yield* Effect.fork(byok.get(keyId(1)))
        for (let attempt = 1; attempt <= retried; attempt++) {
          yield* server.awaitRequests((requests) => requests.length === attempt)
          yield* TestClock.adjust("1999 millis")
          expect((yield* server.requests)[attempt - 1]!.clientClosedEarly).toBe(false)
          yield* TestClock.adjust("1 millis")
          yield* server.awaitRequests((requests) => requests[attempt - 1]!.clientClosedEarly)
        }
        const error = failureOf(yield* Fiber.await(fiber))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        expect(error.message).toContain("2s")
        expect(yield* server.requests).toHaveLength(retried)
      }))

    it.scoped("the timeout covers a body that stops arriving", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({
          http,
          keys: 2,
          requestTimeout: "1 second",
          retrySchedule: Schedule.stop
        })
        yield* server.injectFaults(["stallBody"])
        const fiber = yield* Effect.fork(byok.get(keyId(1)))
        yield* server.awaitRequests((requests) => requests.length === 1)
        yield* TestClock.adjust("1 second")
        expect(failureOf(yield* Fiber.await(fiber))).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        const [request] = yield* server.awaitRequests((requests) => requests[0]!.completed)
        expect(request).toMatchObject({ status: 200, clientClosedEarly: true })
      }))
  })
})

describe("OpenRouterByok refuses bad arguments before sending anything", () => {
  it.effect.each(
    [
      [{ limit: 0 }, "limit"],
      [{ limit: 101 }, "limit"],
      [{ limit: 1.5 }, "limit"],
      [{ offset: -1 }, "offset"],
      [{ offset: 0.5 }, "offset"],
      [{ concurrency: 0 }, "concurrency"],
      [{ provider: "" }, "provider"],
      [{ workspaceId: "ws-\ud800" }, "workspaceId"]
    ] as const
  )("list %j", ([params, field]) =>
    Effect.gen(function*() {
      const { byok, stub } = yield* stubbed([oneKey(1)])
      const error = failureOf(yield* Effect.exit(Stream.runDrain(byok.list(params))))
      expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.list" })
      expect(error.message).toContain(field)
      const itemsError = failureOf(yield* Effect.exit(Stream.runDrain(byok.listItems(params))))
      expect(itemsError._tag).toBe("InvalidRequest")
      expect(stub.requests).toHaveLength(0)
    }))

  it.effect.each(["", ".", "..", "key-\udc00", "x".repeat(256)])("get %j", (id) =>
    Effect.gen(function*() {
      const { byok, stub } = yield* stubbed([oneKey(1)])
      const error = failureOf(yield* Effect.exit(byok.get(id)))
      expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.get" })
      expect(stub.requests).toHaveLength(0)
    }))
})
