// A program that only lists keys with the Effect 4 edition, for the bundle-size measurement.
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { OpenRouterByok } from "../../../packages/effect4/src/index.js"

const layer = OpenRouterByok.layer({ apiKey: Redacted.make(process.env.OPENROUTER_API_KEY ?? "") }).pipe(
  Layer.provide(FetchHttpClient.layer)
)

Effect.runPromise(
  OpenRouterByok.listItems().pipe(
    Stream.runForEach((key) => Effect.log(key.id, key.provider)),
    Effect.provide(layer)
  )
)
