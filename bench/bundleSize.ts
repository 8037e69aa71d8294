/**
 * Bundle size of a program that only lists keys: with this library (on `FetchHttpClient`)
 * and with the official SDK's `byokList`. esbuild, minified, tree-shaken; gzip level 9.
 */
import * as esbuild from "esbuild"
import * as Path from "node:path"
import * as Zlib from "node:zlib"
import { benchDir } from "./build.js"

export interface BundleSize {
  readonly program: string
  readonly minifiedBytes: number
  readonly gzippedBytes: number
  /** Minified bytes each group of inputs left in the bundle (from esbuild's metafile). */
  readonly minifiedByGroup: ReadonlyArray<readonly [string, number]>
}

const groupOf = (input: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)
  if (match !== null) return match[1]!
  if (input.startsWith("src/")) return "this library (src/)"
  return "the program itself"
}

const bundle = async (entry: string, external: ReadonlyArray<string> = []) => {
  const result = await esbuild.build({
    entryPoints: [Path.join(benchDir, "bundle", entry)],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    metafile: true,
    external: [...external],
    logLevel: "warning"
  })
  const output = result.outputFiles[0]!
  const meta = Object.values(result.metafile.outputs)[0]!
  const groups = new Map<string, number>()
  for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
    groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput)
  }
  return {
    minifiedBytes: output.contents.byteLength,
    gzippedBytes: Zlib.gzipSync(output.contents, { level: 9 }).byteLength,
    minifiedByGroup: [...groups.entries()].sort((a, b) => b[1] - a[1])
  }
}

export const measureBundles = async () => {
  const ours = await bundle("listKeys.ts")
  // The same program with effect and @effect/* left out: what is left is this library's own code.
  const ownCode = await bundle("listKeys.ts", ["effect", "effect/*", "@effect/*"])
  const official = await bundle("listKeysOfficialSdk.ts")
  return {
    ours: { program: "this library + FetchHttpClient", ...ours },
    ownCode: { program: "this library's own code (effect, @effect/* external)", ...ownCode },
    official: { program: "@openrouter/sdk byokList", ...official }
  } satisfies Record<string, BundleSize>
}
