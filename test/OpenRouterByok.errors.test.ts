import { describe, expect, it } from "@effect/vitest"
import type { ByokKey } from "effect-openrouter-byok"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { clientAt, httpStacks, loopback } from "./support/clients.js"
import { errorBody, keyId, keyJson, listBody } from "./support/fixtures.js"
import { failureOf } from "./support/observe.js"
import { oneKey } from "./support/scripts.js"
import { refusedApiUrl, Reply } from "./support/TestServer.js"

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
        const { byok, server } = yield* loopback({ http })
        server.replies(Reply.json(status, errorBody(status, `status ${status}`)))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: tag, status })
        expect(server.requests).toHaveLength(attempts)
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
        const { byok, server } = yield* loopback({ http })
        server.replies(Reply.json(status, errorBody(status, `status ${status}`)))
        const error = failureOf(yield* Effect.exit(Stream.runDrain(byok.list())))
        expect(error).toMatchObject({ _tag: tag, status })
        expect(server.requests).toHaveLength(attempts)
      }))

    it.scoped("names the request by method and full URL (host, path and query), never its headers", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http, retrySchedule: Schedule.stop })
        server.replies(Reply.json(500, errorBody(500, "down")))
        const getError = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(getError).toMatchObject({ _tag: "InternalServer", request: `GET ${server.apiUrl}/byok/${keyId(1)}` })
        server.replies(Reply.json(500, errorBody(500, "down")))
        const listError = failureOf(yield* Effect.exit(Stream.runDrain(byok.list({ limit: 5, provider: "openai" }))))
        const listRequest = `GET ${server.apiUrl}/byok?offset=0&limit=5&provider=openai`
        expect(listError).toMatchObject({ _tag: "InternalServer", request: listRequest })
        expect(listError.message).toContain(listRequest)
      }))

    it.scoped("a 429 carries the server's Retry-After", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http, retrySchedule: Schedule.stop })
        server.replies(Reply.json(429, errorBody(429, "slow down"), { "retry-after": "7" }))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "RateLimited", retryAfterMillis: 7000 })
        expect(error.message).toContain("retry after 7000 ms")
      }))

    it.scoped("succeeds when a transient failure is followed by an answer", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.replies(Reply.json(502, errorBody(502, "bad gateway")), oneKey(4))
        expect((yield* byok.get(keyId(4))).sortOrder).toBe(4)
        expect(server.requests).toHaveLength(2)
      }))
  })

  describe("error bodies", () => {
    it.scoped("carry the documented error's code, message and metadata", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.replies(Reply.json(403, {
          ...errorBody(403, "Only management keys can manage BYOK", { required: "management" }),
          user_id: "user_1"
        }))
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

    it.scoped("ignore an HTML page from a proxy", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http, retrySchedule: Schedule.stop })
        server.replies(
          Reply.text(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", { "content-type": "text/html" })
        )
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "UnexpectedStatus", status: 502 })
        expect(error).not.toHaveProperty("serverMessage")
        expect(error.message).not.toContain("<html>")
      }))

    it.scoped("ignore JSON that is not the documented error", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.replies(Reply.json(404, { message: "no such key" }))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "NotFound", status: 404 })
        expect(error).not.toHaveProperty("code")
      }))
  })

  describe("bodies that do not decode", () => {
    it.scoped("a 200 body that is not JSON is a DecodeError, not retried", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.replies(Reply.text(200, "<html>maintenance</html>"))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "DecodeError", status: 200, path: "" })
        expect(error.message).toContain("not JSON")
        expect(server.requests).toHaveLength(1)
      }))

    it.scoped("an empty 200 body is a DecodeError", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.replies(Reply.text(200, ""))
        expect(failureOf(yield* Effect.exit(byok.get(keyId(1))))._tag).toBe("DecodeError")
        expect(server.requests).toHaveLength(1)
      }))

    it.scoped("a list page off the schema is a DecodeError naming the path, not retried", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        const body = listBody(5, 0, 5)
        const data: Array<ByokKey.ByokKeyJson> = [...body.data]
        data[3] = keyJson(3, { sort_order: "third" })
        server.replies(Reply.json(200, { ...body, data }))
        const error = failureOf(yield* Effect.exit(Stream.runDrain(byok.list())))
        expect(error).toMatchObject({ _tag: "DecodeError", path: "data[3].sort_order" })
        expect(error.message).toContain("data[3].sort_order")
        expect(server.requests).toHaveLength(1)
      }))

    it.scoped.each(["is_fallback", "id", "provider", "label", "disabled"])(
      "a credential without %s, which the contract requires, is a DecodeError naming it",
      (field) =>
        Effect.gen(function*() {
          const { byok, server } = yield* loopback({ http })
          server.replies(oneKey(1, { [field]: undefined }))
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
        const { byok, server } = yield* loopback({ http })
        server.replies(Reply.truncated(200, { data: keyJson(1) }, 40))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "BodyIncomplete" })
        expect(server.requests).toHaveLength(retried)
      }))

    it.scoped("a body cut off, then a complete one, succeeds", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.replies(Reply.truncated(200, listBody(3, 0, 100), 60), Reply.json(200, listBody(3, 0, 100)))
        expect((yield* Stream.runCollect(byok.listItems())).length).toBe(3)
        expect(server.requests).toHaveLength(2)
      }))

    it.scoped("a connection closed before any answer is a TransportError (ConnectionLost), retried", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http })
        server.replies(Reply.destroy)
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "ConnectionLost" })
        expect(server.requests).toHaveLength(retried)
      }))

    it.scoped("a refused connection is a TransportError (ConnectionRefused)", () =>
      Effect.gen(function*() {
        const byok = yield* clientAt(yield* refusedApiUrl, { http })
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "ConnectionRefused" })
      }))

    it.scoped("an attempt that outlives requestTimeout is a TransportError (Timeout), aborted, and retried", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http, requestTimeout: "2 seconds" })
        server.replies(Reply.hang)
        const fiber = yield* Effect.fork(byok.get(keyId(1)))
        for (let attempt = 1; attempt <= retried; attempt++) {
          yield* server.awaitRequests(attempt)
          yield* TestClock.adjust("1999 millis")
          expect(server.requests[attempt - 1]!.closedByClient).toBe(false)
          yield* TestClock.adjust("1 millis")
          yield* server.requests[attempt - 1]!.awaitClosedByClient()
        }
        const error = failureOf(yield* Fiber.await(fiber))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        expect(error.message).toContain("2s")
        expect(server.requests).toHaveLength(retried)
      }))

    it.scoped("the timeout covers a body that stops arriving", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback({ http, requestTimeout: "1 second", retrySchedule: Schedule.stop })
        server.replies(Reply.stalled(200, { data: keyJson(1) }, 30))
        const fiber = yield* Effect.fork(byok.get(keyId(1)))
        yield* server.awaitRequests(1)
        yield* TestClock.adjust("1 second")
        expect(failureOf(yield* Fiber.await(fiber))).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        yield* server.requests[0]!.awaitClosedByClient()
      }))
  })
})

describe("OpenRouterByok refuses bad arguments before sending anything", () => {
  it.scoped.each(
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
      const { byok, server } = yield* loopback()
      const error = failureOf(yield* Effect.exit(Stream.runDrain(byok.list(params))))
      expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.list" })
      expect(error.message).toContain(field)
      const itemsError = failureOf(yield* Effect.exit(Stream.runDrain(byok.listItems(params))))
      expect(itemsError._tag).toBe("InvalidRequest")
      expect(server.requests).toHaveLength(0)
    }))

  it.scoped.each(["", ".", "..", "key-\udc00", "x".repeat(256)])("get %j", (id) =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      const error = failureOf(yield* Effect.exit(byok.get(id)))
      expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.get" })
      expect(server.requests).toHaveLength(0)
    }))
})
