/**
 * The drills' figures (request counts, faults, attempts, times), printed as Markdown tables for
 * docs/RELIABILITY.md when the run asks for them: `DRILL_FIGURES=1 npx vitest run test/drills`.
 */

export const figuresRequested = process.env["DRILL_FIGURES"] === "1"

export const printTable = (title: string, rows: ReadonlyArray<Record<string, unknown>>): void => {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!)
  const line = (cells: ReadonlyArray<unknown>) => `| ${cells.map(String).join(" | ")} |`
  console.log([
    `### ${title}`,
    "",
    line(columns),
    line(columns.map(() => "---:")),
    ...rows.map((row) => line(columns.map((column) => row[column])))
  ].join("\n"))
}
