import { describe, expect, it } from "@effect/vitest"
import type { ByokKey } from "effect4-openrouter-byok"
import { ByokKeyFixtures } from "openrouter-byok-mock-server"
import * as Audit from "../src/audit.js"

const [sample] = ByokKeyFixtures.make({ count: 1, seed: 3 }) as [ByokKey.ByokKey]

const key = (fields: Partial<ByokKey.ByokKey>): ByokKey.ByokKey => ({
  ...sample,
  disabled: false,
  isFallback: false,
  allowedModels: null,
  allowedApiKeyHashes: null,
  allowedUserIds: null,
  workspaceId: ByokKeyFixtures.defaultWorkspaceId,
  ...fields
})

const auditOf = (keys: ReadonlyArray<ByokKey.ByokKey>) => keys.reduce(Audit.addToAudit, Audit.emptyAudit)

describe("audit", () => {
  it("counts disabled, fallback, global and unrestricted credentials, per provider and per workspace", () => {
    const summary = auditOf([
      key({ provider: "openai", workspaceId: null }),
      key({ provider: "openai", disabled: true, allowedModels: ["openai/gpt-4o"] }),
      key({ provider: "anthropic", isFallback: true, workspaceId: "w" })
    ])
    expect(Audit.auditJson(summary)).toEqual({
      total: 3,
      disabled: 1,
      fallback: 1,
      global: 1,
      unrestricted: 2,
      byProvider: {
        anthropic: { total: 1, enabled: 1, disabled: 0, fallback: 1 },
        openai: { total: 2, enabled: 1, disabled: 1, fallback: 0 }
      },
      byWorkspace: { global: 1, w: 1, [ByokKeyFixtures.defaultWorkspaceId]: 1 },
      fallbackOnlyProviders: ["anthropic"]
    })
  })

  it("names the providers whose every enabled credential is a fallback, not those with nothing enabled", () => {
    const summary = auditOf([
      key({ provider: "mistral", isFallback: true }),
      key({ provider: "mistral", disabled: true }),
      key({ provider: "groq", disabled: true }),
      key({ provider: "openai", isFallback: true }),
      key({ provider: "openai" })
    ])
    expect(Audit.fallbackOnlyProviders(summary)).toEqual(["mistral"])
    expect(Audit.auditLines(summary).at(-1)).toBe("Only fallbacks enabled: mistral")
  })

  it("prints within 80 columns", () => {
    const summary = auditOf(ByokKeyFixtures.make({ count: 300, seed: 2 }))
    for (const line of Audit.auditLines(summary)) expect(line.length).toBeLessThanOrEqual(80)
  })
  it("counts a provider or workspace named like an object's own property (constructor, __proto__) as any other", () => {
    const summary = auditOf([
      key({ provider: "constructor", workspaceId: "toString" }),
      key({ provider: "__proto__" }),
      key({ provider: "__proto__", disabled: true })
    ])
    const json = Audit.auditJson(summary) as {
      readonly byProvider: Record<string, unknown>
      readonly byWorkspace: Record<string, unknown>
    }
    expect(Object.entries(json.byProvider)).toEqual([
      ["__proto__", { total: 2, enabled: 1, disabled: 1, fallback: 0 }],
      ["constructor", { total: 1, enabled: 1, disabled: 0, fallback: 0 }]
    ])
    expect(Object.entries(json.byWorkspace)).toEqual([[ByokKeyFixtures.defaultWorkspaceId, 2], ["toString", 1]])
  })
})
