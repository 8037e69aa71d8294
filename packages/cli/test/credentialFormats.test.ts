import { describe, expect, it } from "@effect/vitest"
import type { ByokKey } from "effect4-openrouter-byok"
import { ByokKeyFixtures } from "openrouter-byok-mock-server"
import * as CredentialFormats from "../src/credentialFormats.js"
import { columnsOf } from "../src/terminalColumns.js"

const [sample] = ByokKeyFixtures.make({ count: 1, seed: 3 }) as [ByokKey.ByokKey]

const key = (fields: Partial<ByokKey.ByokKey>): ByokKey.ByokKey => ({ ...sample, ...fields })

describe("credentialFormats", () => {
  describe("table", () => {
    it("keeps every row within 80 columns, cutting long values with an ellipsis", () => {
      const long = key({
        provider: "a-provider-slug-far-too-long",
        name: "A name much longer than its column could ever hold"
      })
      const row = CredentialFormats.tableRow(long)
      expect(row.length).toBeLessThanOrEqual(80)
      expect(CredentialFormats.tableHeader.length).toBeLessThanOrEqual(80)
      expect(row).toContain("a-provider-sl…")
      expect(row).toContain("A name much longer tha…")
    })

    it("keeps a row within 80 columns for wide names (CJK, emoji), and never cuts a character in half", () => {
      const chinese = CredentialFormats.tableRow(
        key({ name: "生产环境的密钥用于客户支持机器人和内部评估", workspaceId: null })
      )
      expect(chinese).toContain("  生产环境的密钥用于客户…  global")
      const emoji = CredentialFormats.tableRow(key({ name: "a🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑", workspaceId: null }))
      expect(emoji).toContain("  a🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑…   global")
      expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
      for (const row of [chinese, emoji]) {
        expect(columnsOf(row)).toBeLessThanOrEqual(80)
        // The columns after the name stay beneath their headers.
        expect(columnsOf(row.slice(0, row.indexOf("global")))).toBe(CredentialFormats.tableHeader.indexOf("WORKSPACE"))
      }
    })

    it("shows global for a credential of no workspace, and the flags that apply", () => {
      const row = CredentialFormats.tableRow(
        key({
          workspaceId: null,
          disabled: true,
          isFallback: true,
          allowedModels: null,
          allowedApiKeyHashes: null,
          allowedUserIds: ["u"]
        })
      )
      expect(row).toMatch(/ global\s+DFR$/)
      expect(
        CredentialFormats.flagsOf(
          key({
            disabled: false,
            isFallback: false,
            allowedModels: null,
            allowedApiKeyHashes: null,
            allowedUserIds: null
          })
        )
      ).toBe("")
    })
  })

  describe("csv", () => {
    it("quotes a cell with a comma, a quote or a line break, doubling its quotes", () => {
      expect(CredentialFormats.csvCell("plain")).toBe("plain")
      expect(CredentialFormats.csvCell("a,b")).toBe("\"a,b\"")
      expect(CredentialFormats.csvCell("say \"hi\"")).toBe("\"say \"\"hi\"\"\"")
      expect(CredentialFormats.csvCell("two\nlines")).toBe("\"two\nlines\"")
    })

    it("starts with ' a text a spreadsheet would run as a formula, and leaves numbers and other text as they are", () => {
      for (const formula of ["=HYPERLINK(\"https://x.test\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "\0x"]) {
        expect(CredentialFormats.csvText(formula)).toBe(`'${formula}`)
      }
      for (const text of ["Prod key", "a=b", "openai", "2026-01-01T00:00:00Z", "", " =not first"]) {
        expect(CredentialFormats.csvText(text)).toBe(text)
      }
      const cells = CredentialFormats.csvRow(key({ name: "=cmd|' /C calc'!A0", label: "-sk", sortOrder: -1 }))
        .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
      const at = (column: typeof CredentialFormats.csvColumns[number]) =>
        cells[CredentialFormats.csvColumns.indexOf(column)]
      expect(at("name")).toBe("'=cmd|' /C calc'!A0")
      expect(at("label")).toBe("'-sk")
      expect(at("sortOrder")).toBe("-1")
    })

    it("writes null as an empty cell and an allowlist as its JSON array, so [] differs from null", () => {
      const row = CredentialFormats.csvRow(
        key({ name: null, allowedModels: [], allowedUserIds: null, allowedApiKeyHashes: ["h"] })
      )
      const cells = row.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
      const at = (column: typeof CredentialFormats.csvColumns[number]) =>
        cells[CredentialFormats.csvColumns.indexOf(column)]
      expect(at("name")).toBe("")
      expect(at("allowedModels")).toBe("[]")
      expect(at("allowedUserIds")).toBe("")
      expect(at("allowedApiKeyHashes")).toBe("\"[\"\"h\"\"]\"")
    })

    it("ends each record with CRLF, as RFC 4180 does, and every other format's lines with LF", () => {
      expect(CredentialFormats.listWriters.csv.lineEnd).toBe("\r\n")
      for (const format of ["table", "json", "ndjson"] as const) {
        expect(CredentialFormats.listWriters[format].lineEnd).toBe("\n")
      }
    })
  })

  describe("json", () => {
    it("is one array, whether it holds no credential or several", () => {
      const { closing, line, opening } = CredentialFormats.listWriters.json
      const written = (keys: ReadonlyArray<ByokKey.ByokKey>) => [...opening, ...keys.map(line), ...closing].join("\n")
      expect(JSON.parse(written([]))).toEqual([])
      expect(JSON.parse(written([sample, sample]))).toEqual([sample, sample])
    })
  })
})
