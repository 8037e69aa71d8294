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

const filesUnder = (directory: string): Array<string> =>
  Fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(Path.join(directory, entry.name)).map((file) => Path.join(entry.name, file))
      : entry.name.endsWith(".ts")
      ? [entry.name]
      : []
  )

describe("openrouter-byok-scenarios", () => {
  it.each(filesUnder(sources))(
    "%s imports nothing from effect, and nothing outside the package but the core, the mock server and fast-check",
    (file) => {
      const specifiers = specifiersOf(Fs.readFileSync(Path.join(sources, file), "utf8"))
      expect(specifiers.filter(isEffect)).toEqual([])
      expect(
        specifiers.filter((s) =>
          !s.startsWith("./") && !s.startsWith("../") && s !== "openrouter-byok-core" &&
          s !== "openrouter-byok-mock-server" && s !== "fast-check"
        )
      ).toEqual([])
    }
  )

  it("is private, and depends on the core and the mock server alone (and, for the decoding fuzz's arbitraries, fast-check)", () => {
    const manifest = JSON.parse(Fs.readFileSync(Path.join(sources, "../package.json"), "utf8"))
    expect(manifest.private).toBe(true)
    expect([manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies]).toEqual([
      { "fast-check": "^4.10.2", "openrouter-byok-core": "0.1.0", "openrouter-byok-mock-server": "0.1.0" },
      undefined,
      undefined
    ])
  })
})
