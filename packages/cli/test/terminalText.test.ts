/**
 * What the tool writes to a terminal: server text shown as characters (printable.ts), and
 * effect/cli's styling kept only where it can be shown (colours.ts).
 */
import { describe, expect, it } from "@effect/vitest"
import type { ByokKey } from "effect4-openrouter-byok"
import { OpenRouterByokError } from "effect4-openrouter-byok"
import { ByokKeyFixtures } from "openrouter-byok-mock-server"
import * as Audit from "../src/audit.js"
import { showsColours, withoutStyling } from "../src/colours.js"
import * as CredentialFormats from "../src/credentialFormats.js"
import { failureLine } from "../src/failureLine.js"
import { printable, printableJson } from "../src/printable.js"

/** What a terminal would act on instead of showing: controls, separators, bidirectional overrides. */
// eslint-disable-next-line no-control-regex -- control characters are what is matched
const actedOn = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

const hostile = "Prod\x1b]0;owned\x07\x1b[2J\nfake-row\u202eyek\u2028\x9b31m"

const [sample] = ByokKeyFixtures.make({ count: 1, seed: 3 }) as [ByokKey.ByokKey]

describe("printable", () => {
  it("writes out every character a terminal would act on, and leaves the rest as it is", () => {
    expect(printable("\x1b[31mred\x1b[0m")).toBe("\\u{1b}[31mred\\u{1b}[0m")
    expect(printable("a\nb\tc\u202ed\x7f\x9b")).toBe("a\\u{a}b\\u{9}c\\u{202e}d\\u{7f}\\u{9b}")
    expect(printable("Staging anthropic key — ünïcode ✓ 鍵")).toBe("Staging anthropic key — ünïcode ✓ 鍵")
    expect(printable(hostile)).not.toMatch(actedOn)
  })

  it("keeps a credential's server text from acting on the terminal in the table, the details and the audit", () => {
    const key: ByokKey.ByokKey = { ...sample, name: hostile, provider: `evil${hostile}`, label: "sk-\x1b[8m...1234" }
    const row = CredentialFormats.tableRow(key)
    expect(row).not.toMatch(actedOn)
    expect(row.length).toBeLessThanOrEqual(80)
    for (const line of CredentialFormats.detailLines(key)) expect(line).not.toMatch(actedOn)
    expect(CredentialFormats.detailLines(key).join("\n")).toContain(printable(hostile))
    const audit = Audit.auditLines(Audit.addToAudit(Audit.emptyAudit, { ...key, isFallback: true, disabled: false }))
    for (const line of audit) expect(line).not.toMatch(actedOn)
  })

  it("keeps a credential's server text from acting on the terminal in json and ndjson, which still parse to the same credential", () => {
    const key: ByokKey.ByokKey = { ...sample, name: hostile, provider: `evil${hostile}` }
    const { closing, line, opening } = CredentialFormats.listWriters.json
    const json = [...opening, line(key, 0), ...closing].join("\n")
    const ndjson = CredentialFormats.ndjsonLine(key)
    for (const written of [json, ndjson, printableJson(key, 2)]) {
      for (const writtenLine of written.split("\n")) expect(writtenLine).not.toMatch(actedOn)
    }
    expect(JSON.parse(json)).toEqual([key])
    expect(JSON.parse(ndjson)).toEqual(key)
    expect(JSON.parse(printableJson(key, 2))).toEqual(key)
  })

  it("keeps a server's error message from acting on the terminal in the failure line", () => {
    const error = new OpenRouterByokError.BadRequest({
      status: 400,
      request: "GET https://openrouter.ai/api/v1/byok",
      serverMessage: hostile
    })
    const line = failureLine(error)
    expect(line).toContain("the server said")
    expect(line).not.toMatch(actedOn)
  })
})

describe("colours", () => {
  it("are shown on a terminal only, and not with NO_COLOR set to anything but the empty string", () => {
    expect(showsColours({ isTTY: true }, {})).toBe(true)
    expect(showsColours({ isTTY: true }, { NO_COLOR: "" })).toBe(true)
    expect(showsColours({ isTTY: true }, { NO_COLOR: "1" })).toBe(false)
    expect(showsColours({ isTTY: false }, {})).toBe(false)
    expect(showsColours({}, {})).toBe(false)
  })

  it("come off as the escapes effect/cli styles with, and nothing else", () => {
    expect(withoutStyling("\x1b[0;1m\x1b[0;37;1mUSAGE\x1b[0m and \x1b[32mgreen\x1b[39m")).toBe("USAGE and green")
    expect(withoutStyling("plain text [0m stays")).toBe("plain text [0m stays")
  })
})
