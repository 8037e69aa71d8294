import { describe, expect, it } from "@effect/vitest"
import type { ByokKey } from "effect-openrouter-byok"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { loopback, stubbed } from "./support/clients.js"
import { apiKeyHash, errorBody, keyId, keyJson, providerKey, providerKeyMarker } from "./support/fixtures.js"
import { failureOf } from "./support/observe.js"
import { oneKey } from "./support/scripts.js"
import { refuse, type StubReply } from "./support/StubHttpClient.js"
import { apiPath, Reply } from "./support/TestServer.js"

const input: ByokKey.CreateByokKeyInput = { provider: "openai", key: providerKey }
const created = Reply.json(201, { data: keyJson(9) })
const deleted = Reply.json(200, { deleted: true })
const status = (code: number): Reply => Reply.json(code, errorBody(code, `status ${code}`))

/** Attempts with the test clients' default `immediateRetries`. */
const retried = 3

describe("OpenRouterByok.create", () => {
  it.scoped("sends POST /byok with the input in snake_case and returns the created credential", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(created)
      const key = yield* byok.create({
        provider: "anthropic",
        key: providerKey,
        name: "Production",
        workspaceId: "ws-1",
        disabled: false,
        isFallback: true,
        isRequired: false,
        declaredZdr: null,
        declaredRegion: "europe",
        allowedModels: ["anthropic/claude-sonnet-4"],
        allowedUserIds: ["user-1"],
        allowedApiKeyHashes: [apiKeyHash("c")]
      })
      expect(key.id).toBe(keyId(9))
      const [request] = server.requests
      expect([request!.method, request!.target]).toEqual(["POST", `${apiPath}/byok`])
      expect(request!.headers["content-type"]).toContain("application/json")
      expect(request!.json).toStrictEqual({
        provider: "anthropic",
        key: providerKeyMarker,
        name: "Production",
        workspace_id: "ws-1",
        disabled: false,
        is_fallback: true,
        is_required: false,
        declared_zdr: null,
        declared_region: "europe",
        allowed_models: ["anthropic/claude-sonnet-4"],
        allowed_user_ids: ["user-1"],
        allowed_api_key_hashes: [apiKeyHash("c")]
      })
    }))

  it.scoped("sends no field that was left out", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(created)
      yield* byok.create(input)
      expect(server.requests[0]!.json).toStrictEqual({ provider: "openai", key: providerKeyMarker })
    }))

  it.scoped("sends the raw provider key only in the body", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(created)
      yield* byok.create(input)
      const { body, headers, target } = server.requests[0]!
      expect(body).toContain(providerKeyMarker)
      expect(target).not.toContain(providerKeyMarker)
      expect(JSON.stringify(headers)).not.toContain(providerKeyMarker)
    }))

  it.scoped.each([
    { code: 400, tag: "BadRequest" },
    { code: 401, tag: "Unauthorized" },
    { code: 403, tag: "Forbidden" },
    { code: 500, tag: "InternalServer" },
    { code: 404, tag: "UnexpectedStatus" }
  ])("fails with $tag on $code", ({ code, tag }) =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(status(code))
      expect(failureOf(yield* Effect.exit(byok.create(input)))).toMatchObject({ _tag: tag, status: code })
    }))

  describe("is retried only where the request certainly did not take effect", () => {
    it.scoped.each([
      { what: "429", reply: status(429), attempts: retried },
      { what: "500", reply: status(500), attempts: 1 },
      { what: "502", reply: status(502), attempts: 1 },
      { what: "503", reply: status(503), attempts: 1 },
      { what: "a lost connection", reply: Reply.destroy, attempts: 1 },
      { what: "a body cut off", reply: Reply.truncated(201, { data: keyJson(9) }, 20), attempts: 1 }
    ])("$what: $attempts attempt(s)", ({ attempts, reply }) =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback()
        server.replies(reply)
        yield* Effect.exit(byok.create(input))
        expect(server.requests).toHaveLength(attempts)
      }))

    it.scoped("a 429 then a success creates once", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback()
        server.replies(status(429), created)
        expect((yield* byok.create(input)).id).toBe(keyId(9))
        expect(server.requests).toHaveLength(2)
      }))

    it.effect("a refused connection: retried", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([refuse, refuse, created])
        const fiber = yield* Effect.fork(byok.create(input))
        yield* TestClock.adjust("10 seconds")
        expect((yield* Fiber.join(fiber)).id).toBe(keyId(9))
        expect(stub.requests).toHaveLength(3)
      }))

    it.effect("a timeout: not retried", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([Reply.hang, created], { requestTimeout: "1 second" })
        const fiber = yield* Effect.fork(byok.create(input))
        yield* TestClock.adjust("1 minute")
        expect(failureOf(yield* Fiber.await(fiber))).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        expect(stub.requests).toHaveLength(1)
      }))
  })

  describe("refuses invalid input before sending anything", () => {
    const hundredAndOne = Array.from({ length: 101 }, (_, i) => `item-${i}`)
    it.scoped.each([
      { what: "more than 100 allowed models", change: { allowedModels: hundredAndOne }, field: "allowedModels" },
      { what: "more than 100 allowed user ids", change: { allowedUserIds: hundredAndOne }, field: "allowedUserIds" },
      {
        what: "more than 100 allowed api key hashes",
        change: { allowedApiKeyHashes: Array.from({ length: 101 }, () => apiKeyHash("d")) },
        field: "allowedApiKeyHashes"
      },
      {
        what: "an uppercase api key hash",
        change: { allowedApiKeyHashes: [apiKeyHash("D")] },
        field: "allowedApiKeyHashes"
      },
      { what: "a short api key hash", change: { allowedApiKeyHashes: ["abc123"] }, field: "allowedApiKeyHashes" },
      { what: "an empty api key hash list", change: { allowedApiKeyHashes: [] }, field: "allowedApiKeyHashes" },
      { what: "isFallback with isByokOnly", change: { isFallback: true, isByokOnly: true }, field: "isByokOnly" },
      { what: "an empty key", change: { key: Redacted.make("") }, field: "key" },
      { what: "an empty provider", change: { provider: "" }, field: "provider" },
      { what: "a name over 255 characters", change: { name: "n".repeat(256) }, field: "name" }
    ])("$what", ({ change, field }) =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback()
        const error = failureOf(yield* Effect.exit(byok.create({ ...input, ...change } as ByokKey.CreateByokKeyInput)))
        expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.create" })
        expect(error.message).toContain(field)
        expect(server.requests).toHaveLength(0)
      }))

    it.scoped("a key given as a plain string, without quoting it", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback()
        const plain = { provider: "openai", key: providerKeyMarker } as unknown as ByokKey.CreateByokKeyInput
        const error = failureOf(yield* Effect.exit(byok.create(plain)))
        expect(error._tag).toBe("InvalidRequest")
        expect(error.message).toContain("Redacted")
        expect(JSON.stringify(error) + error.message + String(error)).not.toContain(providerKeyMarker)
        expect(server.requests).toHaveLength(0)
      }))
  })
})

describe("OpenRouterByok.update", () => {
  it.scoped("sends PATCH /byok/{id} with only the fields given, and returns the updated credential", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(oneKey(2, { disabled: true }))
      const key = yield* byok.update("id/with slash", { disabled: true, isRequired: true })
      expect(key.disabled).toBe(true)
      const [request] = server.requests
      expect([request!.method, request!.target]).toEqual(["PATCH", `${apiPath}/byok/id%2Fwith%20slash`])
      expect(request!.json).toStrictEqual({ disabled: true, is_required: true })
    }))

  it.scoped("sends null to clear an allowlist and leaves out the allowlists not mentioned", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(oneKey(2))
      yield* byok.update(keyId(2), { allowedModels: null, allowedUserIds: ["user-2"] })
      expect(server.requests[0]!.json).toStrictEqual({ allowed_models: null, allowed_user_ids: ["user-2"] })
    }))

  it.scoped("sends declared_region null to clear the region, a region as given, and nothing when absent", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(oneKey(2, { declared_region: null }), oneKey(2, { declared_region: "asia-pacific" }), oneKey(2))
      const cleared = yield* byok.update(keyId(2), { declaredRegion: null })
      const moved = yield* byok.update(keyId(2), { declaredRegion: "asia-pacific" })
      yield* byok.update(keyId(2), { disabled: false })
      expect(cleared.declaredRegion).toBeNull()
      expect(moved.declaredRegion).toBe("asia-pacific")
      expect(server.requests.map((request) => request.json)).toStrictEqual([
        { declared_region: null },
        { declared_region: "asia-pacific" },
        { disabled: false }
      ])
    }))

  it.scoped("rotates the key in place, sending the new raw key only in the body", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(oneKey(2, { label: "sk-...NEW1" }))
      const key = yield* byok.update(keyId(2), { key: providerKey })
      expect(key.label).toBe("sk-...NEW1")
      expect(server.requests[0]!.json).toStrictEqual({ key: providerKeyMarker })
      expect(server.requests[0]!.target).not.toContain(providerKeyMarker)
    }))

  it.scoped.each([
    { code: 400, tag: "BadRequest" },
    { code: 401, tag: "Unauthorized" },
    { code: 403, tag: "Forbidden" },
    { code: 404, tag: "NotFound" },
    { code: 500, tag: "InternalServer" }
  ])("fails with $tag on $code", ({ code, tag }) =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(status(code))
      expect(failureOf(yield* Effect.exit(byok.update(keyId(2), { disabled: true })))).toMatchObject({
        _tag: tag,
        status: code
      })
    }))

  it.scoped.each([
    { what: "429", reply: status(429), attempts: retried },
    { what: "500", reply: status(500), attempts: retried },
    { what: "503", reply: status(503), attempts: retried },
    { what: "a lost connection", reply: Reply.destroy, attempts: retried },
    { what: "400", reply: status(400), attempts: 1 },
    { what: "404", reply: status(404), attempts: 1 }
  ])("is retried like a read: $what, $attempts attempt(s)", ({ attempts, reply }) =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(reply)
      yield* Effect.exit(byok.update(keyId(2), { disabled: true }))
      expect(server.requests).toHaveLength(attempts)
    }))

  it.scoped.each([
    { what: "an empty id", id: "", patch: { disabled: true } },
    { what: "the id ..", id: "..", patch: { disabled: true } },
    { what: "an empty api key hash list", id: keyId(2), patch: { allowedApiKeyHashes: [] } },
    { what: "isFallback with isByokOnly", id: keyId(2), patch: { isFallback: true, isByokOnly: true } },
    { what: "an empty key", id: keyId(2), patch: { key: Redacted.make("") } },
    { what: "a plain-string key", id: keyId(2), patch: { key: providerKeyMarker } }
  ])("refuses $what before sending anything", ({ id, patch }) =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      const error = failureOf(yield* Effect.exit(byok.update(id, patch as ByokKey.UpdateByokKeyPatch)))
      expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.update" })
      expect(error.message).not.toContain(providerKeyMarker)
      expect(server.requests).toHaveLength(0)
    }))
})

describe("OpenRouterByok.delete", () => {
  it.scoped("sends DELETE /byok/{id} and returns nothing", () =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(deleted)
      expect(yield* byok.delete("../credits")).toBeUndefined()
      const [request] = server.requests
      expect([request!.method, request!.target, request!.body]).toEqual(["DELETE", `${apiPath}/byok/..%2Fcredits`, ""])
    }))

  it.scoped.each([
    { code: 401, tag: "Unauthorized", attempts: 1 },
    { code: 403, tag: "Forbidden", attempts: 1 },
    { code: 404, tag: "NotFound", attempts: 1 },
    { code: 500, tag: "InternalServer", attempts: retried },
    { code: 400, tag: "UnexpectedStatus", attempts: 1 }
  ])("fails with $tag on $code, after $attempts attempt(s)", ({ attempts, code, tag }) =>
    Effect.gen(function*() {
      const { byok, server } = yield* loopback()
      server.replies(status(code))
      expect(failureOf(yield* Effect.exit(byok.delete(keyId(3))))).toMatchObject({ _tag: tag, status: code })
      expect(server.requests).toHaveLength(attempts)
    }))

  describe("a 404 after a failure that may have deleted the credential counts as done", () => {
    it.scoped.each([
      { what: "a 500", first: status(500) },
      { what: "a 503", first: status(503) },
      { what: "a lost connection", first: Reply.destroy },
      { what: "a body cut off", first: Reply.truncated(200, { deleted: true }, 5) }
    ])("after $what", ({ first }) =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback()
        server.replies(first, status(404))
        expect(yield* byok.delete(keyId(3))).toBeUndefined()
        expect(server.requests).toHaveLength(2)
      }))

    it.scoped("even after several such failures", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback()
        server.replies(status(502), status(429), status(404))
        expect(yield* byok.delete(keyId(3))).toBeUndefined()
        expect(server.requests).toHaveLength(3)
      }))
  })

  describe("a 404 is NotFound when no earlier attempt can have deleted it", () => {
    it.scoped("after a 429", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback()
        server.replies(status(429), status(404))
        expect(failureOf(yield* Effect.exit(byok.delete(keyId(3))))._tag).toBe("NotFound")
        expect(server.requests).toHaveLength(2)
      }))

    it.effect("after a refused connection", () =>
      Effect.gen(function*() {
        const replies: ReadonlyArray<StubReply> = [refuse, status(404)]
        const { byok, stub } = yield* stubbed(replies)
        const fiber = yield* Effect.fork(byok.delete(keyId(3)))
        yield* TestClock.adjust("10 seconds")
        expect(failureOf(yield* Fiber.await(fiber))._tag).toBe("NotFound")
        expect(stub.requests).toHaveLength(2)
      }))

    it.scoped("each delete call starts afresh", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback()
        server.replies(status(500), status(404))
        yield* byok.delete(keyId(3))
        expect(failureOf(yield* Effect.exit(byok.delete(keyId(3))))._tag).toBe("NotFound")
      }))
  })

  it.scoped.each(["", ".", "..", "\ud800"])(
    "refuses the id %j before sending anything",
    (id) =>
      Effect.gen(function*() {
        const { byok, server } = yield* loopback()
        expect(failureOf(yield* Effect.exit(byok.delete(id)))).toMatchObject({
          _tag: "InvalidRequest",
          operation: "OpenRouterByok.delete"
        })
        expect(server.requests).toHaveLength(0)
      })
  )
})
