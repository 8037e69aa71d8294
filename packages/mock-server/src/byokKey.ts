import { addedLaterByokKeyFields, byokKeyWireNames, renameToWire } from "openrouter-byok-core"

/**
 * A BYOK credential as the API describes it, with the library's camelCase field names: the
 * same shape as the `ByokKey` type of either edition of the client, so their credentials and
 * these are interchangeable. The raw provider key is never part of it; `label` is its masked
 * snippet. The optional fields are those older servers leave out.
 */
export interface ByokKey {
  /** Stable public identifier (a UUID). */
  readonly id: string
  /** The upstream provider's slug (`openai`, `anthropic`, ...). */
  readonly provider: string
  /** Short masked snippet of the key, e.g. `sk-...AbCd`. */
  readonly label: string
  readonly name?: string | null | undefined
  readonly disabled: boolean
  /** The workspace the credential is scoped to, or `null` when it is global. */
  readonly workspaceId: string | null
  readonly isFallback: boolean
  readonly allowedModels: ReadonlyArray<string> | null
  readonly allowedApiKeyHashes: ReadonlyArray<string> | null
  readonly allowedUserIds: ReadonlyArray<string> | null
  readonly sortOrder: number
  /** ISO timestamp without milliseconds, e.g. `2025-08-24T10:30:00Z`. */
  readonly createdAt: string
  readonly declaredZdr?: boolean | null
  readonly isByokOnly?: boolean
  readonly isRequired?: boolean
  readonly declaredRegion?: string | null
}

/**
 * A credential as the server holds it: every field present (the newest shape), whatever the
 * test seeded.
 */
export type CompleteByokKey = { readonly [K in keyof ByokKey]-?: Exclude<ByokKey[K], undefined> }

/**
 * Which response shape a server speaks: `newest` with the fields the API added later
 * (`declared_zdr`, `is_byok_only`, `is_required`, `declared_region`), `legacy` without them.
 */
export type ResponseShape = "newest" | "legacy"

/** What a server of the given shape sends for a credential. */
export const present = (key: CompleteByokKey, shape: ResponseShape): ByokKey => {
  if (shape === "newest") return key
  const legacy: Record<string, unknown> = { ...key }
  for (const field of addedLaterByokKeyFields) delete legacy[field]
  return legacy as unknown as ByokKey
}

/** A credential as the API writes it: snake_case names, in the API document's order. */
export const byokKeyToWire = (key: ByokKey): Record<string, unknown> => renameToWire(key, byokKeyWireNames)
