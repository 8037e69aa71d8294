/**
 * Where a command sends its requests: the OpenRouter API with the management key from
 * `OPENROUTER_API_KEY`, at `--api-url` or `OPENROUTER_API_URL` when given, or, with `--mock`,
 * the embedded mock server seeded with credentials (no key, no network). Composed from the
 * library's public layers, as any program using it would be.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as OpenRouterByok from "../OpenRouterByok.js"
import * as ByokKeyFixtures from "../testing/ByokKeyFixtures.js"
import * as MockServer from "../testing/MockServer.js"
import { MissingApiKey, UsageError } from "./commandErrors.js"

/** The connection options every command takes. */
export interface Connection {
  readonly mock: boolean
  readonly apiUrl: Option.Option<string>
}

/** The credentials `--mock` starts with: the same on every run. */
export const mockCredentialCount = 250
export const mockSeed = 1

/** Sent as `X-OpenRouter-Title`, for OpenRouter's attribution. */
const appTitle = "openrouter-byok"

const mockLayer: Layer.Layer<OpenRouterByok.OpenRouterByok> = MockServer.layerClient({ appTitle }).pipe(
  Layer.provide(MockServer.layer({ keys: ByokKeyFixtures.make({ count: mockCredentialCount, seed: mockSeed }) })),
  Layer.provide(NodeHttpClient.layerUndici),
  // The embedded server listens on a free loopback port: failing to start is a bug, not an input error.
  Layer.orDie
)

const apiLayer = (apiUrlFlag: Option.Option<string>): Layer.Layer<OpenRouterByok.OpenRouterByok, MissingApiKey | UsageError> =>
  Layer.unwrapEffect(
    Effect.gen(function*() {
      const apiKey = yield* Config.option(Config.redacted("OPENROUTER_API_KEY")).pipe(
        Effect.map(Option.filter((key) => Redacted.value(key).trim() !== "")),
        Effect.flatten,
        Effect.orElseFail(() => new MissingApiKey())
      )
      const apiUrl = Option.isSome(apiUrlFlag)
        ? apiUrlFlag
        : yield* Config.option(Config.string("OPENROUTER_API_URL")).pipe(
          Effect.mapError((error) => new UsageError({ message: `Bad OPENROUTER_API_URL: ${error}` }))
        )
      // An insecure or malformed apiUrl makes every operation fail with InvalidRequest, before anything is sent.
      return OpenRouterByok.layer({ apiKey, apiUrl: Option.getOrUndefined(apiUrl), appTitle })
    })
  ).pipe(Layer.provide(NodeHttpClient.layerUndici))

/** The client a command runs on. */
export const layer = (connection: Connection): Layer.Layer<OpenRouterByok.OpenRouterByok, MissingApiKey | UsageError> =>
  connection.mock ? mockLayer : apiLayer(connection.apiUrl)
