// Cold start as a user's program meets it: `node bench/coldStart.mjs <library|effect4|sdk>`
// imports the package from its `dist/` (as installed, unbundled, dependencies from
// node_modules) and builds the layer on FetchHttpClient (`library`: the Effect 3 edition;
// `effect4`: the Effect 4 edition, with the edition's own effect 4.1.5, which needs Node >= 22.19),
// or imports the official SDK's `byokList` and builds its core. Prints one JSON line.
import { createRequire } from "node:module"
import { pathToFileURL } from "node:url"

const which = process.argv[2]
const start = performance.now()
if (which === "library") {
  const { OpenRouterByok } = await import("../dist/esm/index.js")
  const FetchHttpClient = await import("@effect/platform/FetchHttpClient")
  const { Layer, ManagedRuntime, Redacted } = await import("effect")
  const layer = OpenRouterByok.layer({ apiKey: Redacted.make("sk-or-v1-bench"), apiUrl: "http://127.0.0.1:9/api/v1" })
  await ManagedRuntime.make(layer.pipe(Layer.provide(FetchHttpClient.layer))).runPromise(OpenRouterByok.OpenRouterByok)
} else if (which === "effect4") {
  // `effect` as the Effect 4 edition resolves it (its own node_modules), imported as the Effect 3
  // edition's cell imports its own: the `effect` index, and the HTTP client's module alone.
  const effect4 = createRequire(new URL("../packages/effect4/package.json", import.meta.url))
  const load = (specifier) => import(pathToFileURL(effect4.resolve(specifier)).href)
  const { OpenRouterByok } = await import("../packages/effect4/dist/index.js")
  const FetchHttpClient = await load("effect/http/FetchHttpClient")
  const { Effect, Layer, ManagedRuntime, Redacted } = await load("effect")
  const layer = OpenRouterByok.layer({ apiKey: Redacted.make("sk-or-v1-bench"), apiUrl: "http://127.0.0.1:9/api/v1" })
  await ManagedRuntime.make(layer.pipe(Layer.provide(FetchHttpClient.layer))).runPromise(
    Effect.service(OpenRouterByok.OpenRouterByok)
  )
} else if (which === "sdk") {
  const { OpenRouterCore } = await import("@openrouter/sdk/core.js")
  const { byokList } = await import("@openrouter/sdk/funcs/byokList.js")
  if (typeof byokList !== "function") throw new Error("no byokList")
  new OpenRouterCore({ apiKey: "sk-or-v1-bench", serverURL: "http://127.0.0.1:9/api/v1" })
} else {
  throw new Error("usage: node bench/coldStart.mjs <library|effect4|sdk>")
}
process.stdout.write(JSON.stringify({ startMillis: performance.now() - start }) + "\n", () => process.exit(0))
