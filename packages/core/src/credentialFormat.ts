/**
 * A label that identifies a key without revealing it: a short conventional prefix such as
 * `sk-` and at most the last four characters (never more than a quarter of the key), like
 * the API's `sk-...AbCd`.
 */
export const maskedLabel = (providerKey: string): string => {
  // Characters are code points, so that a label never ends with half of a surrogate pair.
  const characters = Array.from(providerKey)
  const prefix = characters.length >= 12 ? (/^[A-Za-z]{2,4}-/.exec(providerKey)?.[0] ?? "") : ""
  const shown = Math.min(4, Math.floor(characters.length / 4))
  return `${prefix}...${characters.slice(characters.length - shown).join("")}`
}

/** An ISO timestamp without milliseconds, as the API writes them (`2025-08-24T10:30:00Z`). */
export const isoSeconds = (millis: number): string => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z")

/**
 * A UUID, in either case: how the API writes ids and workspace ids.
 */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
