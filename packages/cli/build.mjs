// npm run build -w openrouter-byok-cli: the tool as one file, with the library, the mock server
// and every Effect module it uses inside it, so that installing the package installs nothing
// else. Minified: Node parses less at every start.
import * as esbuild from "esbuild"
import { fileURLToPath } from "node:url"

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

/**
 * Every `effect` import, the Effect 4 edition's sources' included, resolved from this package,
 * so the bundle holds one copy of effect (4.1.5) and not a second from packages/effect4.
 */
const oneEffect = {
  name: "one-effect",
  setup(build) {
    build.onResolve(
      { filter: /^(effect|@effect\/platform-node(-shared)?)(\/|$)/ },
      (args) =>
        args.pluginData === "one-effect" ? undefined : build.resolve(args.path, {
          kind: args.kind,
          resolveDir: here("."),
          pluginData: "one-effect"
        })
    )
  }
}

/**
 * `node:http` through require(), not import: an ES module import of it makes Node build its
 * export list, whose getters load Node's bundled undici (http2 included). That cost 70-120 ms
 * of every start on Node 22 and 50-65 ms on Node 24, --help included; require() costs 7-16 ms,
 * and only where the code runs (a failure's status phrase, the --mock server).
 */
const httpByRequire = {
  name: "http-by-require",
  setup(build) {
    build.onResolve({ filter: /^(node:)?http$/ }, (args) =>
      args.namespace === "http-by-require"
        ? { path: "node:http", external: true }
        : { path: "node:http", namespace: "http-by-require" })
    build.onLoad({ filter: /.*/, namespace: "http-by-require" }, () => ({
      contents: "module.exports = require(\"node:http\")",
      loader: "js"
    }))
  }
}

export const bundleOptions = {
  entryPoints: [here("src/main.ts")],
  outfile: here("dist/openrouter-byok.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "none",
  // The library, the core rules and the mock server from their sources, as the tool's tests see them.
  alias: {
    "effect4-openrouter-byok": here("../effect4/src/index.ts"),
    "openrouter-byok-core": here("../core/src/index.ts"),
    "openrouter-byok-mock-server": here("../mock-server/src/index.ts")
  },
  plugins: [oneEffect, httpByRequire],
  // Bundled CommonJS modules call require() for Node's built-ins, which an ES module lacks.
  banner: {
    js:
      "import { createRequire as __createRequire } from \"node:module\";const require = __createRequire(import.meta.url);"
  },
  logLevel: "warning"
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await esbuild.build(bundleOptions)
