import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { fileURLToPath } from "node:url"
import { version } from "../../src/cli/version.js"
import { binPath, packageJson } from "./support/runCli.js"

const cliDependencies = Object.keys(packageJson.dependencies)

describe("packaging of openrouter-byok", () => {
  it("names the built entry as its bin, and the entry starts with a #! line", async () => {
    const { readFile } = await import("node:fs/promises")
    expect((await readFile(binPath, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true)
  })

  it("a program that imports only the library loads none of the tool's modules or dependencies", async () => {
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(new URL("../../src/index.ts", import.meta.url))],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      logLevel: "silent"
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.filter((input) => input.includes("src/cli/"))).toEqual([])
    for (const dependency of cliDependencies) {
      expect(inputs.filter((input) => input.includes(`node_modules/${dependency}/`))).toEqual([])
    }
  })

  it("prints the package's version", () => {
    expect(version).toBe(packageJson.version)
  })
})
