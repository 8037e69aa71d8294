/**
 * Wire-format (snake_case) bodies as the API sends them, and the secrets tests watch for.
 */
import * as Redacted from "effect/Redacted"
import type { ByokKey } from "effect4-openrouter-byok"

/** A management key that must never be seen anywhere but in the `Authorization` header. */
export const apiKeyMarker = "sk-or-v1-MARKER-DO-NOT-LEAK"
export const apiKey = Redacted.make(apiKeyMarker)

/** A provider key that must never be seen anywhere but in a request body. */
export const providerKeyMarker = "sk-provider-MARKER-DO-NOT-LEAK"
export const providerKey = Redacted.make(providerKeyMarker)

/** A credential as `GET /byok/{id}` returns it; `overrides` may add, replace or (with `undefined`) drop fields. */
export const keyJson = (index: number, overrides: Record<string, unknown> = {}): ByokKey.ByokKeyJson => {
  const json: Record<string, unknown> = {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    provider: "openai",
    label: `sk-...${String(index).padStart(4, "0")}`,
    name: `key ${index}`,
    disabled: false,
    workspace_id: null,
    is_fallback: false,
    allowed_models: null,
    allowed_api_key_hashes: null,
    allowed_user_ids: null,
    sort_order: index,
    created_at: "2025-08-24T10:30:00Z",
    ...overrides
  }
  for (const [key, value] of Object.entries(json)) {
    if (value === undefined) delete json[key]
  }
  return json as unknown as ByokKey.ByokKeyJson
}

/** The `id` of `keyJson(index)`. */
export const keyId = (index: number): string => keyJson(index).id

/** The body of `GET /byok` for the page at `offset` of `total` credentials. */
export const listBody = (total: number, offset: number, limit: number) => ({
  data: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => keyJson(offset + i)),
  total_count: total
})

/** The documented error body. */
export const errorBody = (code: number, message: string, metadata?: Record<string, unknown>) => ({
  error: { code, message, ...(metadata === undefined ? {} : { metadata }) }
})

/** A valid `allowed_api_key_hashes` item: 64 lowercase hex characters. */
export const apiKeyHash = (digit: string): string => digit.repeat(64)
