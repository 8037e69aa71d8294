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

describe("openrouter-byok-core", () => {
  it.each(Fs.readdirSync(sources).filter((file) => file.endsWith(".ts")))(
    "%s imports nothing from effect, and nothing outside the package but node: modules",
    (file) => {
      const specifiers = specifiersOf(Fs.readFileSync(Path.join(sources, file), "utf8"))
      expect(specifiers.filter(isEffect)).toEqual([])
      expect(specifiers.filter((s) => !s.startsWith("./") && !s.startsWith("node:"))).toEqual([])
    }
  )

  it("has no dependencies of any kind", () => {
    const manifest = JSON.parse(Fs.readFileSync(Path.join(sources, "../package.json"), "utf8"))
    expect([manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies]).toEqual([
      undefined,
      undefined,
      undefined
    ])
  })

  it("reads imports the way the check above needs (an effect import is caught)", () => {
    expect(specifiersOf(`import * as Effect from "effect/Effect"\nexport { x } from "./y.js"`)).toEqual([
      "effect/Effect",
      "./y.js"
    ])
    expect(specifiersOf(`const m = await import("@effect/platform")`).filter(isEffect)).toEqual(["@effect/platform"])
  })
})
