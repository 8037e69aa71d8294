import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"

// The rules an edition of this client for another Effect line shares as they are.
const effectFree = [
  "src/internal/apiUrl.ts",
  "src/internal/headers.ts",
  "src/internal/pageSequence.ts",
  "src/internal/providerSlugs.ts",
  "src/internal/redaction.ts",
  "src/internal/redirect.ts",
  "src/internal/retryAfter.ts",
  "src/internal/retryRules.ts",
  "src/internal/status.ts",
  "src/internal/wireNames.ts",
  "src/testing/internal/credentialFormat.ts",
  "src/testing/internal/faultPlan.ts",
  "src/testing/internal/fixtureGenerator.ts",
  "src/testing/internal/seededRandom.ts"
]

interface Import {
  readonly specifier: string
  /** `import type`: erased from the JavaScript, so it loads nothing. */
  readonly typeOnly: boolean
}

const importsOf = (file: string): Array<Import> =>
  [...Fs.readFileSync(file, "utf8").matchAll(/^\s*(import|export)\s+(type\s+)?[^"';]*?from\s+["']([^"']+)["']/gm)]
    .map((m) => ({ specifier: m[3]!, typeOnly: m[2] !== undefined }))

const isEffect = (specifier: string) =>
  specifier === "effect" || specifier.startsWith("effect/") || specifier.startsWith("@effect/")

describe("Effect-free modules", () => {
  it.each(effectFree)("%s imports nothing from effect, and loads only other Effect-free modules", (file) => {
    const imports = importsOf(file)
    expect(imports.filter((i) => isEffect(i.specifier))).toEqual([])
    const loaded = imports
      .filter((i) => !i.typeOnly && i.specifier.startsWith("."))
      .map((i) => Path.join(Path.dirname(file), i.specifier).replace(/\.js$/, ".ts"))
    expect(loaded.filter((path) => !effectFree.includes(path))).toEqual([])
  })

  it("reads imports the way the check above needs (a module that imports effect is caught)", () => {
    expect(importsOf("src/internal/retryPolicy.ts")).toContainEqual({ specifier: "effect/Effect", typeOnly: false })
    expect(importsOf("src/internal/operation.ts")).toContainEqual({
      specifier: "../OpenRouterByokError.js",
      typeOnly: true
    })
  })
})
