/**
 * Credentials as the scenarios need them: in the wire format (snake_case) for bodies a server
 * sends, and as the mock server stores them. The same credentials as each edition's test
 * fixtures (`keyJson(index)`).
 */
import { byokKeyWireNames, renameToWire } from "openrouter-byok-core"
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

/**
 * Credential `index` as `GET /byok/{id}` returns it: `storedKey(index)` under its JSON names;
 * `overrides` may add, replace or (with `undefined`) drop fields.
 */
export const keyJson = (index: number, overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const json: Record<string, unknown> = { ...renameToWire(storedKey(index), byokKeyWireNames), ...overrides }
  for (const [name, value] of Object.entries(json)) {
    if (value === undefined) delete json[name]
  }
  return json
}

/** The body of `GET /byok` for the page at `offset` of `total` credentials. */
export const listBody = (total: number, offset: number, limit: number) => ({
  data: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => keyJson(offset + i)),
  total_count: total
})
