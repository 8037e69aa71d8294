/**
 * Credentials as the scenarios need them: in the wire format (snake_case) for bodies a server
 * sends, and as the mock server stores them. The same credentials as each edition's test
 * fixtures (`keyJson(index)`).
 */
import type { ByokKey } from "openrouter-byok-mock-server"

/** The `id` of credential `index`. */
export const keyId = (index: number): string => `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`

/** Credential `index` as the mock server stores it; `overrides` may add or replace fields. */
export const storedKey = (index: number, overrides: Partial<ByokKey> = {}): ByokKey => ({
  id: keyId(index),
  provider: "openai",
  label: `sk-...${String(index).padStart(4, "0")}`,
  name: `key ${index}`,
  disabled: false,
  workspaceId: null,
  isFallback: false,
  allowedModels: null,
  allowedApiKeyHashes: null,
  allowedUserIds: null,
  sortOrder: index,
  createdAt: "2025-08-24T10:30:00Z",
  ...overrides
})

/** Credential `index` as `GET /byok/{id}` returns it; `overrides` may add or replace fields. */
export const keyJson = (index: number, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: keyId(index),
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
})
