import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"

// The rules an edition of this client for another Effect line shares as they are.
const effectFree = [
  "src/internal/apiUrl.ts",
  "src/internal/headers.ts",
  "src/internal/retryAfter.ts",
  "src/internal/retryRules.ts",
  "src/internal/status.ts"
]

const importsOf = (file: string): Array<string> =>
  [...Fs.readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\b[^"']*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!)

describe("Effect-free modules", () => {
  it.each(effectFree)("%s imports nothing from effect, and only other Effect-free modules", (file) => {
    const imports = importsOf(file)
    expect(imports.filter((specifier) => specifier === "effect" || specifier.startsWith("effect/") || specifier.startsWith("@effect/")))
      .toEqual([])
    const local = imports
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => Path.join(Path.dirname(file), specifier).replace(/\.js$/, ".ts"))
    expect(local.filter((path) => !effectFree.includes(path))).toEqual([])
  })

  it("reads imports the way the check above needs (a module that imports effect is caught)", () => {
    expect(importsOf("src/internal/retryPolicy.ts")).toContain("effect/Effect")
  })
})
