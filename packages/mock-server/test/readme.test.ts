import { readFileSync } from "node:fs"
import { describe, expect, it, vi } from "vitest"

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")

describe("README.md", () => {
  it("shows only TypeScript that is a whole example file", () => {
    const blocks = [...readme.matchAll(/(<!-- example: (?<file>[^ ]+) -->\n)?```ts\n(?<code>[\s\S]*?)```/g)]
    expect(blocks.length).toBe(1)
    for (const block of blocks) {
      expect(block.groups?.file).toBeDefined()
      expect(block.groups?.code).toBe(readFileSync(new URL(`../${block.groups!.file}`, import.meta.url), "utf8"))
    }
  })

  it("prints what its example says it prints", async () => {
    const printed: Array<string> = []
    const log = vi.spyOn(console, "log").mockImplementation((...values: Array<unknown>) => {
      printed.push(
        values.map((value) => typeof value === "string" || typeof value === "number" ? value : JSON.stringify(value))
          .join(" ")
      )
    })
    try {
      await import("../examples/start.js")
    } finally {
      log.mockRestore()
    }
    expect(printed).toEqual(["503 200 5 17", JSON.stringify(["GET /api/v1/byok http503", "GET /api/v1/byok -"])])
  })
})
