/**
 * Where a command sends its requests: the OpenRouter API with the management key from
 * `OPENROUTER_API_KEY`, at `--api-url` or `OPENROUTER_API_URL` when given, or, with `--mock`,
 * the embedded mock server seeded with credentials (no key, no network). Composed from the
 * library's public layers, as any program using it would be.
 */
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { OpenRouterByok } from "effect4-openrouter-byok"
import { MissingApiKey, UsageError } from "./commandErrors.js"
import * as Deadline from "./deadline.js"
import { badDurationMessage, parseDurationMillis } from "./durationFlag.js"

/** The connection options every command takes, as given. */
export interface Connection {
  readonly mock: boolean
  readonly apiUrl: Option.Option<string>
  /** `--timeout`: each attempt's limit (default: the library's `requestTimeout`, 30 seconds). */
  readonly timeout: Option.Option<string>
  /** `--deadline`: the limit of the command's whole work with the API (default {@link defaultDeadline}). */
  readonly deadline: Option.Option<string>
}

/**
 * Long enough never to cut short what a retry can still save (a 60-second `Retry-After`, then a
 * full 30-second attempt), and shorter than the retries of a server that never answers take
 * (five 30-second attempts and the waits between them: about 156 seconds).
 */
export const defaultDeadline = "2m"

const durationOf = (flag: string, text: string): Effect.Effect<Duration.Duration, UsageError> => {
  const millis = parseDurationMillis(text)
  return millis === undefined
    ? Effect.fail(new UsageError({ message: badDurationMessage(flag, text) }))
    : Effect.succeed(Duration.millis(millis))
}

/** Sent as `X-OpenRouter-Title`, for OpenRouter's attribution. */
export const appTitle = "openrouter-byok"

// The mock server and its fixtures are evaluated only for --mock (inlined, their modules wait): other runs start faster.
const mockLayer = (requestTimeout: Duration.Duration | undefined): Layer.Layer<OpenRouterByok.OpenRouterByok> =>
  Layer.unwrap(
    Effect.promise(() => import("./mockConnection.js")).pipe(Effect.map((mock) => mock.layer(requestTimeout)))
  )

/** `OPENROUTER_API_URL`, taken as unset when empty (`OPENROUTER_API_URL=` in an env file). */
export const apiUrlFromEnvironment: Effect.Effect<Option.Option<string>, UsageError> = Config.option(
  Config.String("OPENROUTER_API_URL")
).pipe(
  Effect.map(Option.filter((url) => url.trim() !== "")),
  Effect.mapError((error) => new UsageError({ message: `Bad OPENROUTER_API_URL: ${error}` }))
)

const apiLayer = (
  apiUrlFlag: Option.Option<string>,
  requestTimeout: Duration.Duration | undefined
): Layer.Layer<OpenRouterByok.OpenRouterByok, MissingApiKey | UsageError> =>
  Layer.unwrap(
    Effect.gen(function*() {
      const apiKey = yield* Config.option(Config.Redacted("OPENROUTER_API_KEY")).pipe(
        // A key never holds whitespace: the line break a mounted secret file leaves after it is not part of it.
        Effect.map(Option.map((key) => Redacted.make(Redacted.value(key).trim()))),
        Effect.map(Option.filter((key) => Redacted.value(key) !== "")),
        Effect.flatMap(Effect.fromOption),
        Effect.mapError(() => new MissingApiKey())
      )
      const apiUrl = Option.isSome(apiUrlFlag) ? apiUrlFlag : yield* apiUrlFromEnvironment
      // An insecure or malformed apiUrl makes every operation fail with InvalidRequest, before anything is sent.
      return OpenRouterByok.layer({ apiKey, apiUrl: Option.getOrUndefined(apiUrl), appTitle, requestTimeout })
    })
  ).pipe(Layer.provide(FetchHttpClient.layer))

/** The client a command runs on, and the deadline of its work with it. */
export const layer = (
  connection: Connection
): Layer.Layer<OpenRouterByok.OpenRouterByok | Deadline.Deadline, MissingApiKey | UsageError> =>
  Layer.unwrap(
    Effect.gen(function*() {
      const requestTimeout = Option.isSome(connection.timeout)
        ? yield* durationOf("--timeout", connection.timeout.value)
        : undefined
      const deadlineText = Option.getOrElse(connection.deadline, () => defaultDeadline)
      const deadline = yield* durationOf("--deadline", deadlineText)
      return Layer.merge(
        connection.mock ? mockLayer(requestTimeout) : apiLayer(connection.apiUrl, requestTimeout),
        Deadline.layer(deadline, deadlineText)
      )
    })
  )
