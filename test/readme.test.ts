import { describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")

/** Every TypeScript block of the README, with the example file its marker names. */
const codeBlocks = [...readme.matchAll(/(<!-- example: (?<file>[^ ]+) -->\n)?```ts\n(?<code>[\s\S]*?)```/g)].map((
  match
) => ({
  file: match.groups?.file,
  code: match.groups?.code ?? ""
}))

describe("README", () => {
  it("carries the two set-up commands", () => {
    expect(readme).toContain("npm install && npm start")
    expect(readme).toContain("npm test")
  })

  it("shows only code that is a runnable example file, so every snippet is typechecked and run", () => {
    expect(codeBlocks.length).toBeGreaterThan(0)
    for (const block of codeBlocks) {
      expect(block.file, `a README block is not tied to an example file:\n${block.code.slice(0, 200)}`).toBeDefined()
      expect(block.code).toBe(readFileSync(new URL(`../${block.file}`, import.meta.url), "utf8"))
    }
  })
})
