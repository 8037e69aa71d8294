/**
 * `audit`: what an account's credentials add up to, folded one credential at a time so the
 * listing streams, and written as a table or as JSON. Plain functions, no Effect.
 */
import type { ByokKey } from "effect4-openrouter-byok"
import { globalWorkspace, isRestricted } from "./credentialFormats.js"
import { printable } from "./printable.js"

/** The counts of one provider. */
export interface ProviderCounts {
  readonly total: number
  readonly enabled: number
  readonly disabled: number
  readonly fallback: number
  /** Enabled credentials that are not fallbacks: the keys requests go to first. */
  readonly enabledPrimary: number
}

/** The audit of a set of credentials. */
export interface AuditSummary {
  readonly total: number
  readonly disabled: number
  readonly fallback: number
  readonly global: number
  /** Credentials no allowlist restricts (models, API keys and users all `null`). */
  readonly unrestricted: number
  readonly byProvider: Readonly<Record<string, ProviderCounts>>
  /** By workspace id, `global` for the credentials of no workspace. */
  readonly byWorkspace: Readonly<Record<string, number>>
}

/** Nothing counted yet. */
export const emptyAudit: AuditSummary = {
  total: 0,
  disabled: 0,
  fallback: 0,
  global: 0,
  unrestricted: 0,
  byProvider: {},
  byWorkspace: {}
}

const noCredentials: ProviderCounts = { total: 0, enabled: 0, disabled: 0, fallback: 0, enabledPrimary: 0 }

const count = (condition: boolean): number => (condition ? 1 : 0)

/** The record's own entry: a provider slug or workspace id is the server's text, and may be `constructor` or `__proto__`. */
const ownEntry = <A>(record: Readonly<Record<string, A>>, name: string): A | undefined =>
  Object.hasOwn(record, name) ? record[name] : undefined

/** Adds one credential to the summary. */
export const addToAudit = (summary: AuditSummary, key: ByokKey.ByokKey): AuditSummary => {
  const provider = ownEntry(summary.byProvider, key.provider) ?? noCredentials
  const workspace = key.workspaceId ?? globalWorkspace
  return {
    total: summary.total + 1,
    disabled: summary.disabled + count(key.disabled),
    fallback: summary.fallback + count(key.isFallback),
    global: summary.global + count(key.workspaceId === null),
    unrestricted: summary.unrestricted + count(!isRestricted(key)),
    byProvider: {
      ...summary.byProvider,
      [key.provider]: {
        total: provider.total + 1,
        enabled: provider.enabled + count(!key.disabled),
        disabled: provider.disabled + count(key.disabled),
        fallback: provider.fallback + count(key.isFallback),
        enabledPrimary: provider.enabledPrimary + count(!key.disabled && !key.isFallback)
      }
    },
    byWorkspace: { ...summary.byWorkspace, [workspace]: (ownEntry(summary.byWorkspace, workspace) ?? 0) + 1 }
  }
}

/** Providers that have enabled credentials, every one of them a fallback: nothing is tried before the fallback. */
export const fallbackOnlyProviders = (summary: AuditSummary): ReadonlyArray<string> =>
  Object.entries(summary.byProvider)
    .filter(([, counts]) => counts.enabled > 0 && counts.enabledPrimary === 0)
    .map(([provider]) => provider)
    .sort()

/** The summary as `audit --format json` writes it. */
export const auditJson = (summary: AuditSummary): unknown => ({
  total: summary.total,
  disabled: summary.disabled,
  fallback: summary.fallback,
  global: summary.global,
  unrestricted: summary.unrestricted,
  byProvider: Object.fromEntries(
    sortedEntries(summary.byProvider).map(([provider, { enabledPrimary: _, ...counts }]) => [provider, counts])
  ),
  byWorkspace: Object.fromEntries(sortedEntries(summary.byWorkspace)),
  fallbackOnlyProviders: fallbackOnlyProviders(summary)
})

const sortedEntries = <A>(record: Readonly<Record<string, A>>): Array<[string, A]> =>
  Object.entries(record).sort(([left], [right]) => left.localeCompare(right))

const row = (cells: ReadonlyArray<string | number>, widths: ReadonlyArray<number>): string =>
  cells.map((cell, index) => {
    const text = printable(String(cell))
    return index === 0 ? text.padEnd(widths[index]!) : text.padStart(widths[index]!)
  })
    .join("  ").trimEnd()

/** The summary as `audit` prints it: totals, then a table per provider and per workspace, within 80 columns. */
export const auditLines = (summary: AuditSummary): ReadonlyArray<string> => {
  const providerWidths = [24, 7, 7, 8, 8]
  const workspaceWidths = [36, 7]
  const fallbackOnly = fallbackOnlyProviders(summary)
  return [
    `${summary.total} credentials`,
    `  disabled      ${summary.disabled}`,
    `  fallback      ${summary.fallback}`,
    `  global        ${summary.global}`,
    `  unrestricted  ${summary.unrestricted}  (no allowlist)`,
    "",
    row(["PROVIDER", "TOTAL", "ENABLED", "DISABLED", "FALLBACK"], providerWidths),
    ...sortedEntries(summary.byProvider).map(([provider, counts]) =>
      row([provider, counts.total, counts.enabled, counts.disabled, counts.fallback], providerWidths)
    ),
    "",
    row(["WORKSPACE", "TOTAL"], workspaceWidths),
    ...sortedEntries(summary.byWorkspace).map(([workspace, total]) => row([workspace, total], workspaceWidths)),
    "",
    fallbackOnly.length === 0
      ? "Every provider with an enabled credential has one that is not a fallback."
      : `Only fallbacks enabled: ${printable(fallbackOnly.join(", "))}`
  ]
}
