/**
 * Where a command sends its requests: the OpenRouter API with the management key from
 * `OPENROUTER_API_KEY`, at `--api-url` or `OPENROUTER_API_URL` when given, or, with `--mock`,
 * the embedded mock server seeded with credentials (no key, no network). Composed from the
 * library's public layers, as any program using it would be.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { OpenRouterByok } from "effect-openrouter-byok"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { MissingApiKey, UsageError } from "./commandErrors.js"

/** The connection options every command takes. */
export interface Connection {
  readonly mock: boolean
  readonly apiUrl: Option.Option<string>
}

/** Sent as `X-OpenRouter-Title`, for OpenRouter's attribution. */
export const appTitle = "openrouter-byok"

// The mock server and its fixtures are loaded only for --mock, so the other runs start faster.
const mockLayer: Layer.Layer<OpenRouterByok.OpenRouterByok> = Layer.unwrapEffect(
  Effect.promise(() => import("./mockConnection.js")).pipe(Effect.map((mock) => mock.layer))
)

/** `OPENROUTER_API_URL`, taken as unset when empty (`OPENROUTER_API_URL=` in an env file). */
export const apiUrlFromEnvironment: Effect.Effect<Option.Option<string>, UsageError> = Config.option(
  Config.string("OPENROUTER_API_URL")
).pipe(
  Effect.map(Option.filter((url) => url.trim() !== "")),
  Effect.mapError((error) => new UsageError({ message: `Bad OPENROUTER_API_URL: ${error}` }))
)

const apiLayer = (
  apiUrlFlag: Option.Option<string>
): Layer.Layer<OpenRouterByok.OpenRouterByok, MissingApiKey | UsageError> =>
  Layer.unwrapEffect(
    Effect.gen(function*() {
      const apiKey = yield* Config.option(Config.redacted("OPENROUTER_API_KEY")).pipe(
        // A key never holds whitespace: the line break a mounted secret file leaves after it is not part of it.
        Effect.map(Option.map((key) => Redacted.make(Redacted.value(key).trim()))),
        Effect.map(Option.filter((key) => Redacted.value(key) !== "")),
        Effect.flatten,
        Effect.orElseFail(() => new MissingApiKey())
      )
      const apiUrl = Option.isSome(apiUrlFlag) ? apiUrlFlag : yield* apiUrlFromEnvironment
      // An insecure or malformed apiUrl makes every operation fail with InvalidRequest, before anything is sent.
      return OpenRouterByok.layer({ apiKey, apiUrl: Option.getOrUndefined(apiUrl), appTitle })
    })
  ).pipe(Layer.provide(FetchHttpClient.layer))

/** The client a command runs on. */
export const layer = (connection: Connection): Layer.Layer<OpenRouterByok.OpenRouterByok, MissingApiKey | UsageError> =>
  connection.mock ? mockLayer : apiLayer(connection.apiUrl)
