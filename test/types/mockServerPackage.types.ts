/**
 * Type-level specification, checked by `npm run check` (never run): the mock-server package's
 * plain `ByokKey` and the library's Schema type are interchangeable both ways, so fixtures,
 * seeded credentials and the shared store's credentials pass between them without a cast.
 */
import type { ByokKey } from "effect-openrouter-byok"
import type * as MockServerPackage from "openrouter-byok-mock-server"

export const toPackage = (key: ByokKey.ByokKey): MockServerPackage.ByokKey => key
export const fromPackage = (key: MockServerPackage.ByokKey): ByokKey.ByokKey => key
export const completeToLibrary = (key: MockServerPackage.CompleteByokKey): ByokKey.ByokKey => key
export const fixturesToLibrary = (
  keys: ReturnType<typeof MockServerPackage.ByokKeyFixtures.make>
): ReadonlyArray<ByokKey.ByokKey> => keys
