/**
 * Realistic BYOK credentials for tests and demos, deterministic from a seed.
 */
import { isoSeconds, knownProviderSlugs, maskedLabel as coreMaskedLabel, uuidPattern } from "openrouter-byok-core"
import type { ByokKey } from "./byokKey.js"
import { defaultWorkspaceId as storeDefaultWorkspaceId } from "./credentialStore.js"
import { alphanumeric, hexDigits, SeededRandom } from "./seededRandom.js"

/**
 * The workspace requests resolve to when they name none (the API document's example
 * workspace). The mock server and the in-memory layers use it as their default workspace.
 */
export const defaultWorkspaceId: string = storeDefaultWorkspaceId

/**
 * The workspaces fixtures spread credentials over by default: the default workspace first
 * (most credentials), then two others.
 */
export const workspaceIds: ReadonlyArray<string> = [
  defaultWorkspaceId,
  "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  "9b2f4c1e-3d5a-4e8b-a6c7-1f0e2d3c4b5a"
]

/**
 * Options of {@link make}: how many credentials, the seed, the workspaces and the share of
 * global credentials.
 */
export interface Options {
  /** How many credentials. */
  readonly count: number
  /** Default 1. The same seed always gives the same credentials. */
  readonly seed?: number | undefined
  /**
   * The workspaces to spread credentials over (UUIDs, written in lowercase as the server
   * keeps them); the first gets most of them. Default {@link workspaceIds}. Pass
   * `[defaultWorkspaceId]` to have every credential listed by a request that names no workspace.
   */
  readonly workspaceIds?: ReadonlyArray<string> | undefined
  /** Share of global credentials (`workspaceId: null`), 0 to 1. Default 0.1. */
  readonly globalShare?: number | undefined
}

/**
 * The label the servers give a raw provider key (on create, and when an update rotates it): a
 * conventional prefix such as `sk-` and at most its last four characters.
 */
export const maskedLabel: (providerKey: string) => string = coreMaskedLabel

interface GeneratorOptions {
  readonly count: number
  readonly seed: number
  /** The first one is the default workspace and gets most credentials. */
  readonly workspaceIds: ReadonlyArray<string>
  readonly globalShare: number
}

/** Roughly how often each provider appears in a real account: a few dominate. */
const popularProviders: ReadonlyArray<readonly [string, number]> = [
  ["openai", 20],
  ["anthropic", 16],
  ["amazon-bedrock", 8],
  ["google-vertex", 8],
  ["google-ai-studio", 6],
  ["azure", 6],
  ["mistral", 5],
  ["groq", 4],
  ["together", 4],
  ["deepseek", 4],
  ["xai", 4],
  ["fireworks", 3],
  ["cohere", 2]
]

/**
 * Provider slugs the fixtures use that the client does not know, standing for providers added
 * after its release: decoding must accept them.
 */
export const unknownProviderSlugs: ReadonlyArray<string> = ["acme-inference", "nova-compute", "lattice-ai"]

/**
 * Declared regions the fixtures use that the client does not know, standing for regions added
 * after its release: decoding must accept them.
 */
export const unknownDeclaredRegions: ReadonlyArray<string> = ["asia-pacific"]

/** Most owners declare no region; of those who do, most say where their account is. */
const regionDraws: ReadonlyArray<readonly [string | null, number]> = [
  [null, 70],
  ["global", 10],
  ["europe", 10],
  ["us", 7],
  ...unknownDeclaredRegions.map((region) => [region, 3 / unknownDeclaredRegions.length] as const)
]

type ProviderDraw = { readonly _tag: "Popular"; readonly slug: string } | { readonly _tag: "OtherKnown" } | {
  readonly _tag: "Unknown"
}

const providerDraws: ReadonlyArray<readonly [ProviderDraw, number]> = [
  ...popularProviders.map(([slug, weight]) => [{ _tag: "Popular", slug } as ProviderDraw, weight] as const),
  [{ _tag: "OtherKnown" }, 6],
  [{ _tag: "Unknown" }, 3]
]

const drawProvider = (random: SeededRandom): string => {
  const draw = random.weighted(providerDraws)
  switch (draw._tag) {
    case "Popular":
      return draw.slug
    case "OtherKnown":
      return random.pick(knownProviderSlugs)
    case "Unknown":
      return random.pick(unknownProviderSlugs)
  }
}

/** A raw key in the provider's usual format, only to derive a realistic masked label. */
const fakeProviderKey = (provider: string, random: SeededRandom): string => {
  switch (provider) {
    case "openai":
      return `sk-proj-${random.string(alphanumeric, 48)}`
    case "anthropic":
      return `sk-ant-api03-${random.string(alphanumeric, 40)}`
    case "amazon-bedrock":
      return `AKIA${random.string("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`
    case "google-vertex":
    case "google-ai-studio":
      return `AIza${random.string(alphanumeric, 35)}`
    default:
      return `sk-${random.string(alphanumeric, 40)}`
  }
}

const environments = ["Production", "Staging", "Development", "Batch jobs", "Research", "Evaluation", "Support bot"]

const modelsOf = (provider: string): ReadonlyArray<string> => {
  switch (provider) {
    case "openai":
      return ["openai/gpt-4o", "openai/gpt-4o-mini", "openai/o3", "openai/gpt-4.1"]
    case "anthropic":
      return ["anthropic/claude-sonnet-4", "anthropic/claude-opus-4", "anthropic/claude-3.5-haiku"]
    case "google-vertex":
    case "google-ai-studio":
      return ["google/gemini-2.5-pro", "google/gemini-2.5-flash"]
    case "mistral":
      return ["mistralai/mistral-large", "mistralai/mistral-small"]
    default:
      return [`${provider}/model-small`, `${provider}/model-large`, `${provider}/model-instruct`]
  }
}

const someOf = <A>(items: ReadonlyArray<A>, random: SeededRandom, max: number): Array<A> => {
  const chosen = new Set<A>()
  const wanted = random.integer(1, Math.min(max, items.length))
  while (chosen.size < wanted) chosen.add(random.pick(items))
  return [...chosen]
}

const startOfHistory = Date.UTC(2024, 0, 15, 9, 0, 0)

/**
 * Options that cannot describe credentials (`count: 2.5`, `globalShare: 2`, a workspace id
 * that is not a UUID) are a bug of the test's setup: said at once, naming the option, rather
 * than as credentials no server would hold.
 */
const checkOptions = (options: GeneratorOptions): void => {
  const refuse = (what: string, value: unknown) => {
    throw new RangeError(
      `ByokKeyFixtures.make: ${what}, not ${typeof value === "string" ? `"${value}"` : String(value)}`
    )
  }
  if (!Number.isSafeInteger(options.count) || options.count < 0) {
    refuse("count must be a whole number from 0", options.count)
  }
  if (!Number.isSafeInteger(options.seed)) refuse("seed must be a whole number", options.seed)
  if (typeof options.globalShare !== "number" || !(options.globalShare >= 0 && options.globalShare <= 1)) {
    refuse("globalShare must be a share from 0 to 1", options.globalShare)
  }
  if (!Array.isArray(options.workspaceIds)) refuse("workspaceIds must be an array of UUIDs", options.workspaceIds)
  for (const id of options.workspaceIds) {
    if (typeof id !== "string" || !uuidPattern.test(id)) refuse("each of workspaceIds must be a UUID", id)
  }
}

/**
 * `count` credentials in creation order, as a real account holds them: mostly popular
 * providers, some other known slugs and a few unknown ones; several workspaces and some global
 * credentials; disabled and fallback flags; allowlists (mostly `null`; API key hashes are 64
 * lowercase hex characters); names, masked labels such as `sk-...AbCd`, ascending `createdAt`,
 * per-provider `sortOrder`, and the newer fields (`declaredZdr`, `isByokOnly`, `isRequired`,
 * `declaredRegion`, mostly `null` and sometimes a region the client does not know). The same
 * options always give the same credentials. Options that cannot describe credentials
 * (`count: 2.5`, `globalShare: 2`, a workspace id that is not a UUID) throw a `RangeError`
 * naming the option.
 */
export const make = (options: Options): ReadonlyArray<ByokKey> =>
  generate({
    count: options.count,
    seed: options.seed ?? 1,
    workspaceIds: options.workspaceIds ?? workspaceIds,
    globalShare: options.globalShare ?? 0.1
  })

const generate = (options: GeneratorOptions): Array<ByokKey> => {
  checkOptions(options)
  const random = new SeededRandom(options.seed)
  // Regions draw from a stream of their own, so adding them left every other seeded field as it was.
  const regions = new SeededRandom(options.seed ^ 0x5eed_2e61)
  // As the server keeps them: in lowercase.
  const [defaultWorkspace, ...otherWorkspaces] = options.workspaceIds.map((id) => id.toLowerCase())
  const nextSortOrder = new Map<string, number>()
  const keys: Array<ByokKey> = []
  let createdAt = startOfHistory
  for (let index = 0; index < options.count; index++) {
    const provider = drawProvider(random)
    const workspaceId = random.chance(options.globalShare)
      ? null
      : otherWorkspaces.length === 0 || random.chance(0.6)
      ? (defaultWorkspace ?? null)
      : random.pick(otherWorkspaces)
    const slot = `${workspaceId}/${provider}`
    const sortOrder = nextSortOrder.get(slot) ?? 0
    nextSortOrder.set(slot, sortOrder + 1)
    createdAt += random.integer(60, 36 * 60) * 60_000
    const isFallback = random.chance(0.15)
    keys.push({
      id: random.uuid(),
      provider,
      label: coreMaskedLabel(fakeProviderKey(provider, random)),
      name: random.chance(0.15) ? null : `${random.pick(environments)} ${provider} key`,
      disabled: random.chance(0.1),
      workspaceId,
      isFallback,
      allowedModels: random.chance(0.3) ? someOf(modelsOf(provider), random, 3) : null,
      allowedApiKeyHashes: random.chance(0.2)
        ? Array.from({ length: random.integer(1, 3) }, () => random.string(hexDigits, 64))
        : null,
      allowedUserIds: random.chance(0.15)
        ? Array.from({ length: random.integer(1, 4) }, () => `user_${random.string(alphanumeric, 24)}`)
        : null,
      sortOrder,
      createdAt: isoSeconds(createdAt),
      declaredZdr: random.weighted<boolean | null>([[null, 60], [true, 25], [false, 15]]),
      isByokOnly: !isFallback && random.chance(0.08),
      isRequired: random.chance(0.1),
      declaredRegion: regions.weighted(regionDraws)
    })
  }
  return keys
}
