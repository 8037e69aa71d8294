/**
 * `--mock`: the real client on the mock server, started on a free loopback port for the run
 * and seeded with the same credentials every time. Loaded only when `--mock` is given.
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { OpenRouterByok } from "effect4-openrouter-byok"
import { ByokKeyFixtures, start } from "openrouter-byok-mock-server"
import { appTitle } from "./connection.js"

/** How many credentials `--mock` starts with, and their seed. */
export const credentialCount = 250
export const seed = 1

/** The mock server, closed (every connection cut) when the scope ends. */
const mockServer = Effect.acquireRelease(
  // The server listens on a free loopback port: failing to start is a bug of the tool, not an input error.
  Effect.promise(() => start({ keys: ByokKeyFixtures.make({ count: credentialCount, seed }) })),
  (server) => Effect.promise(() => server.close())
)

/** The client, with each attempt limited to `requestTimeout` (default the library's), on a mock server that lives as long as the layer. */
export const layer = (requestTimeout: Duration.Duration | undefined): Layer.Layer<OpenRouterByok.OpenRouterByok> =>
  Layer.effect(
    OpenRouterByok.OpenRouterByok,
    Effect.flatMap(
      mockServer,
      (server) =>
        OpenRouterByok.make({ apiKey: Redacted.make(server.apiKey), apiUrl: server.url, appTitle, requestTimeout })
    )
  ).pipe(Layer.provide(FetchHttpClient.layer))
