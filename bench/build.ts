/**
 * Builds the benchmark's child program once, with esbuild, so that each measured process is
 * plain `node` (no TypeScript loader in its time, memory or profile). Not minified: the code
 * that runs is the packages' own.
 */
import * as esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

export const benchDir = Path.dirname(fileURLToPath(import.meta.url))
export const cacheDir = Path.join(benchDir, ".cache")

/**
 * Returns the path of the built `client.js`. By default the dependencies are bundled too (one
 * chunk per client starts much faster than hundreds of modules to resolve); `forProfile`
 * leaves them in node_modules, so that a profile names the package of each function.
 */
export const buildClient = async (options: { readonly forProfile?: boolean } = {}): Promise<string> => {
  const outdir = Path.join(cacheDir, options.forProfile ? "client-profile" : "client")
  Fs.rmSync(outdir, { recursive: true, force: true })
  await esbuild.build({
    entryPoints: { client: Path.join(benchDir, "client.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    logLevel: "warning",
    ...(options.forProfile
      ? { packages: "external" as const }
      // Some dependencies are CommonJS and `require` node's built-in modules.
      : {
        banner: {
          js:
            "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
        }
      })
  })
  return Path.join(outdir, "client.js")
}
