/**
 * Builds the benchmark's child program once, with esbuild, so that each measured process is
 * plain `node` (no TypeScript loader in its time, memory or profile). Dependencies stay in
 * node_modules; this library's sources are bundled as they are.
 */
import * as esbuild from "esbuild"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

export const benchDir = Path.dirname(fileURLToPath(import.meta.url))
export const cacheDir = Path.join(benchDir, ".cache")

/** Returns the path of the built `client.js`. */
export const buildClient = async (): Promise<string> => {
  const outdir = Path.join(cacheDir, "client")
  await esbuild.build({
    entryPoints: { client: Path.join(benchDir, "client.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning"
  })
  return Path.join(outdir, "client.js")
}
