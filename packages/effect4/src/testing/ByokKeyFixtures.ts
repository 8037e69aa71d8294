/**
 * Realistic BYOK credentials for tests and demos, deterministic from a seed. The generator is
 * the `openrouter-byok-mock-server` package's, so the same seed gives the same credentials
 * here, to the mock server's command line, and to any other client's tests.
 *
 * @since 0.1.0
 */
import { ByokKeyFixtures as Fixtures } from "openrouter-byok-mock-server"
import type { ByokKey } from "../ByokKey.js"

/**
 * The workspace requests resolve to when they name none (the spec's example workspace). The
 * in-memory layer and the mock server use it as their default workspace.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultWorkspaceId: string = Fixtures.defaultWorkspaceId

/**
 * The workspaces fixtures spread credentials over by default: the default workspace first
 * (most credentials), then two others.
 *
 * @since 0.1.0
 * @category constants
 */
export const workspaceIds: ReadonlyArray<string> = Fixtures.workspaceIds

/**
 * Provider slugs the fixtures use that this library does not know, standing for providers
 * added after its release.
 *
 * @since 0.1.0
 * @category constants
 */
export const unknownProviderSlugs: ReadonlyArray<string> = Fixtures.unknownProviderSlugs

/**
 * Declared regions the fixtures use that this library does not know, standing for regions
 * added after its release.
 *
 * @since 0.1.0
 * @category constants
 */
export const unknownDeclaredRegions: ReadonlyArray<string> = Fixtures.unknownDeclaredRegions

/**
 * Options of {@link make}: how many credentials (`count`), the `seed` (default 1; the same
 * seed always gives the same credentials), the `workspaceIds` to spread them over (UUIDs, the
 * first gets most; default {@link workspaceIds}; pass `[defaultWorkspaceId]` to have every
 * credential listed by a request that names no workspace) and the `globalShare` of global
 * credentials (`workspaceId: null`, 0 to 1, default 0.1).
 *
 * @since 0.1.0
 * @category options
 */
export interface Options extends Fixtures.Options {}

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
export const make = (options: Options): ReadonlyArray<ByokKey> => Fixtures.make(options)

/**
 * The label the test servers give a raw provider key (on create, and when `update` rotates
 * it): a conventional prefix such as `sk-` and at most its last four characters.
 *
 * @since 0.1.0
 * @category labels
 */
export const maskedLabel: (providerKey: string) => string = Fixtures.maskedLabel
