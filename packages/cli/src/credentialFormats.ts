/**
 * How `list` and `get` write credentials: an aligned table that fits 80 columns, JSON, NDJSON
 * (one credential per line) and CSV. Plain functions over the decoded credential, so every
 * format is written once and tested without running the command.
 */
import type { ByokKey } from "effect4-openrouter-byok"
import { printable, printableInCsvCell, printableJson } from "./printable.js"
import { fitToColumns } from "./terminalColumns.js"

/** The formats `list` writes. */
export const listFormats = ["table", "json", "ndjson", "csv"] as const

/** A format of `list`. */
export type ListFormat = typeof listFormats[number]

/** The formats a single credential (or a summary) is written in. */
export const singleFormats = ["table", "json"] as const

/** A format of `get`, `create`, `update` and `audit`. */
export type SingleFormat = typeof singleFormats[number]

/** What a workspace column shows for a credential that belongs to none. */
export const globalWorkspace = "global"

// ---------------------------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------------------------

/** The first characters of a UUID are as unique in an account as git's short hashes are in a repository. */
export const shortIdLength = 8

const tableColumns = [
  { header: "ID", width: shortIdLength },
  { header: "PROVIDER", width: 14 },
  { header: "LABEL", width: 11 },
  { header: "NAME", width: 23 },
  { header: "WORKSPACE", width: 9 },
  { header: "FLAGS", width: 5 }
] as const

const cellGap = "  "

const tableLine = (cells: ReadonlyArray<string>): string =>
  cells.map((cell, index) => fitToColumns(printable(cell), tableColumns[index]!.width)).join(cellGap).trimEnd()

/** Whether any allowlist limits who or what may use the credential. */
export const isRestricted = (key: ByokKey.ByokKey): boolean =>
  key.allowedModels !== null || key.allowedApiKeyHashes !== null || key.allowedUserIds !== null

/** `D` disabled, `F` fallback, `R` restricted by an allowlist. */
export const flagsOf = (key: ByokKey.ByokKey): string =>
  (key.disabled ? "D" : "") + (key.isFallback ? "F" : "") + (isRestricted(key) ? "R" : "")

/** The header row of the table. */
export const tableHeader: string = tableLine(tableColumns.map((column) => column.header))

/** One credential as a row of the table, at most 80 columns wide. */
export const tableRow = (key: ByokKey.ByokKey): string =>
  tableLine([
    key.id.slice(0, shortIdLength),
    key.provider,
    key.label,
    key.name ?? "",
    key.workspaceId === null ? globalWorkspace : key.workspaceId.slice(0, shortIdLength),
    flagsOf(key)
  ])

/** What the table's abbreviations mean, for `--help`. */
export const tableLegend =
  "The table shows the first 8 characters of each id and workspace id (get, update and delete accept them); " +
  "FLAGS: D disabled, F fallback, R restricted by an allowlist."

/** A field's value as lines: `-` for null, an allowlist one item per line. */
const displayLines = (value: unknown): ReadonlyArray<string> =>
  value === null || value === undefined
    ? ["-"]
    : Array.isArray(value)
    ? value.length === 0 ? ["(none)"] : value.map(String)
    : [String(value)]

/** Every field of one credential, one per line (an allowlist's items beneath each other), for `get`, `create` and `update`. */
export const detailLines = (key: ByokKey.ByokKey): ReadonlyArray<string> => {
  const fields = Object.entries(key)
  const width = Math.max(...fields.map(([field]) => field.length))
  return fields.flatMap(([field, value]) =>
    displayLines(value).map((line, index) => `${(index === 0 ? field : "").padEnd(width)}  ${printable(line)}`)
  )
}

// ---------------------------------------------------------------------------------------------
// JSON and NDJSON
// ---------------------------------------------------------------------------------------------

/** One credential as one line of NDJSON: the library's camelCase fields. */
export const ndjsonLine = (key: ByokKey.ByokKey): string => printableJson(key)

/** `json` writes one array, a credential per line, so that it can stream and still parse as a whole. */
export const jsonArrayOpening = "["

/** The line of the JSON array for the credential at `index`. */
export const jsonArrayLine = (key: ByokKey.ByokKey, index: number): string =>
  `${index === 0 ? " " : ","}${printableJson(key)}`

/** Closes the JSON array. */
export const jsonArrayClosing = "]"

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/** The CSV columns: every field of a credential, in the order of the API's document. */
export const csvColumns = [
  "id",
  "provider",
  "label",
  "name",
  "workspaceId",
  "disabled",
  "isFallback",
  "allowedModels",
  "allowedApiKeyHashes",
  "allowedUserIds",
  "sortOrder",
  "createdAt",
  "declaredZdr",
  "isByokOnly",
  "isRequired",
  "declaredRegion"
] as const satisfies ReadonlyArray<keyof ByokKey.ByokKey>

/** RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled. */
export const csvCell = (value: string): string => /[",\r\n]/.test(value) ? `"${value.replaceAll("\"", "\"\"")}"` : value

/**
 * Text a spreadsheet would take for a formula: a first character of `=`, `+`, `-`, `@`, a tab,
 * a carriage return or NUL (the OWASP ASVS list, 1.2.10).
 */
const formulaStart = /^[=+\-@\t\r\0]/

/**
 * Text that would start a formula gets a leading `'`, which spreadsheets show as text: a
 * credential's name is anyone's text, and an audit export is opened by whoever runs the audit.
 * Numbers and booleans are written as they are; `--format json` keeps every text exact.
 */
export const csvText = (text: string): string => formulaStart.test(text) ? `'${text}` : text

/**
 * `null` and absent fields are empty cells; an allowlist is its JSON array, so `[]` stays distinct from `null`.
 * Control characters are written out as the table writes them, so a CSV shown on a terminal cannot act on it.
 */
const csvValue = (value: unknown): string =>
  value === null || value === undefined
    ? ""
    : typeof value === "object"
    ? printableJson(value)
    : typeof value === "string"
    ? csvText(printableInCsvCell(value))
    : String(value)

/** The CSV header row. */
export const csvHeader: string = csvColumns.join(",")

/** One credential as a CSV row. */
export const csvRow = (key: ByokKey.ByokKey): string =>
  csvColumns.map((column) => csvCell(csvValue(key[column]))).join(",")

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------

/**
 * How a listing is written: lines before the credentials, one line per credential, lines after,
 * and what ends each line.
 */
export interface ListWriter {
  readonly opening: ReadonlyArray<string>
  readonly line: (key: ByokKey.ByokKey, index: number) => string
  readonly closing: ReadonlyArray<string>
  readonly lineEnd: LineEnd
}

/** `\n` as terminals and Unix tools read lines; `\r\n` for CSV, as RFC 4180 writes records. */
export type LineEnd = "\n" | "\r\n"

/** The writer of each `list` format; each writes a credential as soon as its page arrives. */
export const listWriters: { readonly [Format in ListFormat]: ListWriter } = {
  table: { opening: [tableHeader], line: tableRow, closing: [], lineEnd: "\n" },
  json: { opening: [jsonArrayOpening], line: jsonArrayLine, closing: [jsonArrayClosing], lineEnd: "\n" },
  ndjson: { opening: [], line: ndjsonLine, closing: [], lineEnd: "\n" },
  // A line break inside a quoted cell stays as the server wrote it: it is data, not a record's end.
  csv: { opening: [csvHeader], line: csvRow, closing: [], lineEnd: "\r\n" }
}
