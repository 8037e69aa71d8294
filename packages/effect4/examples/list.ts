// examples/list.ts: stream every credential, page by page, and count them per provider.
//   OPENROUTER_API_KEY=... npx tsx examples/list.ts
// (or against the mock server: see the README of openrouter-byok-mock-server)
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { OpenRouterByok } from "effect4-openrouter-byok"

const program = OpenRouterByok.list({ limit: 50 }).pipe(
  Stream.tap((page) =>
    Effect.log(`page at offset ${page.offset}: ${page.data.length} of ${page.totalCount} credentials`)
  ),
  Stream.flatMap((page) => Stream.fromIterable(page.data)),
  Stream.runFold(
    () => new Map<string, number>(),
    (counts, key) => counts.set(key.provider, (counts.get(key.provider) ?? 0) + 1)
  ),
  Effect.tap((counts) => Effect.log("credentials per provider", Object.fromEntries(counts)))
)

const ByokLive = OpenRouterByok.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

program.pipe(Effect.provide(ByokLive), NodeRuntime.runMain)
