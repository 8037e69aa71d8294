/**
 * Wire-format (snake_case) bodies as the API sends them, and the secrets tests watch for.
 */
import * as Redacted from "effect/Redacted"
import type { ByokKey } from "effect4-openrouter-byok"
import * as Scenarios from "openrouter-byok-scenarios"
import { apiKeyMarker, providerKeyMarker } from "openrouter-byok-scenarios"

/** A management key that must never be seen anywhere but in the `Authorization` header. */
export { apiKeyMarker }
export const apiKey = Redacted.make(apiKeyMarker)

/** A provider key that must never be seen anywhere but in a request body. */
export { providerKeyMarker }
export const providerKey = Redacted.make(providerKeyMarker)

/** A credential as `GET /byok/{id}` returns it; `overrides` may add, replace or (with `undefined`) drop fields. */
export const keyJson = (index: number, overrides: Record<string, unknown> = {}): ByokKey.ByokKeyJson =>
  Scenarios.keyJson(index, overrides) as unknown as ByokKey.ByokKeyJson

/** The `id` of `keyJson(index)`. */
export const keyId = (index: number): string => keyJson(index).id

/** The body of `GET /byok` for the page at `offset` of `total` credentials. */
export const listBody = (total: number, offset: number, limit: number) =>
  Scenarios.listBody(total, offset, limit) as unknown as {
    readonly data: Array<ByokKey.ByokKeyJson>
    readonly total_count: number
  }

/** The documented error body. */
export const errorBody = (code: number, message: string, metadata?: Record<string, unknown>) => ({
  error: { code, message, ...(metadata === undefined ? {} : { metadata }) }
})

/** A valid `allowed_api_key_hashes` item: 64 lowercase hex characters. */
export const apiKeyHash = (digit: string): string => digit.repeat(64)
