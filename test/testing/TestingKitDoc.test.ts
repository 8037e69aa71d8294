import { describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import * as CliArguments from "../../packages/mock-server/src/cliArguments.js"

const doc = readFileSync(new URL("../../docs/TESTING-KIT.md", import.meta.url), "utf8")

describe("docs/TESTING-KIT.md", () => {
  it("shows only TypeScript that is a whole, runnable example file", () => {
    const blocks = [...doc.matchAll(/(<!-- example: (?<file>[^ ]+) -->\n)?```ts\n(?<code>[\s\S]*?)```/g)]
    expect(blocks.length).toBe(2)
    for (const block of blocks) {
      expect(block.groups?.file).toBeDefined()
      expect(block.groups?.code).toBe(readFileSync(new URL(`../../${block.groups!.file}`, import.meta.url), "utf8"))
    }
  })

  it("documents every flag of the mock-server command", () => {
    for (const [flag] of CliArguments.usage.matchAll(/--[a-z-]+/g)) {
      if (flag !== "--help") expect(doc, flag).toContain(`\`${flag}`)
    }
  })
})
