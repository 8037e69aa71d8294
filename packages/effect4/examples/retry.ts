// examples/retry.ts: replace the retry timing, or turn retries off.
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, Redacted, Schedule } from "effect"
import { FetchHttpClient } from "effect/http"
import { OpenRouterByok } from "effect4-openrouter-byok"

const apiKey = Redacted.make(process.env.OPENROUTER_API_KEY ?? "")
const apiUrl = process.env.OPENROUTER_API_URL || undefined // unset or empty: the default URL

// Up to 10 retries, 1 s apart, and at most 10 s per attempt. The client still decides *what*
// is retried (transient failures only) and still waits at least what Retry-After asks.
const PatientByok = OpenRouterByok.layer({
  apiKey,
  apiUrl,
  retrySchedule: Schedule.max([Schedule.spaced("1 second"), Schedule.recurs(10)]),
  requestTimeout: "10 seconds"
}).pipe(Layer.provide(FetchHttpClient.layer))

// No retries at all: the first failure is the answer.
const NoRetries = OpenRouterByok.layer({ apiKey, apiUrl, retrySchedule: Schedule.recurs(0) }).pipe(
  Layer.provide(FetchHttpClient.layer)
)

const lookUp = OpenRouterByok.get("00000000-0000-0000-0000-000000000000").pipe(
  Effect.map((key) => `found ${key.id}`),
  Effect.catchTags({
    NotFound: () => Effect.succeed("not found"),
    RateLimited: (error) => Effect.succeed(`still rate limited after the retries: ${error.message}`)
  })
)

Effect.gen(function*() {
  yield* Effect.log(`patient: ${yield* Effect.provide(lookUp, PatientByok)}`)
  yield* Effect.log(`no retries: ${yield* Effect.provide(lookUp, NoRetries)}`)
}).pipe(NodeRuntime.runMain)
