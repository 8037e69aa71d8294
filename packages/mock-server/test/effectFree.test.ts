import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const sources = fileURLToPath(new URL("../src", import.meta.url))

const specifiersOf = (text: string): Array<string> =>
  [...text.matchAll(/^\s*(?:import|export)\s[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)]
    .map((m) => m[1] ?? m[2]!)

const isEffect = (specifier: string) =>
  specifier === "effect" || specifier.startsWith("effect/") || specifier.startsWith("@effect/")

describe("openrouter-byok-mock-server", () => {
  it.each(Fs.readdirSync(sources).filter((file) => file.endsWith(".ts")))(
    "%s imports nothing from effect, and nothing outside the package but node: modules and the core",
    (file) => {
      const specifiers = specifiersOf(Fs.readFileSync(Path.join(sources, file), "utf8"))
      expect(specifiers.filter(isEffect)).toEqual([])
      expect(
        specifiers.filter((s) => !s.startsWith("./") && !s.startsWith("node:") && s !== "openrouter-byok-core")
      ).toEqual([])
    }
  )

  it("depends on the core alone, at its exact version", () => {
    const manifest = JSON.parse(Fs.readFileSync(Path.join(sources, "../package.json"), "utf8"))
    expect([manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies]).toEqual([
      { "openrouter-byok-core": "0.1.0" },
      undefined,
      undefined
    ])
  })
})
