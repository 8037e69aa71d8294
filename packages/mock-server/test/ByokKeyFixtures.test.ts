import { describe, expect, it } from "vitest"
import { ByokKeyFixtures, CredentialStore } from "../src/index.js"
import snapshot from "./snapshotOfEffect3MockServer.json" with { type: "json" }

describe("ByokKeyFixtures", () => {
  it("gives, for the same options, the very credentials the Effect 3 testing kit gave before this package", () => {
    expect(ByokKeyFixtures.make({ count: 100, seed: 1 })).toEqual(snapshot.fixtures["count 100, seed 1"])
    expect(ByokKeyFixtures.make({ count: 30, seed: 42 })).toEqual(snapshot.fixtures["count 30, seed 42"])
    expect(
      ByokKeyFixtures.make({
        count: 20,
        seed: 7,
        workspaceIds: [ByokKeyFixtures.defaultWorkspaceId],
        globalShare: 0.5
      })
    ).toEqual(snapshot.fixtures["count 20, seed 7, one workspace, globalShare 0.5"])
  })

  it("gives the same credentials for the same seed, and different ones for another seed", () => {
    expect(ByokKeyFixtures.make({ count: 50, seed: 42 })).toEqual(ByokKeyFixtures.make({ count: 50, seed: 42 }))
    expect(ByokKeyFixtures.make({ count: 50, seed: 43 })).not.toEqual(ByokKeyFixtures.make({ count: 50, seed: 42 }))
  })

  it("makes credentials the store accepts as they are", () => {
    const keys = ByokKeyFixtures.make({ count: 300, seed: 5 })
    expect(new CredentialStore({ keys }).keys()).toEqual(keys)
  })

  it("refuses options that cannot describe credentials with a RangeError naming the option", () => {
    expect(() => ByokKeyFixtures.make({ count: 2.5 })).toThrow(
      new RangeError("ByokKeyFixtures.make: count must be a whole number from 0, not 2.5")
    )
    expect(() => ByokKeyFixtures.make({ count: 3, workspaceIds: ["acme"] })).toThrow(
      new RangeError("ByokKeyFixtures.make: each of workspaceIds must be a UUID, not \"acme\"")
    )
  })

  it("masks a raw key to a prefix and at most its last four characters", () => {
    expect(ByokKeyFixtures.maskedLabel("sk-proj-abcdefghijklmnopAbCd")).toBe("sk-...AbCd")
    expect(ByokKeyFixtures.maskedLabel("short")).toBe("...t")
  })

  it("uses providers and regions a client may not know, and names them", () => {
    const keys = ByokKeyFixtures.make({ count: 600, seed: 42 })
    expect(keys.some((key) => ByokKeyFixtures.unknownProviderSlugs.includes(key.provider))).toBe(true)
    expect(keys.some((key) => ByokKeyFixtures.unknownDeclaredRegions.includes(String(key.declaredRegion)))).toBe(true)
  })
})
