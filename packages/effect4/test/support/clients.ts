/**
 * The service under test, on a `StubHttpClient` (most tests, under the `TestClock`).
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpClient from "effect/http/HttpClient"
import * as Logger from "effect/Logger"
import * as References from "effect/References"
import { OpenRouterByok } from "effect4-openrouter-byok"
import { apiKey, listBody } from "./fixtures.js"
import { Reply } from "./StubHttpClient.js"
import * as StubHttpClient from "./StubHttpClient.js"

/**
 * The service on a stub answering with `replies` (the nth request gets the nth reply, later
 * ones the last), with the default retry policy unless overridden.
 */
export const stubbed = (
  replies: ReadonlyArray<StubHttpClient.StubReply>,
  options: Partial<OpenRouterByok.Options> = {}
) => onStub(StubHttpClient.replies(...replies), options)

/** The service on a given stub. */
export const onStub = (stub: StubHttpClient.StubHttpClient, options: Partial<OpenRouterByok.Options> = {}) =>
  Effect.map(
    OpenRouterByok.make({ apiKey, apiUrl: StubHttpClient.stubApiUrl, ...options }).pipe(
      Effect.provideService(HttpClient.HttpClient, stub.client)
    ),
    (byok) => ({ stub, byok } as const)
  )

/** A stub that serves `total` credentials as `GET /byok` does, whatever the offset and limit asked for. */
export const listingStub = (total: number) =>
  StubHttpClient.make((_, request) =>
    Reply.json(
      200,
      listBody(
        total,
        Number(StubHttpClient.queryParam(request, "offset") ?? 0),
        Number(StubHttpClient.queryParam(request, "limit") ?? 100)
      )
    )
  )

/** The error an exit failed with (a test failure when it succeeded or died). */
export const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure, got a success")
  const error = Cause.findErrorOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a failure, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

/** Runs `self` with every log line (all levels, logfmt) collected, and gives them with its exit. */
export const withLogs = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const lines: Array<string> = []
    const collect = Logger.make((options) => {
      lines.push(Logger.formatLogFmt.log(options))
    })
    return self.pipe(
      Effect.exit,
      Effect.map((exit) => [exit, lines] as const),
      Effect.provide(Logger.layer([collect])),
      Effect.provideService(References.MinimumLogLevel, "All")
    )
  })
