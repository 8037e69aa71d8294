// examples/layers.ts: two ways to provide the client, then one call through each.
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, Redacted, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { OpenRouterByok } from "effect4-openrouter-byok"

// From plain values...
const ByokLive = OpenRouterByok.layer({
  apiKey: Redacted.make(process.env.OPENROUTER_API_KEY ?? ""),
  apiUrl: process.env.OPENROUTER_API_URL || undefined, // unset or empty: https://openrouter.ai/api/v1
  appTitle: "key-audit"
}).pipe(Layer.provide(FetchHttpClient.layer))

// ...or from Config: OPENROUTER_API_KEY (required) and OPENROUTER_API_URL (optional).
const ByokFromEnv = OpenRouterByok.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

const countFirstPage = OpenRouterByok.list({ limit: 10 }).pipe(
  Stream.take(1),
  Stream.runForEach((page) => Effect.log(`first page: ${page.data.length} of ${page.totalCount}`))
)

Effect.gen(function*() {
  yield* Effect.provide(countFirstPage, ByokLive)
  yield* Effect.provide(countFirstPage, ByokFromEnv)
}).pipe(NodeRuntime.runMain)
