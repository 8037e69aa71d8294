import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/testing/TestClock"
import type { ByokKey, OpenRouterByokError } from "effect4-openrouter-byok"
import { failureOf, stubbed } from "./support/clients.js"
import { apiKeyHash, errorBody, keyId, keyJson, providerKey, providerKeyMarker } from "./support/fixtures.js"
import { oneKey } from "./support/scripts.js"
import { bodyJson, bodyText, refuse, Reply, stubApiUrl, type StubReply } from "./support/StubHttpClient.js"

// On the stub, which sees whole requests (bodies included), with two retries that do not wait.

const input: ByokKey.CreateByokKeyInput = { provider: "openai", key: providerKey }
const created = Reply.json(201, { data: keyJson(9) })
const deleted = Reply.json(200, { deleted: true })
/** The answer of `code` with the documented error body. */
const status = (code: number): StubReply => Reply.json(code, errorBody(code, `status ${code}`))

/** Two retries without any wait: the service still only retries what its policy allows. */
const immediateRetries = Schedule.recurs(2)

/** The service on a stub answering `replies` (the last one to every later request), retrying at once. */
const sending = (...replies: ReadonlyArray<StubReply>) => stubbed(replies, { retrySchedule: immediateRetries })

/** Attempts with `immediateRetries`. */
const retried = 3

describe("OpenRouterByok.create", () => {
  it.effect("sends POST /byok with the input in snake_case and returns the created credential", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(created)
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
      const [request] = stub.requests
      expect([request!.method, request!.url]).toEqual(["POST", `${stubApiUrl}/byok`])
      expect(request!.body).toMatchObject({ contentType: expect.stringContaining("application/json") })
      expect(bodyJson(request!)).toStrictEqual({
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

  it.effect("sends no field that was left out", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(created)
      yield* byok.create(input)
      expect(bodyJson(stub.requests[0]!)).toStrictEqual({ provider: "openai", key: providerKeyMarker })
    }))

  it.effect("takes a field set to undefined as left out, as JSON does (the types allow it without exactOptionalPropertyTypes)", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(created)
      const fields: Record<string, unknown> = { name: undefined, allowedModels: undefined }
      yield* byok.create({ ...input, ...fields } as ByokKey.CreateByokKeyInput)
      expect(bodyJson(stub.requests[0]!)).toStrictEqual({ provider: "openai", key: providerKeyMarker })
    }))

  it.effect("sends the raw provider key only in the body", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(created)
      yield* byok.create(input)
      const [request] = stub.requests
      expect(bodyText(request!)).toContain(providerKeyMarker)
      expect(request!.url + JSON.stringify(request!.urlParams)).not.toContain(providerKeyMarker)
      expect(JSON.stringify(request!.headers)).not.toContain(providerKeyMarker)
    }))

  it.effect.each([
    { code: 400, tag: "BadRequest" },
    { code: 401, tag: "Unauthorized" },
    { code: 403, tag: "Forbidden" },
    { code: 500, tag: "InternalServer" },
    { code: 404, tag: "UnexpectedStatus" }
  ])("fails with $tag on $code", ({ code, tag }) =>
    Effect.gen(function*() {
      const { byok } = yield* sending(status(code))
      expect(failureOf(yield* Effect.exit(byok.create(input)))).toMatchObject({ _tag: tag, status: code })
    }))

  describe("is retried only where the request certainly did not take effect", () => {
    it.effect.each(
      [
        { what: "429", answer: status(429), attempts: retried },
        { what: "500", answer: status(500), attempts: 1 },
        { what: "502", answer: status(502), attempts: 1 },
        { what: "503", answer: status(503), attempts: 1 },
        { what: "a lost connection", answer: Reply.destroy, attempts: 1 },
        { what: "a body cut off", answer: Reply.truncated(201, { data: keyJson(9) }, 20), attempts: 1 }
      ] as const
    )("$what: $attempts attempt(s)", ({ answer, attempts }) =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(answer)
        yield* Effect.exit(byok.create(input))
        expect(stub.requests).toHaveLength(attempts)
      }))

    it.effect("a 429 then a success creates once", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(status(429), created)
        expect((yield* byok.create(input)).id).toBe(keyId(9))
        expect(stub.requests).toHaveLength(2)
      }))

    it.effect("a refused connection: retried", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([refuse, refuse, created])
        const fiber = yield* Effect.forkChild(byok.create(input))
        yield* TestClock.adjust("10 seconds")
        expect((yield* Fiber.join(fiber)).id).toBe(keyId(9))
        expect(stub.requests).toHaveLength(3)
      }))

    it.effect("a timeout: not retried", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([Reply.hang, created], { requestTimeout: "1 second" })
        const fiber = yield* Effect.forkChild(byok.create(input))
        yield* TestClock.adjust("1 minute")
        expect(failureOf(yield* Fiber.await(fiber))).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        expect(stub.requests).toHaveLength(1)
      }))
  })

  describe("refuses invalid input before sending anything", () => {
    const hundredAndOne = Array.from({ length: 101 }, (_, i) => `item-${i}`)
    it.effect.each([
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
        const { byok, stub } = yield* sending(created)
        const error = failureOf(yield* Effect.exit(byok.create({ ...input, ...change } as ByokKey.CreateByokKeyInput)))
        expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.create" })
        expect(error.message).toContain(field)
        expect(stub.requests).toHaveLength(0)
      }))

    it.effect("a huge value, quoted only in part: a 100,000-character name does not make a 100,000-character error", () =>
      Effect.gen(function*() {
        const { byok } = yield* sending(created)
        const error = failureOf(yield* Effect.exit(byok.create({ ...input, name: "n".repeat(100_000) })))
        expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.create" })
        const { reason } = error as OpenRouterByokError.InvalidRequest
        // Schema 4 leaves the refused value out of its message.
        expect(reason).toMatch(/^name: /)
        expect(reason).not.toContain("nnnnnnnnnn")
        expect(reason.length).toBeLessThan(400)
      }))

    it.effect("a key given as a plain string, without quoting it", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(created)
        const plain = { provider: "openai", key: providerKeyMarker } as unknown as ByokKey.CreateByokKeyInput
        const error = failureOf(yield* Effect.exit(byok.create(plain)))
        expect(error._tag).toBe("InvalidRequest")
        expect(error.message).toContain("Redacted")
        expect(JSON.stringify(error) + error.message + String(error)).not.toContain(providerKeyMarker)
        expect(stub.requests).toHaveLength(0)
      }))
  })
})

describe("OpenRouterByok.update", () => {
  it.effect("sends PATCH /byok/{id} with only the fields given, and returns the updated credential", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(oneKey(2, { disabled: true }))
      const key = yield* byok.update("id/with slash", { disabled: true, isRequired: true })
      expect(key.disabled).toBe(true)
      const [request] = stub.requests
      expect([request!.method, request!.url]).toEqual(["PATCH", `${stubApiUrl}/byok/id%2Fwith%20slash`])
      expect(bodyJson(request!)).toStrictEqual({ disabled: true, is_required: true })
    }))

  it.effect("leaves out a field set to undefined, as JSON does: it stays as it is", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(oneKey(2))
      const patch: Record<string, unknown> = { disabled: true, name: undefined, key: undefined }
      yield* byok.update(keyId(2), patch as ByokKey.UpdateByokKeyPatch)
      expect(bodyJson(stub.requests[0]!)).toStrictEqual({ disabled: true })
    }))

  it.effect("sends null to clear an allowlist and leaves out the allowlists not mentioned", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(oneKey(2))
      yield* byok.update(keyId(2), { allowedModels: null, allowedUserIds: ["user-2"] })
      expect(bodyJson(stub.requests[0]!)).toStrictEqual({ allowed_models: null, allowed_user_ids: ["user-2"] })
    }))

  it.effect("sends declared_region null to clear the region, a region as given, and nothing when absent", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(
        oneKey(2, { declared_region: null }),
        oneKey(2, { declared_region: "asia-pacific" }),
        oneKey(2)
      )
      const cleared = yield* byok.update(keyId(2), { declaredRegion: null })
      const moved = yield* byok.update(keyId(2), { declaredRegion: "asia-pacific" })
      yield* byok.update(keyId(2), { disabled: false })
      expect(cleared.declaredRegion).toBeNull()
      expect(moved.declaredRegion).toBe("asia-pacific")
      expect(stub.requests.map(bodyJson)).toStrictEqual([
        { declared_region: null },
        { declared_region: "asia-pacific" },
        { disabled: false }
      ])
    }))

  it.effect("rotates the key in place, sending the new raw key only in the body", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(oneKey(2, { label: "sk-...NEW1" }))
      const key = yield* byok.update(keyId(2), { key: providerKey })
      expect(key.label).toBe("sk-...NEW1")
      expect(bodyJson(stub.requests[0]!)).toStrictEqual({ key: providerKeyMarker })
      expect(stub.requests[0]!.url).not.toContain(providerKeyMarker)
      expect(JSON.stringify(stub.requests[0]!.headers)).not.toContain(providerKeyMarker)
    }))

  it.effect.each([
    { code: 400, tag: "BadRequest" },
    { code: 401, tag: "Unauthorized" },
    { code: 403, tag: "Forbidden" },
    { code: 404, tag: "NotFound" },
    { code: 500, tag: "InternalServer" }
  ])("fails with $tag on $code", ({ code, tag }) =>
    Effect.gen(function*() {
      const { byok } = yield* sending(status(code))
      expect(failureOf(yield* Effect.exit(byok.update(keyId(2), { disabled: true })))).toMatchObject({
        _tag: tag,
        status: code
      })
    }))

  it.effect.each(
    [
      { what: "429", answer: status(429), attempts: retried },
      { what: "500", answer: status(500), attempts: retried },
      { what: "503", answer: status(503), attempts: retried },
      { what: "a lost connection", answer: Reply.destroy, attempts: retried },
      { what: "400", answer: status(400), attempts: 1 },
      { what: "404", answer: status(404), attempts: 1 }
    ] as const
  )("is retried like a read: $what, $attempts attempt(s)", ({ answer, attempts }) =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(answer)
      yield* Effect.exit(byok.update(keyId(2), { disabled: true }))
      expect(stub.requests).toHaveLength(attempts)
    }))

  it.effect.each([
    { what: "an empty id", id: "", patch: { disabled: true } },
    { what: "the id ..", id: "..", patch: { disabled: true } },
    { what: "an empty api key hash list", id: keyId(2), patch: { allowedApiKeyHashes: [] } },
    { what: "isFallback with isByokOnly", id: keyId(2), patch: { isFallback: true, isByokOnly: true } },
    { what: "an empty key", id: keyId(2), patch: { key: Redacted.make("") } },
    { what: "a plain-string key", id: keyId(2), patch: { key: providerKeyMarker } }
  ])("refuses $what before sending anything", ({ id, patch }) =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(oneKey(2))
      const error = failureOf(yield* Effect.exit(byok.update(id, patch as ByokKey.UpdateByokKeyPatch)))
      expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.update" })
      expect(error.message).not.toContain(providerKeyMarker)
      expect(stub.requests).toHaveLength(0)
    }))
})

describe("OpenRouterByok.delete", () => {
  it.effect("sends DELETE /byok/{id} and returns nothing", () =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(deleted)
      expect(yield* byok.delete("../credits")).toBeUndefined()
      const [request] = stub.requests
      expect([request!.method, request!.url, bodyText(request!)]).toEqual([
        "DELETE",
        `${stubApiUrl}/byok/..%2Fcredits`,
        ""
      ])
    }))

  it.effect.each([
    { code: 401, tag: "Unauthorized", attempts: 1 },
    { code: 403, tag: "Forbidden", attempts: 1 },
    { code: 404, tag: "NotFound", attempts: 1 },
    { code: 500, tag: "InternalServer", attempts: retried },
    { code: 400, tag: "UnexpectedStatus", attempts: 1 }
  ])("fails with $tag on $code, after $attempts attempt(s)", ({ attempts, code, tag }) =>
    Effect.gen(function*() {
      const { byok, stub } = yield* sending(status(code))
      expect(failureOf(yield* Effect.exit(byok.delete(keyId(3))))).toMatchObject({ _tag: tag, status: code })
      expect(stub.requests).toHaveLength(attempts)
    }))

  it.effect("takes 204 No Content as deleted, as HTTP lets a delete answer; a get answered 204 has no credential", () =>
    Effect.gen(function*() {
      const { byok } = yield* sending(Reply.text(204, ""))
      expect(yield* byok.delete(keyId(3))).toBeUndefined()
      expect(failureOf(yield* Effect.exit(byok.get(keyId(3))))).toMatchObject({ _tag: "DecodeError", status: 204 })
    }))

  describe("a 404 after a failure that may have deleted the credential counts as done", () => {
    it.effect.each(
      [
        { what: "a 500", first: status(500) },
        { what: "a 503", first: status(503) },
        { what: "a lost connection", first: Reply.destroy },
        // The server deleted the credential, then the answer was cut off.
        { what: "a body cut off", first: Reply.truncated(200, { deleted: true }, 5) }
      ] as const
    )("after $what", ({ first }) =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(first, status(404))
        expect(yield* byok.delete(keyId(3))).toBeUndefined()
        expect(stub.requests).toHaveLength(2)
      }))

    it.effect("even after several such failures", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(status(502), status(429), status(404))
        expect(yield* byok.delete(keyId(3))).toBeUndefined()
        expect(stub.requests).toHaveLength(3)
      }))
  })

  describe("a 404 is NotFound when no earlier attempt can have deleted it", () => {
    it.effect("after a 429", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(status(429), status(404))
        expect(failureOf(yield* Effect.exit(byok.delete(keyId(3))))._tag).toBe("NotFound")
        expect(stub.requests).toHaveLength(2)
      }))

    it.effect("after a refused connection", () =>
      Effect.gen(function*() {
        const replies: ReadonlyArray<StubReply> = [refuse, Reply.json(404, errorBody(404, "status 404"))]
        const { byok, stub } = yield* stubbed(replies)
        const fiber = yield* Effect.forkChild(byok.delete(keyId(3)))
        yield* TestClock.adjust("10 seconds")
        expect(failureOf(yield* Fiber.await(fiber))._tag).toBe("NotFound")
        expect(stub.requests).toHaveLength(2)
      }))

    it.effect("each delete call starts afresh", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(status(500), status(404))
        yield* byok.delete(keyId(3))
        expect(failureOf(yield* Effect.exit(byok.delete(keyId(3))))._tag).toBe("NotFound")
        expect(stub.requests).toHaveLength(3)
      }))
  })

  it.effect.each(["", ".", "..", "\ud800"])(
    "refuses the id %j before sending anything",
    (id) =>
      Effect.gen(function*() {
        const { byok, stub } = yield* sending(deleted)
        expect(failureOf(yield* Effect.exit(byok.delete(id)))).toMatchObject({
          _tag: "InvalidRequest",
          operation: "OpenRouterByok.delete"
        })
        expect(stub.requests).toHaveLength(0)
      })
  )
})
