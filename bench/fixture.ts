/**
 * The credentials the benchmark server serves: deterministic, so every client and every run
 * lists exactly the same keys, in the newest wire shape (with `declared_zdr`, `is_byok_only`
 * and `is_required`, which the official SDK requires).
 */

const providers = [
  "openai",
  "anthropic",
  "amazon-bedrock",
  "google-vertex",
  "azure",
  "mistral",
  "groq",
  "together",
  "deepinfra",
  "fireworks",
  "xai",
  "cohere",
  // Slugs newer than this release: every client must still accept them.
  "acme-inference",
  "brand-new-cloud"
]

/** A small deterministic generator (mulberry32), so the fixture needs no dependency. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const hex = (next: () => number, length: number) => {
  let out = ""
  for (let i = 0; i < length; i++) out += "0123456789abcdef"[Math.floor(next() * 16)]
  return out
}

const uuid = (next: () => number) =>
  `${hex(next, 8)}-${hex(next, 4)}-4${hex(next, 3)}-a${hex(next, 3)}-${hex(next, 12)}`

/** The wire JSON of the `index`-th credential. */
export const keyAt = (index: number) => {
  const next = random(index + 1)
  const isFallback = next() < 0.2
  const restricted = next() < 0.3
  return {
    id: uuid(next),
    provider: providers[index % providers.length],
    label: `sk-...${hex(next, 4)}`,
    name: next() < 0.8 ? `Credential ${index}` : null,
    disabled: next() < 0.1,
    workspace_id: next() < 0.5 ? uuid(next) : null,
    is_fallback: isFallback,
    allowed_models: restricted ? ["openai/gpt-4o", "anthropic/claude-sonnet-4"] : null,
    allowed_api_key_hashes: next() < 0.1 ? [hex(next, 64)] : null,
    allowed_user_ids: next() < 0.1 ? [`user_${hex(next, 8)}`] : null,
    sort_order: index % 7,
    created_at: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
    declared_zdr: next() < 0.5 ? null : next() < 0.5,
    is_byok_only: !isFallback && next() < 0.1,
    is_required: next() < 0.2
  }
}

/** The body of `GET /byok?offset&limit` over `total` credentials. */
export const pageBody = (total: number, offset: number, limit: number): string => {
  const data = []
  for (let i = offset; i < Math.min(total, offset + limit); i++) data.push(keyAt(i))
  return JSON.stringify({ data, total_count: total })
}
