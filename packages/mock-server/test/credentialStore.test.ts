import { describe, expect, it } from "vitest"
import { ByokKeyFixtures, CredentialStore } from "../src/index.js"
import snapshot from "./snapshotOfEffect3MockServer.json" with { type: "json" }

const created = (store: CredentialStore, key = "sk-0000000000000000") => {
  const result = store.create({ provider: "openai", key })
  if (!result.ok) throw new Error(result.rejection.message)
  return result.value
}

describe("CredentialStore", () => {
  it("gives created credentials the ids the Effect 3 store gave for the same seed", () => {
    for (const seed of [1, 5]) {
      const store = new CredentialStore({ seed })
      expect([created(store).id, created(store).id, created(store).id]).toEqual(
        snapshot.createdIds[`seed ${seed}` as keyof typeof snapshot.createdIds]
      )
    }
  })

  it("dates a credential by its clock, to the second", () => {
    let now = Date.UTC(2026, 11, 6, 9, 30, 15, 999)
    const store = new CredentialStore({ now: () => now })
    expect(created(store).createdAt).toBe("2026-12-06T09:30:15Z")
    now += 60_000
    expect(created(store).createdAt).toBe("2026-12-06T09:31:15Z")
  })

  it("fills the fields a seeded credential left out, and keeps workspace ids in lowercase", () => {
    const [seeded] = ByokKeyFixtures.make({ count: 1 })
    const { declaredRegion: _r, declaredZdr: _z, isByokOnly: _b, isRequired: _q, name: _n, ...legacy } = seeded!
    const store = new CredentialStore({
      keys: [{ ...legacy, workspaceId: ByokKeyFixtures.workspaceIds[1]!.toUpperCase() }]
    })
    expect(store.keys()[0]).toMatchObject({
      workspaceId: ByokKeyFixtures.workspaceIds[1],
      name: null,
      declaredZdr: null,
      isByokOnly: false,
      isRequired: false,
      declaredRegion: null
    })
  })

  it("keeps a raw provider key apart from the credential, and a placeholder for seeded ones", () => {
    const store = new CredentialStore({ keys: ByokKeyFixtures.make({ count: 1 }) })
    const key = created(store, "sk-proj-MARKER-0000AbCd")
    expect(JSON.stringify(store.keys())).not.toContain("MARKER")
    expect(store.providerKeyOf(key.id)).toBe("sk-proj-MARKER-0000AbCd")
    expect(store.providerKeyOf(store.keys()[0]!.id)).toBe("seeded-credential")
    expect(store.providerKeyOf("unknown")).toBeUndefined()
  })

  it("refuses a setup it cannot serve with a TypeError naming what is wrong", () => {
    const [key] = ByokKeyFixtures.make({ count: 1 })
    expect(() => new CredentialStore({ defaultWorkspaceId: "acme" })).toThrow(
      new TypeError("defaultWorkspaceId must be a UUID or null, not \"acme\"")
    )
    const withoutLabel: Record<string, unknown> = { ...key }
    delete withoutLabel["label"]
    expect(() => new CredentialStore({ keys: [withoutLabel as any] })).toThrow(
      new TypeError(`seeded credential 0 (id ${key!.id}) is not a ByokKey: label: is missing`)
    )
    expect(() => new CredentialStore({ keys: [key!, key!] })).toThrow(
      new TypeError(`two seeded credentials share the id ${key!.id}`)
    )
  })

  it("refuses with the API's statuses and messages: 404 for an unknown id, 400 for a broken rule", () => {
    const store = new CredentialStore()
    expect(store.get("nope")).toEqual({ ok: false, rejection: { status: 404, message: "Resource not found" } })
    expect(store.delete("nope")).toMatchObject({ ok: false, rejection: { status: 404 } })
    expect(store.create({ provider: "openai", key: "k", isFallback: true, isByokOnly: true })).toMatchObject({
      ok: false,
      rejection: { status: 400 }
    })
    const key = created(store)
    expect(store.update(key.id, { isFallback: true })).toMatchObject({ ok: true, value: { isFallback: true } })
    expect(store.update(key.id, { isByokOnly: true })).toMatchObject({ ok: false, rejection: { status: 400 } })
  })
})
