/**
 * Builds the benchmark's child programs once, with esbuild, so that each measured process is
 * plain `node` (no TypeScript loader in its time, memory or profile). Not minified: the code
 * that runs is the packages' own.
 */
import * as esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

export const benchDir = Path.dirname(fileURLToPath(import.meta.url))
export const cacheDir = Path.join(benchDir, ".cache")
const rootDir = Path.dirname(benchDir)
const effect4Dir = Path.join(rootDir, "packages", "effect4")

/** Marks the lookup `effect4Resolution` asks esbuild for, which no other plugin may answer. */
const effect4Lookup = { effect4Lookup: true }

/**
 * `effect` and `@effect/platform-node` as the Effect 4 edition's own 4.1.5 for the code of that
 * edition and of its benchmark clients (bench/effect4/), and as the root's Effect 3 packages
 * for the rest. With `external`, the import is left to node, by the absolute path of the file.
 *
 * `undici` is always left to node: `@effect/platform-node` 4 loads it with `import()` of a module
 * that does `export * from "undici"`, and a bundled CommonJS module re-exported that way keeps
 * only its default export (`Agent` would be missing).
 */
export const effect4Resolution = (options: { readonly external: boolean }): esbuild.Plugin => ({
  name: "effect4-resolution",
  setup(build) {
    const inEffect4 = (importer: string) =>
      importer.startsWith(effect4Dir + Path.sep) || importer.startsWith(Path.join(benchDir, "effect4") + Path.sep)
    build.onResolve({ filter: /^(effect|@effect\/platform-node|undici)(\/|$)/ }, async (args) => {
      if (!inEffect4(args.importer)) return undefined
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: effect4Dir,
        pluginData: effect4Lookup
      })
      if (resolved.errors.length > 0) return { errors: resolved.errors }
      return { path: resolved.path, external: options.external || args.path === "undici" }
    })
  }
})

/**
 * For a profile: every package left to node, so that a profile names the package of each
 * function (esbuild's `packages: "external"` would come before the Effect 4 resolution), but
 * the project's own `openrouter-byok-core`, bundled from its sources as the editions are.
 */
const packagesExternal: esbuild.Plugin = {
  name: "packages-external",
  setup(build) {
    build.onResolve(
      { filter: /^[^./]/ },
      (args) =>
        args.path === "openrouter-byok-core" || args.pluginData === effect4Lookup ? undefined : { external: true }
    )
  }
}

/** The two child programs: the SDK, the bare loop and the Effect 3 edition; the Effect 4 edition. */
export interface ClientScripts {
  readonly effect3: string
  readonly effect4: string
}

/**
 * Returns the paths of the built child programs. By default the dependencies are bundled too
 * (one chunk per client starts much faster than hundreds of modules to resolve); `forProfile`
 * leaves them in node_modules, so that a profile names the package of each function.
 */
export const buildClient = async (options: { readonly forProfile?: boolean } = {}): Promise<ClientScripts> => {
  const outdir = Path.join(cacheDir, options.forProfile ? "client-profile" : "client")
  Fs.rmSync(outdir, { recursive: true, force: true })
  await esbuild.build({
    entryPoints: {
      client: Path.join(benchDir, "client.ts"),
      "client-effect4": Path.join(benchDir, "effect4", "client.ts")
    },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    logLevel: "warning",
    plugins: [
      effect4Resolution({ external: options.forProfile === true }),
      ...(options.forProfile ? [packagesExternal] : [])
    ],
    ...(options.forProfile
      ? {}
      // Some dependencies are CommonJS and `require` node's built-in modules.
      : {
        banner: {
          js:
            "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
        }
      })
  })
  return { effect3: Path.join(outdir, "client.js"), effect4: Path.join(outdir, "client-effect4.js") }
}
