// examples/lifecycle.ts: a credential's whole life: create, rotate its key, disable, delete.
// It writes, so run it against the mock server (see the README of openrouter-byok-mock-server),
// not your production account.
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { OpenRouterByok } from "effect4-openrouter-byok"

const program = Effect.gen(function*() {
  const created = yield* OpenRouterByok.create({
    provider: "openai",
    key: Redacted.make("sk-proj-example-original-0001"),
    name: "Example key",
    allowedModels: ["openai/gpt-4o-mini"]
  })
  yield* Effect.log(`created ${created.id} with label ${created.label}`)
  const id = created.id

  // Rotation replaces the key material in place; the id stays, the masked label changes.
  const rotated = yield* OpenRouterByok.update(id, { key: Redacted.make("sk-proj-example-rotated-0002") })
  yield* Effect.log(`rotated: label ${created.label} -> ${rotated.label}`)

  // A patch changes only what it names; null clears an allowlist.
  const disabled = yield* OpenRouterByok.update(id, { disabled: true, allowedModels: null })
  yield* Effect.log(`disabled: ${disabled.disabled}, allowed models: ${JSON.stringify(disabled.allowedModels)}`)

  yield* OpenRouterByok.delete(id)
  const gone = yield* OpenRouterByok.get(id).pipe(
    Effect.as("still there"),
    Effect.catchTag("NotFound", () => Effect.succeed("gone"))
  )
  yield* Effect.log(`deleted: ${gone}`)
})

const ByokLive = OpenRouterByok.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

program.pipe(Effect.provide(ByokLive), NodeRuntime.runMain)
