/**
 * A mock of the OpenRouter BYOK API: a real HTTP server on 127.0.0.1, serving the five BYOK
 * operations under `/api/v1` as `spec/openrouter-byok.openapi.yaml` describes them, with
 * seeded fault injection. The server is the `openrouter-byok-mock-server` package (plain
 * `node:http`, which any client can use on its own); this module starts it for the lifetime of
 * a scope and speaks Effect. Point the real client (or curl, or another SDK) at
 * {@link Service.url}.
 *
 * What it implements:
 *
 * - Bearer-token authentication: 401 when the key is missing or wrong, 403 ("Only management
 *   keys can perform this operation") for a key listed in `nonManagementApiKeys`.
 * - `GET /byok`: `offset` / `limit` (default 50, 1 to 100) with `total_count`, the
 *   `workspace_id` and `provider` filters, and the default workspace when `workspace_id` is
 *   omitted (global credentials appear in every workspace). 400 for a non-integer or
 *   out-of-range `limit` / `offset`, a repeated parameter, a `workspace_id` that is not a UUID,
 *   or a provider slug the server does not know (the spec's enum, plus the providers of the
 *   seeded credentials).
 * - `GET`, `PATCH`, `DELETE /byok/{id}` (404 with the spec's body for an unknown id) and
 *   `POST /byok` (201), stateful: created credentials are listed, `PATCH` leaves absent fields
 *   alone and clears `null` ones, a new `key` regenerates the masked `label`, deleted
 *   credentials are gone. 400 for a body that is not JSON or not the spec's schema.
 * - The newest response shape (with `declared_zdr`, `is_byok_only`, `is_required`, `declared_region`), or the
 *   older one with `shape: "legacy"`, with the library's wire names.
 *
 * Misbehaviours ({@link Misbehaviour}) make it lie as real servers and proxies do: page sizes
 * that change per page, a wrong `total_count`, an ignored `offset`, error answers that echo the
 * request, absurd bodies, redirects.
 *
 * Faults ({@link FaultOptions}) are decided per request in arrival order from a seed, or
 * scripted for the next requests with {@link Service.injectFaults}; {@link Service.injectAnswers}
 * scripts answers of your own (any status, headers and body) in the same sequence. Added latency and slow
 * answers run on the server's real timers (`setTimeout`), whatever `Clock` the scope has: a
 * `TestClock` moves only the client's waits, so to meet a slow server under a `TestClock`,
 * script a `hang` or a `slowAnswer` and move the clock past the client's timeout. Created
 * credentials get their `createdAt` from the `Clock` of the scope the server was made in.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import { ServeError } from "effect/http/HttpServerError"
import * as Layer from "effect/Layer"
import * as Queue from "effect/Queue"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as MockServerPackage from "openrouter-byok-mock-server"
import type { ByokKey } from "../ByokKey.js"
import * as OpenRouterByok from "../OpenRouterByok.js"
import * as KitStore from "./internal/credentialStore.js"

// ---------------------------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------------------------

/**
 * A fault a retry can get past.
 *
 * - `http500`: 500 with the API's JSON error body.
 * - `http502`, `http503`: an HTML page, as a reverse proxy sends.
 * - `http429`: 429 with `Retry-After` ({@link FaultOptions.retryAfterSeconds}).
 * - `dropConnection`: the connection is cut before anything is answered.
 * - `truncateBody`: the API's answer with its full `Content-Length`, half of the body, then the
 *   connection is cut. The API acted on the request first.
 * - `slowAnswer`: the API's answer, after {@link FaultOptions.slowAnswerMs} (past a short
 *   per-attempt timeout). Not drawn unless listed in `transientFaults`.
 *
 * @since 0.1.0
 * @category faults
 */
export type TransientFault = MockServerPackage.TransientFault

/**
 * Any fault: a transient one, `nonJsonBody` (a complete 200 answer that is an HTML page, which
 * a retry would not fix), `hang` (the request is accepted and never answered), or `stallBody`
 * (the API's answer with its full `Content-Length` and half of the body, then nothing more
 * until the client gives up; the API acted on the request first). `stallBody` is never drawn,
 * only scripted with {@link Service.injectFaults}.
 *
 * @since 0.1.0
 * @category faults
 */
export type Fault = MockServerPackage.Fault

/**
 * An answer of your own, given in place of the API's to a request scripted with
 * {@link Service.injectAnswers}: to meet a status, header or body the API would not send,
 * or not send now. Headers are lower-case; `body` defaults to empty.
 *
 * @since 0.1.0
 * @category faults
 */
export type Answer = MockServerPackage.Answer

/**
 * An {@link Answer} whose body is `value` as JSON, with `content-type: application/json`.
 *
 * @since 0.1.0
 * @category faults
 */
export const jsonAnswer: (status: number, value: unknown, headers?: Readonly<Record<string, string>>) => Answer =
  MockServerPackage.jsonAnswer

/**
 * The transient faults drawn by default: every one except `slowAnswer`, which needs the
 * client's `requestTimeout` set below {@link FaultOptions.slowAnswerMs}.
 *
 * @since 0.1.0
 * @category faults
 */
export const defaultTransientFaults: ReadonlyArray<TransientFault> = MockServerPackage.defaultTransientFaults

/**
 * The random fault profile. Each request draws, in arrival order from `seed`: `hang` with
 * `hangRate`, else a transient fault with `transientRate` (uniformly among
 * `transientFaults`), else `nonJsonBody` with `nonJsonRate`; and its added latency, in real
 * milliseconds.
 *
 * @since 0.1.0
 * @category faults
 */
export type FaultOptions = MockServerPackage.FaultOptions

// ---------------------------------------------------------------------------------------------
// Misbehaviour
// ---------------------------------------------------------------------------------------------

/**
 * How the server lies, as real servers, proxies, caches and gateways do: to test a client
 * against them (page sizes that change per page, a wrong `total_count`, an ignored `offset`,
 * error answers that echo the request, absurd bodies, redirects). Unlike faults, a
 * misbehaviour applies to every request while it is in force, and depends only on the
 * request, so every listing meets the same server.
 *
 * @since 0.1.0
 * @category misbehaviour
 */
export type Misbehaviour = MockServerPackage.Misbehaviour

// ---------------------------------------------------------------------------------------------
// The request log
// ---------------------------------------------------------------------------------------------

/**
 * One request the server received. It holds no secret: the `Authorization` header is reduced
 * to the kind of key it carried, other credential headers are left out, and bodies are not kept.
 *
 * @since 0.1.0
 * @category models
 */
export type LoggedRequest = MockServerPackage.LoggedRequest

/**
 * Totals over the request log.
 *
 * @since 0.1.0
 * @category models
 */
export type Counters = MockServerPackage.Counters

/**
 * A request as one line, e.g. `#3 GET /api/v1/byok?offset=0&limit=100 -> 503 [http503]`.
 *
 * @since 0.1.0
 * @category models
 */
export const formatRequest: (request: LoggedRequest) => string = MockServerPackage.formatRequest

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/**
 * A running mock server.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The `apiUrl` to give the client: `http://127.0.0.1:PORT/api/v1`. */
  readonly url: string
  readonly port: number
  /** The management key the server accepts. */
  readonly apiKey: Redacted.Redacted<string>
  /** Every request so far, oldest first. */
  readonly requests: Effect.Effect<ReadonlyArray<LoggedRequest>>
  readonly counters: Effect.Effect<Counters>
  /** Forgets the requests so far (the counters follow the log). */
  readonly clearRequests: Effect.Effect<void>
  /** Waits until `predicate` holds for the request log, and returns the log. Works under `TestClock`. */
  readonly awaitRequests: (
    predicate: (requests: ReadonlyArray<LoggedRequest>) => boolean
  ) => Effect.Effect<ReadonlyArray<LoggedRequest>>
  /** Every request as its exchange completes. */
  readonly completedRequests: Stream.Stream<LoggedRequest>
  /** The credentials stored now, in listing order. */
  readonly keys: Effect.Effect<ReadonlyArray<ByokKey>>
  /** Gives the next requests these faults, in order (`"none"`: no fault), before any random draw applies. */
  readonly injectFaults: (faults: ReadonlyArray<Fault | "none">) => Effect.Effect<void>
  /**
   * Gives the next requests these answers in place of the API's, in order: an {@link Answer} of
   * your own, a fault, or `"none"` for the API's own answer. It shares its queue with
   * {@link injectFaults}, so the two script the same sequence of requests.
   */
  readonly injectAnswers: (answers: ReadonlyArray<Answer | Fault | "none">) => Effect.Effect<void>
  /** Replaces the random fault profile; its draws restart from its seed. `{}` turns random faults off. */
  readonly setFaults: (faults: FaultOptions) => Effect.Effect<void>
  /** Replaces the misbehaviour in force for the next requests. `{}` makes the server honest again. */
  readonly misbehave: (misbehaviour: Misbehaviour) => Effect.Effect<void>
}

/**
 * The service key of a running mock server, for programs that take it from the context.
 *
 * @since 0.1.0
 * @category services
 */
export class MockServer extends Context.Service<MockServer, Service>()("effect4-openrouter-byok/testing/MockServer") {}

/**
 * The management key the server accepts unless told otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultApiKey: string = MockServerPackage.defaultApiKey

/**
 * Options of the mock server: its credentials and keys, the response shape, faults, latency
 * and misbehaviours.
 *
 * @since 0.1.0
 * @category options
 */
export interface Options {
  /** The credentials the server starts with, in listing order (see `ByokKeyFixtures`). Default none. */
  readonly keys?: ReadonlyArray<ByokKey> | undefined
  /** The management key to accept. Default {@link defaultApiKey}. */
  readonly apiKey?: string | Redacted.Redacted<string> | undefined
  /** Keys that authenticate but are not management keys: every operation answers 403. */
  readonly nonManagementApiKeys?: ReadonlyArray<string | Redacted.Redacted<string>> | undefined
  /** Default 0: a free port. The server listens on 127.0.0.1 only. */
  readonly port?: number | undefined
  /**
   * The workspace requests without `workspace_id` resolve to, a UUID (anything else is a
   * defect). Default `ByokKeyFixtures.defaultWorkspaceId`; `null` acts as a deleted default
   * workspace (400).
   */
  readonly defaultWorkspaceId?: string | null | undefined
  /** `newest` (default) or `legacy` (without `declared_zdr`, `is_byok_only`, `is_required`, `declared_region`). */
  readonly shape?: "newest" | "legacy" | undefined
  /** Seed of the ids given to created credentials. Default 1. */
  readonly seed?: number | undefined
  /** The random fault profile. Default: no faults. */
  readonly faults?: FaultOptions | undefined
  /** How the server lies. Default: it does not. */
  readonly misbehaviour?: Misbehaviour | undefined
}

/**
 * Starts a server; it stops, cutting any open connection, when the scope closes. A port that
 * is not one, or that cannot be taken, fails with a `ServeError`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const apiKey = toRedacted(options.apiKey ?? defaultApiKey)
    const store = yield* KitStore.make(options)
    const server = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () =>
          MockServerPackage.start({
            store,
            apiKey: Redacted.value(apiKey),
            nonManagementApiKeys: (options.nonManagementApiKeys ?? []).map((key) => Redacted.value(toRedacted(key))),
            port: options.port,
            shape: options.shape,
            faults: options.faults,
            misbehaviour: options.misbehaviour
          }),
        catch: (cause) => new ServeError({ cause })
      }),
      (server) => Effect.promise(() => server.close())
    )
    return serviceOf(server, apiKey)
  })

const toRedacted = (key: string | Redacted.Redacted<string>) => Redacted.isRedacted(key) ? key : Redacted.make(key)

/** The running server, in Effects. */
const serviceOf = (server: MockServerPackage.MockServerHandle, apiKey: Redacted.Redacted<string>): Service => {
  const requests = Effect.sync(() => server.requests())
  return {
    url: server.url,
    port: server.port,
    apiKey,
    requests,
    counters: Effect.sync(() => server.counters()),
    clearRequests: Effect.sync(() => server.clearRequests()),
    // Resumed by the log's own change events, not by polling, so it works under a TestClock.
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
    completedRequests: Stream.callback((queue) =>
      Effect.acquireRelease(
        Effect.sync(() => server.onRequestCompleted((request) => void Queue.offerUnsafe(queue, request))),
        (stop) => Effect.sync(stop)
      )
    ),
    keys: Effect.sync(() => server.keys()),
    injectFaults: (faults) => Effect.sync(() => server.injectFaults(faults)),
    injectAnswers: (answers) => Effect.sync(() => server.injectAnswers(answers)),
    setFaults: (faults) => Effect.sync(() => server.setFaults(faults)),
    misbehave: (misbehaviour) => Effect.sync(() => server.misbehave(misbehaviour))
  }
}

/**
 * A server for the lifetime of the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: Options): Layer.Layer<MockServer, ServeError> => Layer.effect(MockServer, make(options))

/**
 * The real `OpenRouterByok` client, pointed at the server in the context with its management
 * key. Other client options (retry schedule, timeout, middleware) pass through.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClient = (
  options?: Omit<OpenRouterByok.Options, "apiKey" | "apiUrl"> & {
    readonly apiKey?: Redacted.Redacted<string> | undefined
  }
): Layer.Layer<OpenRouterByok.OpenRouterByok, never, MockServer | HttpClient.HttpClient> =>
  Layer.unwrap(
    MockServer.useSync((server) =>
      OpenRouterByok.layer({ ...options, apiKey: options?.apiKey ?? server.apiKey, apiUrl: server.url })
    )
  )

/**
 * The requests the server in the context has received.
 *
 * @since 0.1.0
 * @category accessors
 */
export const requests: Effect.Effect<ReadonlyArray<LoggedRequest>, never, MockServer> = MockServer.use((server) =>
  server.requests
)

/**
 * The counters of the server in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const counters: Effect.Effect<Counters, never, MockServer> = MockServer.use((server) => server.counters)

/**
 * Waits until `predicate` holds for the request log of the server in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const awaitRequests = (
  predicate: (requests: ReadonlyArray<LoggedRequest>) => boolean
): Effect.Effect<ReadonlyArray<LoggedRequest>, never, MockServer> =>
  MockServer.use((server) => server.awaitRequests(predicate))

/**
 * Gives the next requests of the server in the context these faults.
 *
 * @since 0.1.0
 * @category accessors
 */
export const injectFaults = (faults: ReadonlyArray<Fault | "none">): Effect.Effect<void, never, MockServer> =>
  MockServer.use((server) => server.injectFaults(faults))

/**
 * Gives the next requests of the server in the context these answers in place of the API's.
 *
 * @since 0.1.0
 * @category accessors
 */
export const injectAnswers = (
  answers: ReadonlyArray<Answer | Fault | "none">
): Effect.Effect<void, never, MockServer> => MockServer.use((server) => server.injectAnswers(answers))

/**
 * Replaces the misbehaviour of the server in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const misbehave = (misbehaviour: Misbehaviour): Effect.Effect<void, never, MockServer> =>
  MockServer.use((server) => server.misbehave(misbehaviour))

/**
 * Replaces the random fault profile of the server in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const setFaults = (faults: FaultOptions): Effect.Effect<void, never, MockServer> =>
  MockServer.use((server) => server.setFaults(faults))
