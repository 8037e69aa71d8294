// examples/get.ts: fetch one credential by id, and handle the id that does not exist.
//   OPENROUTER_API_KEY=... npx tsx examples/get.ts [id]
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, Option, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { OpenRouterByok } from "effect4-openrouter-byok"

const program = Effect.gen(function*() {
  // The id from the command line, or else the first credential listed.
  const id = process.argv[2] ??
    Option.getOrUndefined(yield* OpenRouterByok.listItems({ limit: 1 }).pipe(Stream.runHead))?.id
  if (id === undefined) return yield* Effect.log("no credentials to get")

  const key = yield* OpenRouterByok.get(id)
  yield* Effect.log(`${key.id}: ${key.provider} ${key.label} (${key.disabled ? "disabled" : "enabled"})`)

  // A missing credential is a typed, recoverable failure.
  const missing = yield* OpenRouterByok.get("00000000-0000-0000-0000-000000000000").pipe(
    Effect.map((found) => `unexpectedly found ${found.id}`),
    Effect.catchTag("NotFound", (error) => Effect.succeed(`not found, as expected: ${error.message}`))
  )
  yield* Effect.log(missing)
})

const ByokLive = OpenRouterByok.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

program.pipe(Effect.provide(ByokLive), NodeRuntime.runMain)
