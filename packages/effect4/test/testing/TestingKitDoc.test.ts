import { describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8")
const testingSection = readme.slice(
  readme.indexOf("## Testing your code"),
  readme.indexOf("\n## ", readme.indexOf("## Testing your code") + 1)
)

describe("README.md, Testing your code", () => {
  it("shows only TypeScript that is a whole, runnable example file", () => {
    const blocks = [...testingSection.matchAll(/(<!-- example: (?<file>[^ ]+) -->\n)?```ts\n(?<code>[\s\S]*?)```/g)]
    expect(blocks.length).toBe(2)
    for (const block of blocks) {
      expect(block.groups?.file).toBeDefined()
      expect(block.groups?.code).toBe(readFileSync(new URL(`../../${block.groups!.file}`, import.meta.url), "utf8"))
    }
  })
})
