import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { isBuiltin } from "node:module"
import { fileURLToPath } from "node:url"
import { version } from "../src/version.js"
import { binPath, packageJson } from "./support/runCli.js"

const toolOnly = ["@effect/platform-node", "@effect/platform-node-shared"]

/** The library's editions: the tool is built on the Effect 4 one. */
const libraryEntries = ["../../../src/index.ts", "../../effect4/src/index.ts"]

describe("packaging of openrouter-byok", () => {
  it("names the built entry as its bin, and the entry starts with a #! line", async () => {
    const { readFile } = await import("node:fs/promises")
    expect((await readFile(binPath, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true)
  })

  it("has no runtime dependency of any kind: the tool is one file", () => {
    expect([packageJson.dependencies, packageJson.peerDependencies, packageJson.optionalDependencies]).toEqual([
      undefined,
      undefined,
      undefined
    ])
    expect(packageJson.files).toEqual(["dist"])
  })

  it("the bundle loads nothing but Node's own modules", async () => {
    const { bundleOptions } = await import("../build.mjs" as string)
    const result = await esbuild.build({ ...bundleOptions, write: false, metafile: true, minify: false })
    const imports = Object.values(result.metafile!.outputs).flatMap((output) => output.imports.map((i) => i.path))
    expect(imports.filter((path) => !isBuiltin(path))).toEqual([])
  })

  it.each(libraryEntries)(
    "a program that imports only the library (%s) loads none of the tool's modules or dependencies",
    async (entry) => {
      const result = await esbuild.build({
        entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
        bundle: true,
        write: false,
        metafile: true,
        platform: "node",
        format: "esm",
        // The Effect 4 edition's sibling package by name, to its source, as its own tests see it.
        alias: { "openrouter-byok-core": fileURLToPath(new URL("../../core/src/index.ts", import.meta.url)) },
        logLevel: "silent"
      })
      const inputs = Object.keys(result.metafile.inputs)
      expect(inputs.filter((input) => input.includes("packages/cli/"))).toEqual([])
      for (const dependency of toolOnly) {
        expect(inputs.filter((input) => input.includes(`node_modules/${dependency}/`))).toEqual([])
      }
    }
  )

  it("prints the package's version", () => {
    expect(version).toBe(packageJson.version)
  })
})
