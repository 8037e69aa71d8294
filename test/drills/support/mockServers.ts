/**
 * The product's `MockServer`, for the drills where real sockets matter, and the real client
 * pointed at it. The server keeps the real clock whatever the test's clock, so that only the
 * client's waits run on the `TestClock`.
 */
import { MockServer } from "effect-openrouter-byok/testing"
import * as Effect from "effect/Effect"
import * as TestServices from "effect/TestServices"
import { clientAt, type ClientOptions } from "../../support/clients.js"
import { apiKey } from "../../support/fixtures.js"

/** A mock server that accepts the drills' marker management key. */
export const mockServer = (options: MockServer.Options = {}) =>
  TestServices.provideLive(Effect.orDie(MockServer.make({ apiKey, ...options })))

/** A mock server, and the client pointed at it (the marker key, immediate retries, fetch, unless `client` says otherwise). */
export const mockServerAndClient = (
  options: { readonly server?: MockServer.Options; readonly client?: ClientOptions } = {}
) =>
  Effect.gen(function*() {
    const server = yield* mockServer(options.server)
    const byok = yield* clientAt(server.url, options.client)
    return { server, byok } as const
  })

/** An `apiUrl` on 127.0.0.1 where nothing listens any more (a mock server, stopped), so every connection is refused. */
export const refusedApiUrl: Effect.Effect<string> = Effect.scoped(Effect.map(mockServer(), (server) => server.url))

/** Resumes once the server has received `count` requests. */
export const awaitReceived = (server: MockServer.Service, count: number): Effect.Effect<void> =>
  Effect.asVoid(server.awaitRequests((requests) => requests.length >= count))

/** Resumes once the exchange of the `index`th request (0 for the first) is over, and returns how it ended. */
export const awaitCompleted = (server: MockServer.Service, index: number): Effect.Effect<MockServer.LoggedRequest> =>
  Effect.map(server.awaitRequests((requests) => requests[index]?.completed === true), (requests) => requests[index]!)
