// npm run build -w openrouter-byok-cli: the tool as one file, with the library, the mock server
// and every Effect module it uses inside it, so that installing the package installs nothing
// else. Minified: Node parses less at every start.
import * as esbuild from "esbuild"
import { fileURLToPath } from "node:url"

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

export const bundleOptions = {
  entryPoints: [here("src/main.ts")],
  outfile: here("dist/openrouter-byok.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "none",
  // The library and its testing kit from their sources, as the tool's tests see them.
  alias: {
    "effect-openrouter-byok/testing": here("../../src/testing/index.ts"),
    "effect-openrouter-byok": here("../../src/index.ts"),
    "openrouter-byok-core": here("../core/src/index.ts")
  },
  // Bundled CommonJS modules call require() for Node's built-ins, which an ES module lacks.
  banner: {
    js:
      "import { createRequire as __createRequire } from \"node:module\";const require = __createRequire(import.meta.url);"
  },
  logLevel: "warning"
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await esbuild.build(bundleOptions)
