/**
 * Clients under test: the real service, pointed at the testing kit's `MockServer` through a
 * real HTTP stack, or at a `StubHttpClient`.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { OpenRouterByok } from "effect-openrouter-byok"
import { MockServer } from "effect-openrouter-byok/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import { apiKey, storedKeys } from "./fixtures.js"
import * as StubHttpClient from "./StubHttpClient.js"

/** The path the mock server serves the API under, so tests also check that the base path is kept. */
export const apiPath = "/api/v1"

/** An HTTP stack the client can run on. */
export interface HttpStack {
  readonly name: string
  readonly layer: Layer.Layer<HttpClient.HttpClient>
}

export const fetchStack: HttpStack = { name: "FetchHttpClient", layer: FetchHttpClient.layer }
export const nodeStack: HttpStack = { name: "NodeHttpClient", layer: NodeHttpClient.layer }

/** Both stacks, for `describe.each`: the core behaviour must not depend on the stack. */
export const httpStacks: ReadonlyArray<HttpStack> = [fetchStack, nodeStack]

/**
 * Two retries without any wait, so tests over real sockets can count retries without the
 * clock (the service still only retries what its policy allows).
 */
export const immediateRetries: Schedule.Schedule<unknown, unknown> = Schedule.recurs(2)

/**
 * The same scripted answer for more attempts than {@link immediateRetries} makes, so an
 * attempt too many still meets it and shows in the count of requests.
 */
export const onEveryAttempt = <A>(answer: A): ReadonlyArray<A> => Array.from({ length: 5 }, () => answer)

export type ClientOptions = Partial<OpenRouterByok.Options> & { readonly http?: HttpStack }

/** The service pointed at `apiUrl`, with the marker API key and {@link immediateRetries} unless overridden. */
export const clientAt = (
  apiUrl: string,
  options: ClientOptions = {}
): Effect.Effect<OpenRouterByok.Service, never, Scope.Scope> =>
  Effect.gen(function*() {
    const { http = fetchStack, ...overrides } = options
    const httpClient = yield* Layer.build(http.layer)
    return yield* OpenRouterByok.make({ apiKey, apiUrl, retrySchedule: immediateRetries, ...overrides }).pipe(
      Effect.provide(httpClient)
    )
  })

/**
 * A fresh mock server holding `storedKeys(keys)` and accepting the marker API key, and the
 * service pointed at it.
 */
export const onMockServer = (options: ClientOptions & { readonly keys?: number } = {}) =>
  Effect.gen(function*() {
    const { keys = 0, ...clientOptions } = options
    const server = yield* Effect.orDie(MockServer.make({ apiKey, keys: storedKeys(keys) }))
    const byok = yield* clientAt(server.url, clientOptions)
    return { server, byok } as const
  })

/** An `apiUrl` on 127.0.0.1 where nothing listens any more, so every connection is refused. */
export const refusedApiUrl: Effect.Effect<string> = Effect.scoped(
  Effect.map(Effect.orDie(MockServer.make()), (server) => server.url)
)

/**
 * The service on a stub answering with `replies` (the nth request gets the nth reply, later
 * ones the last), with the default retry policy unless overridden.
 */
export const stubbed = (
  replies: ReadonlyArray<StubHttpClient.StubReply>,
  options: Partial<OpenRouterByok.Options> = {}
) =>
  Effect.gen(function*() {
    const stub = StubHttpClient.replies(...replies)
    const byok = yield* OpenRouterByok.make({ apiKey, apiUrl: StubHttpClient.stubApiUrl, ...options }).pipe(
      Effect.provideService(HttpClient.HttpClient, stub.client)
    )
    return { stub, byok } as const
  })
