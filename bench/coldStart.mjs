// Cold start as a user's program meets it: `node bench/coldStart.mjs <library|sdk>` imports the
// package from `dist/` (as installed, unbundled, dependencies from node_modules) and builds the
// layer, or imports the official SDK's `byokList` and builds its core. Prints one JSON line.
const which = process.argv[2]
const start = performance.now()
if (which === "library") {
  const { OpenRouterByok } = await import("../dist/esm/index.js")
  const FetchHttpClient = await import("@effect/platform/FetchHttpClient")
  const { Layer, ManagedRuntime, Redacted } = await import("effect")
  const layer = OpenRouterByok.layer({ apiKey: Redacted.make("sk-or-v1-bench"), apiUrl: "http://127.0.0.1:9/api/v1" })
  await ManagedRuntime.make(layer.pipe(Layer.provide(FetchHttpClient.layer))).runPromise(OpenRouterByok.OpenRouterByok)
} else if (which === "sdk") {
  const { OpenRouterCore } = await import("@openrouter/sdk/core.js")
  const { byokList } = await import("@openrouter/sdk/funcs/byokList.js")
  if (typeof byokList !== "function") throw new Error("no byokList")
  new OpenRouterCore({ apiKey: "sk-or-v1-bench", serverURL: "http://127.0.0.1:9/api/v1" })
} else {
  throw new Error("usage: node bench/coldStart.mjs <library|sdk>")
}
process.stdout.write(JSON.stringify({ startMillis: performance.now() - start }) + "\n", () => process.exit(0))
