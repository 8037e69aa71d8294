// A program that only lists keys with this library, for the bundle-size measurement.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { OpenRouterByok } from "../../src/index.js"

const layer = OpenRouterByok.layer({ apiKey: Redacted.make(process.env.OPENROUTER_API_KEY ?? "") }).pipe(
  Layer.provide(FetchHttpClient.layer)
)

Effect.runPromise(
  OpenRouterByok.listItems().pipe(
    Stream.runForEach((key) => Effect.log(key.id, key.provider)),
    Effect.provide(layer)
  )
)
