import { describe, expect, it } from "@effect/vitest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { ByokKey } from "effect4-openrouter-byok"
import * as fc from "fast-check"
import { apiKeyHash, keyJson, providerKey, providerKeyMarker } from "./support/fixtures.js"

const decodeKey = Schema.decodeUnknownResult(ByokKey.ByokKey)
const decodeList = Schema.decodeUnknownResult(ByokKey.ListByokKeysResponse)
const encodeCreate = Schema.encodeResult(ByokKey.CreateByokKeyInput)
const encodeUpdate = Schema.encodeResult(ByokKey.UpdateByokKeyPatch)
const decodeListParams = Schema.decodeUnknownResult(ByokKey.ListParams)
const decodeId = Schema.decodeUnknownResult(ByokKey.ByokKeyId)

const right = <A, E>(result: Result.Result<A, E>): A => {
  if (Result.isFailure(result)) throw new Error(`expected a success, got ${String(result.failure)}`)
  return result.success
}

describe("ByokKey", () => {
  describe("decoding a credential", () => {
    it("turns the wire's snake_case into camelCase fields", () => {
      const key = right(decodeKey(keyJson(7, {
        workspace_id: "ws-1",
        is_fallback: true,
        allowed_models: ["openai/gpt-4o"],
        allowed_api_key_hashes: [apiKeyHash("a")],
        allowed_user_ids: ["user-1"]
      })))
      expect(key).toEqual({
        id: "00000000-0000-4000-8000-000000000007",
        provider: "openai",
        label: "sk-...0007",
        name: "key 7",
        disabled: false,
        workspaceId: "ws-1",
        isFallback: true,
        allowedModels: ["openai/gpt-4o"],
        allowedApiKeyHashes: [apiKeyHash("a")],
        allowedUserIds: ["user-1"],
        sortOrder: 7,
        createdAt: "2025-08-24T10:30:00Z"
      })
    })

    it("accepts a provider slug this version does not know", () => {
      const key = right(decodeKey(keyJson(1, { provider: "brand-new-provider" })))
      expect(key.provider).toBe("brand-new-provider")
      expect(ByokKey.isKnownProviderSlug("brand-new-provider")).toBe(false)
      expect(ByokKey.isKnownProviderSlug("anthropic")).toBe(true)
    })

    it("ignores fields it does not know", () => {
      const key = right(decodeKey(keyJson(1, { rotated_at: "2026-01-01T00:00:00Z", usage: { requests: 3 } })))
      expect(key).not.toHaveProperty("rotated_at")
      expect(key).not.toHaveProperty("usage")
    })

    it("decodes the fields only newer servers send, and does without them", () => {
      const older = right(decodeKey(keyJson(1)))
      expect(older).not.toHaveProperty("declaredZdr")
      expect(older).not.toHaveProperty("isByokOnly")
      expect(older).not.toHaveProperty("isRequired")
      const newer = right(decodeKey(keyJson(1, { declared_zdr: null, is_byok_only: true, is_required: false })))
      expect(newer).toMatchObject({ declaredZdr: null, isByokOnly: true, isRequired: false })
    })

    it("does without the fields the contract does not mark as required", () => {
      const key = right(decodeKey(keyJson(1, { name: undefined })))
      expect(key).not.toHaveProperty("name")
      expect(key.sortOrder).toBe(1)
    })

    it.each([
      "id",
      "provider",
      "workspace_id",
      "label",
      "disabled",
      "is_fallback",
      "allowed_models",
      "allowed_api_key_hashes",
      "allowed_user_ids",
      "sort_order",
      "created_at"
    ])("refuses a credential without %s, which the contract requires", (field) => {
      const result = decodeKey(keyJson(1, { [field]: undefined }))
      expect(Result.isFailure(result) && result.failure.message).toContain(`["${field}"]`)
    })

    it("decodes a declared region, null, and a region this version does not know", () => {
      expect(right(decodeKey(keyJson(1, { declared_region: "europe" }))).declaredRegion).toBe("europe")
      expect(right(decodeKey(keyJson(1, { declared_region: null }))).declaredRegion).toBeNull()
      expect(right(decodeKey(keyJson(1, { declared_region: "asia-pacific" }))).declaredRegion).toBe("asia-pacific")
      expect(ByokKey.isKnownDeclaredRegion("asia-pacific")).toBe(false)
      expect(ByokKey.isKnownDeclaredRegion("us")).toBe(true)
      expect(right(decodeKey(keyJson(1)))).not.toHaveProperty("declaredRegion")
    })

    it("refuses a declared region that is not a string or null", () => {
      const result = decodeKey(keyJson(1, { declared_region: 1 }))
      expect(Result.isFailure(result) && result.failure.message).toContain(`["declared_region"]`)
    })

    it("refuses a credential without a required field, naming its wire name", () => {
      const result = decodeList({ data: [keyJson(0), keyJson(1, { created_at: undefined })], total_count: 2 })
      expect(Result.isFailure(result) && result.failure.message).toContain("created_at")
    })

    it("refuses a fractional sort_order", () => {
      expect(Result.isFailure(decodeKey(keyJson(1, { sort_order: 1.5 })))).toBe(true)
    })
  })

  describe("ListParams", () => {
    it.each([{ limit: 1 }, { limit: 100 }, { offset: 0 }, { offset: 12_345 }, { concurrency: 1 }, { concurrency: 64 }])(
      "accepts %j",
      (params) => {
        expect(Result.isSuccess(decodeListParams(params))).toBe(true)
      }
    )

    it.each([
      { limit: 0 },
      { limit: 101 },
      { limit: 1.5 },
      { offset: -1 },
      { offset: 0.5 },
      { concurrency: 0 },
      { concurrency: 65 },
      { provider: "" },
      { workspaceId: "\ud800" }
    ])("refuses %j", (params) => {
      expect(Result.isFailure(decodeListParams(params))).toBe(true)
    })
  })

  describe("ByokKeyId", () => {
    it.each(["", ".", "..", "\udc00", "a".repeat(256)])("refuses %j", (id) => {
      expect(Result.isFailure(decodeId(id))).toBe(true)
    })

    it.each(["../credits", "a/b", "%2F", "?x", "#y", "...", "a".repeat(255)])(
      "accepts %j (it is percent-encoded on the wire)",
      (id) => {
        expect(right(decodeId(id))).toBe(id)
      }
    )
  })

  describe("encoding a create input", () => {
    it("writes snake_case, the raw key in clear, and nothing for fields left out", () => {
      const body = right(encodeCreate({
        provider: "openai",
        key: providerKey,
        workspaceId: "ws-1",
        isFallback: true,
        allowedApiKeyHashes: [apiKeyHash("b")]
      }))
      expect(body).toStrictEqual({
        provider: "openai",
        key: providerKeyMarker,
        workspace_id: "ws-1",
        is_fallback: true,
        allowed_api_key_hashes: [apiKeyHash("b")]
      })
    })

    it("writes every optional field under its wire name", () => {
      const body = right(encodeCreate({
        provider: "anthropic",
        key: providerKey,
        name: "prod",
        disabled: true,
        isByokOnly: true,
        isRequired: true,
        declaredZdr: null,
        declaredRegion: "europe",
        allowedModels: ["a"],
        allowedUserIds: ["u"]
      }))
      expect(Object.keys(body).sort()).toEqual(
        [
          "allowed_models",
          "allowed_user_ids",
          "declared_region",
          "declared_zdr",
          "disabled",
          "is_byok_only",
          "is_required",
          "key",
          "name",
          "provider"
        ]
      )
      expect(body.declared_region).toBe("europe")
    })

    it("refuses isFallback together with isByokOnly", () => {
      expect(
        Result.isFailure(encodeCreate({ provider: "openai", key: providerKey, isFallback: true, isByokOnly: true }))
      )
        .toBe(true)
    })
  })

  describe("encoding an update patch", () => {
    it("keeps null (clear the allowlist) apart from absent (leave it as it is)", () => {
      expect(right(encodeUpdate({ allowedModels: null }))).toStrictEqual({ allowed_models: null })
      expect(right(encodeUpdate({}))).toStrictEqual({})
      expect(right(encodeUpdate({ allowedUserIds: null, allowedApiKeyHashes: null, name: null, declaredZdr: null })))
        .toStrictEqual({ allowed_user_ids: null, allowed_api_key_hashes: null, name: null, declared_zdr: null })
    })

    it("sends a null region as null (clear it), a region as itself, and nothing when absent", () => {
      expect(right(encodeUpdate({ declaredRegion: null }))).toStrictEqual({ declared_region: null })
      expect(right(encodeUpdate({ declaredRegion: "us" }))).toStrictEqual({ declared_region: "us" })
      expect(right(encodeUpdate({ declaredRegion: "asia-pacific" }))).toStrictEqual({ declared_region: "asia-pacific" })
      expect(right(encodeUpdate({ disabled: true }))).toStrictEqual({ disabled: true })
    })

    it("writes a rotated key in clear, only inside the body", () => {
      expect(right(encodeUpdate({ key: Redacted.make("sk-new") }))).toStrictEqual({ key: "sk-new" })
    })

    it("keeps absent and null apart for every allowlist, whatever else the patch holds", () => {
      const allowlists = ["allowedModels", "allowedUserIds", "allowedApiKeyHashes"] as const
      const wireName = {
        allowedModels: "allowed_models",
        allowedUserIds: "allowed_user_ids",
        allowedApiKeyHashes: "allowed_api_key_hashes"
      }
      fc.assert(fc.property(
        fc.record(
          {
            allowedModels: fc.constant(null),
            allowedUserIds: fc.constant(null),
            allowedApiKeyHashes: fc.constant(null),
            disabled: fc.boolean()
          },
          { requiredKeys: [] }
        ),
        (patch) => {
          const body = right(encodeUpdate(patch)) as Record<string, unknown>
          for (const field of allowlists) {
            expect(wireName[field] in body).toBe(field in patch)
            if (field in patch) expect(body[wireName[field]]).toBeNull()
          }
        }
      ))
    })
  })
})
