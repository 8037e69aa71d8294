/**
 * Realistic BYOK credentials for tests and demos, deterministic from a seed.
 *
 * @since 0.1.0
 */
import type { ByokKey } from "../ByokKey.js"
import * as credentialStore from "./internal/credentialStore.js"
import * as generator from "./internal/fixtureGenerator.js"

/**
 * The workspace requests resolve to when they name none (the spec's example workspace). The
 * in-memory layer and the mock server use it as their default workspace.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultWorkspaceId: string = credentialStore.defaultWorkspaceId

/**
 * The workspaces fixtures spread credentials over by default: the default workspace first
 * (most credentials), then two others.
 *
 * @since 0.1.0
 * @category constants
 */
export const workspaceIds: ReadonlyArray<string> = [
  defaultWorkspaceId,
  "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  "9b2f4c1e-3d5a-4e8b-a6c7-1f0e2d3c4b5a"
]

/**
 * Provider slugs the fixtures use that this library does not know, standing for providers
 * added after its release.
 *
 * @since 0.1.0
 * @category constants
 */
export const unknownProviderSlugs: ReadonlyArray<string> = generator.unknownProviderSlugs

/**
 * Declared regions the fixtures use that this library does not know, standing for regions
 * added after its release.
 *
 * @since 0.1.0
 * @category constants
 */
export const unknownDeclaredRegions: ReadonlyArray<string> = generator.unknownDeclaredRegions

/**
 * Options of {@link make}: how many credentials, the seed, the workspaces and the share of
 * global credentials.
 *
 * @since 0.1.0
 * @category options
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
 * `count` credentials in creation order: mostly popular providers, some other known slugs and
 * a few unknown ones; several workspaces and some global credentials; disabled and fallback
 * flags; allowlists (mostly `null`; API key hashes are 64 lowercase hex characters); names,
 * masked labels such as `sk-...AbCd`, ascending `createdAt`, per-provider `sortOrder`, and the
 * newer fields (`declaredZdr`, `isByokOnly`, `isRequired`, `declaredRegion`, mostly `null` and
 * sometimes a region this library does not know). Options that cannot describe credentials
 * (`count: 2.5`, `globalShare: 2`, a workspace id that is not a UUID) throw a `RangeError`
 * naming the option.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): ReadonlyArray<ByokKey> =>
  generator.generate({
    count: options.count,
    seed: options.seed ?? 1,
    workspaceIds: options.workspaceIds ?? workspaceIds,
    globalShare: options.globalShare ?? 0.1
  })

/**
 * The label the test servers give a raw provider key (on create, and when `update` rotates
 * it): a conventional prefix such as `sk-` and at most its last four characters.
 *
 * @since 0.1.0
 * @category labels
 */
export const maskedLabel: (providerKey: string) => string = credentialStore.maskedLabel
