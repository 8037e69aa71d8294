/**
 * The mock server (`openrouter-byok-mock-server`) for the command-line tests, its start and
 * stop wrapped in a scope, and the parts of its handle the tests read as Effects.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as MockServerPackage from "openrouter-byok-mock-server"

export const defaultApiKey = MockServerPackage.defaultApiKey
export const jsonAnswer = MockServerPackage.jsonAnswer

/** A running mock server. */
export interface Service {
  /** The `OPENROUTER_API_URL` to give the tool: `http://127.0.0.1:PORT/api/v1`. */
  readonly url: string
  /** Every request so far, oldest first. */
  readonly requests: Effect.Effect<ReadonlyArray<MockServerPackage.LoggedRequest>>
  /** Forgets the requests so far. */
  readonly clearRequests: Effect.Effect<void>
  /** Waits until `predicate` holds for the request log, and returns the log. */
  readonly awaitRequests: (
    predicate: (requests: ReadonlyArray<MockServerPackage.LoggedRequest>) => boolean
  ) => Effect.Effect<ReadonlyArray<MockServerPackage.LoggedRequest>>
  /** The credentials stored now, in listing order. */
  readonly keys: Effect.Effect<ReadonlyArray<MockServerPackage.ByokKey>>
  /** Gives the next requests these faults, in order (`"none"`: no fault). */
  readonly injectFaults: (faults: ReadonlyArray<MockServerPackage.ScriptedOutcome>) => Effect.Effect<void>
  /** Gives the next requests these answers in place of the API's, in order. */
  readonly injectAnswers: (answers: ReadonlyArray<MockServerPackage.ScriptedOutcome>) => Effect.Effect<void>
}

export class MockServer extends Context.Service<MockServer, Service>()("openrouter-byok-cli/test/MockServer") {}

/** A mock server on a free loopback port, closed when the scope ends. */
export const make = (options: MockServerPackage.StartOptions = {}): Effect.Effect<Service, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.promise(() => MockServerPackage.start(options)),
      (server) => Effect.promise(() => server.close())
    ),
    (server) => ({
      url: server.url,
      requests: Effect.sync(() => server.requests()),
      clearRequests: Effect.sync(() => server.clearRequests()),
      // Resumed by the log's own change events; interrupting the wait stops listening.
      awaitRequests: (predicate) =>
        Effect.callback((resume) => {
          const check = () => {
            const logged = server.requests()
            if (!predicate(logged)) return
            stop()
            resume(Effect.succeed(logged))
          }
          const stop = server.onRequestsChanged(check)
          check()
          return Effect.sync(stop)
        }),
      keys: Effect.sync(() => server.keys()),
      injectFaults: (faults) => Effect.sync(() => server.injectFaults(faults)),
      injectAnswers: (answers) => Effect.sync(() => server.injectAnswers(answers))
    })
  )

/** {@link make} as a layer. */
export const layer = (options?: MockServerPackage.StartOptions): Layer.Layer<MockServer> =>
  Layer.effect(MockServer, make(options))

/** The requests the server in the context has received. */
export const requests: Effect.Effect<ReadonlyArray<MockServerPackage.LoggedRequest>, never, MockServer> = MockServer
  .use((server) => server.requests)
