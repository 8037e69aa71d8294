import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type { ByokKey } from "effect4-openrouter-byok"
import { failureOf, stubbed } from "./support/clients.js"
import { errorBody, keyId, keyJson, listBody } from "./support/fixtures.js"
import { oneKey } from "./support/scripts.js"
import { refuse, Reply, stubApiUrl, type StubReply } from "./support/StubHttpClient.js"

/** Two retries without any wait: three attempts for what is retried, one for the rest. */
const immediateRetries = Schedule.recurs(2)
const retried = 3
const once = 1

const sending = (...replies: ReadonlyArray<StubReply>) => stubbed(replies, { retrySchedule: immediateRetries })

const status = (code: number, headers: Record<string, string> = {}): StubReply =>
  Reply.json(code, errorBody(code, `status ${code}`), headers)

describe("OpenRouterByok errors", () => {
  describe("status to error", () => {
    it.effect.each([
      { code: 401, tag: "Unauthorized", attempts: once },
      { code: 403, tag: "Forbidden", attempts: once },
      { code: 404, tag: "NotFound", attempts: once },
      { code: 429, tag: "RateLimited", attempts: retried },
      { code: 500, tag: "InternalServer", attempts: retried },
      { code: 502, tag: "UnexpectedStatus", attempts: retried },
      { code: 503, tag: "UnexpectedStatus", attempts: retried },
      { code: 504, tag: "UnexpectedStatus", attempts: retried },
      { code: 418, tag: "UnexpectedStatus", attempts: once },
      { code: 400, tag: "UnexpectedStatus", attempts: once }
    ])("get: $code is $tag, after $attempts attempt(s)", ({ attempts, code, tag }) =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(status(code))
        expect(failureOf(yield* Effect.exit(byok.get(keyId(1))))).toMatchObject({ _tag: tag, status: code })
        expect(stub.requests).toHaveLength(attempts)
      }))

    it.effect.each([
      { code: 400, tag: "BadRequest", attempts: once },
      { code: 401, tag: "Unauthorized", attempts: once },
      { code: 403, tag: "Forbidden", attempts: once },
      { code: 404, tag: "UnexpectedStatus", attempts: once },
      { code: 429, tag: "RateLimited", attempts: retried },
      { code: 500, tag: "InternalServer", attempts: retried },
      { code: 503, tag: "UnexpectedStatus", attempts: retried }
    ])("list: $code is $tag, after $attempts attempt(s)", ({ attempts, code, tag }) =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(status(code))
        expect(failureOf(yield* Effect.exit(Stream.runDrain(byok.list())))).toMatchObject({ _tag: tag, status: code })
        expect(stub.requests).toHaveLength(attempts)
      }))

    it.effect("names the request by method and full URL (host, path and query), never its headers", () =>
      Effect.gen(function*() {
        const { byok } = yield* stubbed([status(500)], { retrySchedule: Schedule.recurs(0) })
        const getError = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(getError).toMatchObject({ _tag: "InternalServer", request: `GET ${stubApiUrl}/byok/${keyId(1)}` })
        const listError = failureOf(yield* Effect.exit(Stream.runDrain(byok.list({ limit: 5, provider: "openai" }))))
        const listRequest = `GET ${stubApiUrl}/byok?offset=0&limit=5&provider=openai`
        expect(listError).toMatchObject({ _tag: "InternalServer", request: listRequest })
        expect(listError.message).toContain(listRequest)
      }))

    it.effect("a 429 carries the server's Retry-After", () =>
      Effect.gen(function*() {
        const { byok } = yield* stubbed([status(429, { "retry-after": "7" })], { retrySchedule: Schedule.recurs(0) })
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "RateLimited", retryAfterMillis: 7000 })
        expect(error.message).toContain("retry after 7000 ms")
      }))

    it.effect("succeeds when a transient failure is followed by an answer", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(status(502), oneKey(4))
        expect((yield* byok.get(keyId(4))).sortOrder).toBe(4)
        expect(stub.requests).toHaveLength(2)
      }))
  })

  describe("error bodies", () => {
    it.effect("carry the documented error's code, message and metadata", () =>
      Effect.gen(function*() {
        const { byok } = yield* sending(Reply.json(403, {
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

    it.effect("keep each documented field of the error when another of its fields has an unexpected type", () =>
      Effect.gen(function*() {
        const { byok } = yield* sending(
          Reply.json(403, { error: { code: 403, message: "Only management keys", metadata: ["not", "a", "record"] } }),
          Reply.json(403, { error: { code: "forbidden", message: "Only management keys", metadata: { a: 1 } } })
        )
        const badMetadata = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(badMetadata).toMatchObject({ _tag: "Forbidden", code: 403, serverMessage: "Only management keys" })
        expect(badMetadata).not.toHaveProperty("metadata")
        const badCode = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(badCode).toMatchObject({ _tag: "Forbidden", serverMessage: "Only management keys", metadata: { a: 1 } })
        expect(badCode).not.toHaveProperty("code")
      }))

    it.effect("ignore an HTML page from a proxy", () =>
      Effect.gen(function*() {
        const { byok } = yield* stubbed([
          Reply.text(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", { "content-type": "text/html" })
        ], { retrySchedule: Schedule.recurs(0) })
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "UnexpectedStatus", status: 502 })
        expect(error).not.toHaveProperty("serverMessage")
        expect(error.message).not.toContain("<html>")
      }))

    it.effect("keep at most a few hundred characters of a long server message in `message`", () =>
      Effect.gen(function*() {
        const { byok } = yield* sending(Reply.json(404, errorBody(404, "x".repeat(10_000))))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "NotFound", serverMessage: "x".repeat(10_000) })
        expect(error.message.length).toBeLessThan(500)
        expect(error.message).toContain("(10000 characters)")
      }))
  })

  describe("bodies that do not decode", () => {
    it.effect("a 200 body that is not JSON is a DecodeError, not retried", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(Reply.text(200, "<html>maintenance</html>"))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "DecodeError", status: 200, path: "" })
        expect(error.message).toContain("not JSON")
        expect(stub.requests).toHaveLength(1)
      }))

    it.effect("an empty 200 body is a DecodeError", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(Reply.text(200, ""))
        expect(failureOf(yield* Effect.exit(byok.get(keyId(1))))._tag).toBe("DecodeError")
        expect(stub.requests).toHaveLength(1)
      }))

    it.effect("a list page off the schema is a DecodeError naming the path, not retried", () =>
      Effect.gen(function*() {
        const body = listBody(5, 0, 5)
        const data: Array<ByokKey.ByokKeyJson> = [...body.data]
        data[3] = keyJson(3, { sort_order: "third" })
        const { byok, stub } = yield* sending(Reply.json(200, { ...body, data }))
        const error = failureOf(yield* Effect.exit(Stream.runDrain(byok.list())))
        expect(error).toMatchObject({ _tag: "DecodeError", path: "data[3].sort_order" })
        expect(error.message).toContain("data[3].sort_order")
        expect(stub.requests).toHaveLength(1)
      }))

    it.effect("a list page without total_count is a DecodeError naming it", () =>
      Effect.gen(function*() {
        const { byok } = yield* sending(Reply.json(200, { data: [keyJson(0)] }))
        const error = failureOf(yield* Effect.exit(Stream.runDrain(byok.list())))
        expect(error).toMatchObject({ _tag: "DecodeError", path: "total_count" })
      }))

    it.effect.each([
      "is_fallback",
      "id",
      "provider",
      "label",
      "disabled",
      "workspace_id",
      "allowed_models",
      "sort_order",
      "created_at"
    ])(
      "a credential without %s, which the contract requires, is a DecodeError naming it",
      (field) =>
        Effect.gen(function*() {
          const { byok } = yield* sending(Reply.json(200, { data: keyJson(1, { [field]: undefined }) }))
          expect(failureOf(yield* Effect.exit(byok.get(keyId(1))))).toMatchObject({
            _tag: "DecodeError",
            path: `data.${field}`
          })
        })
    )

    it.effect("a credential without the fields only newer servers send decodes, without them", () =>
      Effect.gen(function*() {
        const { byok } = yield* sending(oneKey(1, { name: undefined }))
        const key = yield* byok.get(keyId(1))
        for (const field of ["name", "declaredZdr", "isByokOnly", "isRequired", "declaredRegion"]) {
          expect(key).not.toHaveProperty(field)
        }
      }))

    it.effect("a credential with the fields newer servers send decodes them", () =>
      Effect.gen(function*() {
        const { byok } = yield* sending(
          oneKey(1, { declared_zdr: null, is_byok_only: true, is_required: false, declared_region: "europe" })
        )
        expect(yield* byok.get(keyId(1))).toMatchObject({
          declaredZdr: null,
          isByokOnly: true,
          isRequired: false,
          declaredRegion: "europe"
        })
      }))
  })

  describe("transport failures", () => {
    it.effect("a body cut off before its end is a TransportError (BodyIncomplete), retried", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(Reply.truncated(200, { data: keyJson(1) }, 10))
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "BodyIncomplete" })
        expect(stub.requests).toHaveLength(retried)
      }))

    it.effect("a connection closed before any answer is a TransportError (ConnectionLost), retried", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(Reply.destroy)
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "ConnectionLost" })
        expect(error.message).toContain("ECONNRESET")
        expect(stub.requests).toHaveLength(retried)
      }))

    it.effect("a refused connection is a TransportError (ConnectionRefused)", () =>
      Effect.gen(function*() {
        const { byok } = yield* sending(refuse)
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "ConnectionRefused" })
      }))
  })

  describe("redirects are never followed", () => {
    it.effect.each([301, 302, 303, 307, 308])(
      "a %i is an UnexpectedStatus naming only the origin it points to",
      (code) =>
        Effect.gen(function*() {
          const { byok, stub } = yield* sending(
            Reply.text(code, "", { location: "https://elsewhere.example:8443/steal?key=1#x" })
          )
          const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
          expect(error).toMatchObject({
            _tag: "UnexpectedStatus",
            status: code,
            location: "https://elsewhere.example:8443"
          })
          expect(error.message).toContain("Redirect not followed")
          expect(error.message).not.toContain("steal")
          expect(stub.requests).toHaveLength(1)
        })
    )

    it.effect("an opaque redirect (a browser's fetch) is an UnexpectedStatus with status 0 and no location", () =>
      Effect.gen(function*() {
        const { byok } = yield* sending(Reply.opaqueRedirect)
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "UnexpectedStatus", status: 0 })
        expect(error).not.toHaveProperty("location")
        expect(error.message).toContain("opaque redirect")
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
      [{ concurrency: 65 }, "concurrency"],
      [{ provider: "" }, "provider"],
      [{ workspaceId: "ws-\ud800" }, "workspaceId"]
    ] as const
  )("list %j", ([params, field]) =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(oneKey(1))
      const error = failureOf(yield* Effect.exit(Stream.runDrain(byok.list(params))))
      expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.list" })
      expect(error.message).toContain(field)
      const itemsError = failureOf(yield* Effect.exit(Stream.runDrain(byok.listItems(params))))
      expect(itemsError._tag).toBe("InvalidRequest")
      expect(stub.requests).toHaveLength(0)
    }))

  it.effect.each(["", ".", "..", "key-\udc00", "x".repeat(256)])("get %j", (id) =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(oneKey(1))
      const error = failureOf(yield* Effect.exit(byok.get(id)))
      expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.get" })
      expect(stub.requests).toHaveLength(0)
    }))
})
