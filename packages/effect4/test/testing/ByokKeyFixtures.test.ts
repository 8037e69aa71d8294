import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import { ByokKey } from "effect4-openrouter-byok"
import { ByokKeyFixtures } from "effect4-openrouter-byok/testing"

const keys = ByokKeyFixtures.make({ count: 600, seed: 42 })

const countBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string) =>
  items.reduce((counts, item) => counts.set(key(item), (counts.get(key(item)) ?? 0) + 1), new Map<string, number>())

describe("ByokKeyFixtures", () => {
  it("gives the same credentials for the same seed, and different ones for another seed", () => {
    expect(ByokKeyFixtures.make({ count: 50, seed: 42 })).toEqual(keys.slice(0, 50))
    expect(ByokKeyFixtures.make({ count: 50, seed: 43 })).not.toEqual(keys.slice(0, 50))
  })

  it("makes credentials that survive the wire format both ways", () => {
    const wire = Schema.encodeSync(Schema.Array(ByokKey.ByokKey))(keys)
    expect(Schema.decodeUnknownSync(Schema.Array(ByokKey.ByokKey))(JSON.parse(JSON.stringify(wire)))).toEqual(keys)
  })

  it("fills every field, the newer ones included, with unique UUID ids", () => {
    for (const key of keys) {
      expect(key.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(key.label).toMatch(/^([A-Za-z]{2,4}-)?\.\.\.[A-Za-z0-9]{4}$/)
      expect(key.declaredZdr === null || typeof key.declaredZdr === "boolean").toBe(true)
      expect(typeof key.isByokOnly).toBe("boolean")
      expect(typeof key.isRequired).toBe("boolean")
    }
    expect(new Set(keys.map((key) => key.id)).size).toBe(keys.length)
  })

  it("mixes popular providers, other known slugs and a few unknown ones", () => {
    const providers = countBy(keys, (key) => key.provider)
    expect(providers.get("openai")).toBeGreaterThan(50)
    expect(providers.get("anthropic")).toBeGreaterThan(40)
    expect(providers.size).toBeGreaterThan(15)
    const unknown = keys.filter((key) => !ByokKey.isKnownProviderSlug(key.provider))
    expect(unknown.length).toBeGreaterThan(0)
    expect(unknown.length).toBeLessThan(keys.length * 0.1)
    expect(unknown.every((key) => ByokKeyFixtures.unknownProviderSlugs.includes(key.provider))).toBe(true)
  })

  it("declares no region for most credentials, a known region for some, and a region this library does not know for a few", () => {
    const regions = countBy(keys, (key) => String(key.declaredRegion))
    expect(regions.get("null")).toBeGreaterThan(keys.length * 0.5)
    for (const region of ByokKey.knownDeclaredRegions) expect(regions.get(region)).toBeGreaterThan(0)
    const unknown = keys.filter((key) =>
      key.declaredRegion != null && !ByokKey.isKnownDeclaredRegion(key.declaredRegion)
    )
    expect(unknown.length).toBeGreaterThan(0)
    expect(unknown.length).toBeLessThan(keys.length * 0.1)
    expect(unknown.every((key) => ByokKeyFixtures.unknownDeclaredRegions.includes(String(key.declaredRegion)))).toBe(
      true
    )
  })

  it("spreads credentials over the workspaces, most in the default one, some global", () => {
    const workspaces = countBy(keys, (key) => String(key.workspaceId))
    expect([...workspaces.keys()].sort()).toEqual([...ByokKeyFixtures.workspaceIds, "null"].sort())
    expect(workspaces.get(ByokKeyFixtures.defaultWorkspaceId)).toBeGreaterThan(keys.length * 0.4)
    expect(workspaces.get("null")).toBeGreaterThan(keys.length * 0.03)
  })

  it("puts every credential in the default workspace or global when given only the default workspace", () => {
    const single = ByokKeyFixtures.make({ count: 200, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })
    expect(single.every((key) => key.workspaceId === ByokKeyFixtures.defaultWorkspaceId || key.workspaceId === null))
      .toBe(true)
  })

  it("mixes flags and allowlists the way a real account does, never fallback together with byok-only", () => {
    const share = (predicate: (key: ByokKey.ByokKey) => boolean) => keys.filter(predicate).length / keys.length
    expect(share((key) => key.disabled)).toBeGreaterThan(0.03)
    expect(share((key) => key.isFallback)).toBeGreaterThan(0.05)
    expect(share((key) => key.allowedModels !== null)).toBeGreaterThan(0.1)
    expect(share((key) => key.allowedModels === null)).toBeGreaterThan(0.5)
    expect(share((key) => key.allowedUserIds !== null)).toBeGreaterThan(0.05)
    expect(keys.some((key) => key.isFallback && key.isByokOnly)).toBe(false)
    for (const hash of keys.flatMap((key) => key.allowedApiKeyHashes ?? [])) expect(hash).toMatch(/^[a-f0-9]{64}$/)
  })

  it("numbers sort orders per workspace and provider, and creates credentials one after another", () => {
    const next = new Map<string, number>()
    for (const key of keys) {
      const slot = `${key.workspaceId}/${key.provider}`
      expect(key.sortOrder).toBe(next.get(slot) ?? 0)
      next.set(slot, key.sortOrder + 1)
    }
    const created = keys.map((key) => Date.parse(key.createdAt))
    expect(created.every((time, i) => i === 0 || time > created[i - 1]!)).toBe(true)
    expect(keys[0]!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  })

  it.each([
    { options: { count: 2.5 }, says: "count must be a whole number from 0, not 2.5" },
    { options: { count: -1 }, says: "count must be a whole number from 0, not -1" },
    { options: { count: "3" }, says: "count must be a whole number from 0, not \"3\"" },
    { options: { count: 3, seed: Number.NaN }, says: "seed must be a whole number, not NaN" },
    { options: { count: 3, globalShare: 2 }, says: "globalShare must be a share from 0 to 1, not 2" },
    { options: { count: 3, workspaceIds: ["acme"] }, says: "each of workspaceIds must be a UUID, not \"acme\"" }
  ])("refuses options that cannot describe credentials, naming the option: $says", ({ options, says }) => {
    expect(() => ByokKeyFixtures.make(options as unknown as ByokKeyFixtures.Options)).toThrow(
      new RangeError(`ByokKeyFixtures.make: ${says}`)
    )
  })

  it("keeps workspace ids in lowercase, as the server does", () => {
    const upper = ByokKeyFixtures.workspaceIds.map((id) => id.toUpperCase())
    const made = ByokKeyFixtures.make({ count: 50, seed: 42, workspaceIds: upper })
    expect(made).toEqual(ByokKeyFixtures.make({ count: 50, seed: 42 }))
  })

  it("masks a raw key to a prefix and at most its last four characters", () => {
    expect(ByokKeyFixtures.maskedLabel("sk-proj-abcdefghijklmnopAbCd")).toBe("sk-...AbCd")
    expect(ByokKeyFixtures.maskedLabel("AKIAABCDEFGHIJKLMNOP")).toBe("...MNOP")
    expect(ByokKeyFixtures.maskedLabel("short")).toBe("...t")
    expect(ByokKeyFixtures.maskedLabel("x")).toBe("...")
  })

  it("counts characters, not UTF-16 halves: a label never holds half of an emoji", () => {
    expect(ByokKeyFixtures.maskedLabel("sk-abcdefghijk🔑xyz")).toBe("sk-...🔑xyz")
    for (const rawKey of ["sk-abcdefgh🔑xyz", "sk-ééééééé😀😀", "🔑".repeat(9)]) {
      expect(ByokKeyFixtures.maskedLabel(rawKey).isWellFormed(), rawKey).toBe(true)
    }
  })
})
