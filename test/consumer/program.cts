// What a CommonJS user writes (require, through TypeScript's import = require): list, get,
// handle NotFound, over the in-memory test layer and over HTTP against the mock server.
import Platform = require("@effect/platform")
import Effect_ = require("effect")
import Byok = require("effect-openrouter-byok")
import Testing = require("effect-openrouter-byok/testing")

const { Effect, Layer, Stream } = Effect_
const { OpenRouterByok } = Byok
const { ByokKeyFixtures, MockServer, OpenRouterByokTest } = Testing

const keys = ByokKeyFixtures.make({ count: 120, seed: 7, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })

const listGetAndMiss = Effect.gen(function*() {
  const listed = yield* Stream.runCollect(OpenRouterByok.listItems())
  if (listed.length !== keys.length) return yield* Effect.dieMessage(`listed ${listed.length} of ${keys.length}`)
  const first = keys[0]!
  const got = yield* OpenRouterByok.get(first.id)
  if (got.id !== first.id) return yield* Effect.dieMessage(`got ${got.id} for ${first.id}`)
  const missing = yield* OpenRouterByok.get("no-such-credential").pipe(
    Effect.as("found"),
    Effect.catchTag("NotFound", (error) => Effect.succeed(error._tag))
  )
  if (missing !== "NotFound") return yield* Effect.dieMessage(`expected NotFound, got ${missing}`)
  return listed.length
})

const overMockServer = MockServer.layerClient().pipe(
  Layer.provideMerge(MockServer.layer({ keys })),
  Layer.provide(Platform.FetchHttpClient.layer)
)

Effect.all([
  Effect.provide(listGetAndMiss, OpenRouterByokTest.layer(keys)),
  Effect.provide(listGetAndMiss, overMockServer)
]).pipe(Effect.runPromise).then(
  ([inMemory, overHttp]) =>
    console.log(`cjs ok: listed ${inMemory} in memory, ${overHttp} over HTTP, NotFound handled`),
  (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  }
)
