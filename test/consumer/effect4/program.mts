// What an Effect 4 user writes: list, get, handle NotFound, over the in-memory test layer and
// over HTTP against the mock server. Prints one line and exits 0 when every step did what it should.
import { Effect, Layer, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { OpenRouterByok } from "effect4-openrouter-byok"
import { ByokKeyFixtures, MockServer, OpenRouterByokTest } from "effect4-openrouter-byok/testing"

const keys = ByokKeyFixtures.make({ count: 120, seed: 7, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })

const listGetAndMiss = Effect.gen(function*() {
  const listed = yield* Stream.runCollect(OpenRouterByok.listItems())
  if (listed.length !== keys.length) return yield* Effect.die(new Error(`listed ${listed.length} of ${keys.length}`))
  const first = keys[0]!
  const got = yield* OpenRouterByok.get(first.id)
  if (got.id !== first.id) return yield* Effect.die(new Error(`got ${got.id} for ${first.id}`))
  const missing = yield* OpenRouterByok.get("no-such-credential").pipe(
    Effect.as("found"),
    Effect.catchTag("NotFound", (error) => Effect.succeed(error._tag))
  )
  if (missing !== "NotFound") return yield* Effect.die(new Error(`expected NotFound, got ${missing}`))
  return listed.length
})

const overMockServer = MockServer.layerClient().pipe(
  Layer.provideMerge(MockServer.layer({ keys })),
  Layer.provide(FetchHttpClient.layer)
)

Effect.all([
  Effect.provide(listGetAndMiss, OpenRouterByokTest.layer(keys)),
  Effect.provide(listGetAndMiss, overMockServer)
]).pipe(Effect.runPromise).then(
  ([inMemory, overHttp]) =>
    console.log(`effect 4 esm ok: listed ${inMemory} in memory, ${overHttp} over HTTP, NotFound handled`),
  (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  }
)
