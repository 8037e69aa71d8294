/**
 * Bundle size of a program that only lists keys: with the Effect 3 edition (on
 * `FetchHttpClient`), with the Effect 4 edition (on `effect/http`'s `FetchHttpClient`) and
 * with the official SDK's `byokList`. esbuild, minified, tree-shaken; gzip level 9.
 */
import * as esbuild from "esbuild"
import * as Path from "node:path"
import { pathToFileURL } from "node:url"
import * as Zlib from "node:zlib"
import { benchDir, effect4Resolution } from "./build.js"

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
  if (input.startsWith("packages/effect4/src/")) return "the Effect 4 edition (packages/effect4/src/)"
  if (input.startsWith("packages/core/src/")) return "openrouter-byok-core (packages/core/src/)"
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
    plugins: [effect4Resolution({ external: false })],
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
  const effect4 = await bundle(Path.join("..", "effect4", "bundle", "listKeys.ts"))
  const official = await bundle("listKeysOfficialSdk.ts")
  return {
    ours: { program: "the Effect 3 edition + FetchHttpClient", ...ours },
    ownCode: { program: "the Effect 3 edition's own code (effect, @effect/* external)", ...ownCode },
    effect4: { program: "the Effect 4 edition + FetchHttpClient (effect/http)", ...effect4 },
    official: { program: "@openrouter/sdk byokList", ...official }
  } satisfies Record<string, BundleSize>
}

// `npx tsx bench/bundleSize.ts` prints the sizes; `npm run bench` writes them to bench/RESULTS.md.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { gzippedBytes, minifiedBytes, minifiedByGroup, program } of Object.values(await measureBundles())) {
    console.log(
      `${program}: ${(minifiedBytes / 1024).toFixed(1)} KB minified, ${(gzippedBytes / 1024).toFixed(1)} KB gzip -9`
    )
    for (const [group, bytes] of minifiedByGroup.slice(0, 6)) console.log(`  ${(bytes / 1024).toFixed(1)} KB ${group}`)
  }
}
