/**
 * `--mock`: the real client on the embedded mock server, seeded with the same credentials on
 * every run. Loaded only when `--mock` is given.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type { OpenRouterByok } from "effect-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect-openrouter-byok/testing"
import type * as Duration from "effect/Duration"
import * as Layer from "effect/Layer"
import { appTitle } from "./connection.js"

/** How many credentials `--mock` starts with, and their seed. */
export const credentialCount = 250
export const seed = 1

/** The client, with each attempt limited to `requestTimeout` (default the library's), on a mock server that lives as long as the layer. */
export const layer = (requestTimeout: Duration.Duration | undefined): Layer.Layer<OpenRouterByok.OpenRouterByok> =>
  MockServer.layerClient({ appTitle, requestTimeout }).pipe(
    Layer.provide(MockServer.layer({ keys: ByokKeyFixtures.make({ count: credentialCount, seed }) })),
    Layer.provide(FetchHttpClient.layer),
    // The embedded server listens on a free loopback port: failing to start is a bug, not an input error.
    Layer.orDie
  )
