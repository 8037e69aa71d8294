/**
 * A mock of the OpenRouter BYOK API: a real HTTP server on 127.0.0.1, built with
 * `@effect/platform`'s `HttpRouter` and `@effect/platform-node`'s `NodeHttpServer`, serving
 * the five BYOK operations under `/api/v1` as `spec/openrouter-byok.openapi.yaml` describes
 * them, with seeded fault injection. Point the real client (or curl, or another SDK) at
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
 *   older one with `shape: "legacy"`. Every body is encoded with the library's Schemas.
 *
 * Misbehaviours ({@link Misbehaviour}) make it lie as real servers and proxies do: page sizes
 * that change per page, a wrong `total_count`, an ignored `offset`, error answers that echo the
 * request, absurd bodies, redirects.
 *
 * Faults ({@link FaultOptions}) are decided per request in arrival order from a seed, or
 * scripted for the next requests with {@link Service.injectFaults}; {@link Service.injectAnswers}
 * scripts answers of your own (any status, headers and body) in the same sequence. Added latency and slow
 * answers sleep on the `Clock` of the scope the server was made in: run it on real time
 * (`it.live`, or `layer(..., { excludeTestServices: true })`) unless a test means to move a
 * `TestClock` for both the server and the client.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ServeError from "@effect/platform/HttpServerError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type { ByokKey } from "../ByokKey.js"
import * as OpenRouterByok from "../OpenRouterByok.js"
import * as internal from "./internal/mockServer.js"

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
export type TransientFault =
  | "http500"
  | "http502"
  | "http503"
  | "http429"
  | "dropConnection"
  | "truncateBody"
  | "slowAnswer"

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
export type Fault = TransientFault | "nonJsonBody" | "hang" | "stallBody"

/**
 * An answer of your own, given in place of the API's to a request scripted with
 * {@link Service.injectAnswers}: to meet a status, header or body the API would not send,
 * or not send now. Headers are lower-case; `body` defaults to empty.
 *
 * @since 0.1.0
 * @category faults
 */
export interface Answer {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly body?: string | undefined
}

/**
 * An {@link Answer} whose body is `value` as JSON, with `content-type: application/json`.
 *
 * @since 0.1.0
 * @category faults
 */
export const jsonAnswer = (status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): Answer => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(value)
})

/**
 * The transient faults drawn by default: every one except `slowAnswer`, which needs the
 * client's `requestTimeout` set below {@link FaultOptions.slowAnswerMs}.
 *
 * @since 0.1.0
 * @category faults
 */
export const defaultTransientFaults: ReadonlyArray<TransientFault> = internal.defaultTransientFaults

/**
 * The random fault profile. Each request draws, in arrival order from `seed`: `hang` with
 * `hangRate`, else a transient fault with `transientRate` (uniformly among
 * `transientFaults`), else `nonJsonBody` with `nonJsonRate`; and its added latency.
 *
 * @since 0.1.0
 * @category faults
 */
export interface FaultOptions {
  /** Default 0. The same seed and the same sequence of requests give the same faults. */
  readonly seed?: number | undefined
  /** Share of requests, 0 to 1, that get a transient fault. Default 0. */
  readonly transientRate?: number | undefined
  /** Which transient faults are drawn. Default {@link defaultTransientFaults}. */
  readonly transientFaults?: ReadonlyArray<TransientFault> | undefined
  /** Share of requests that get a complete 200 answer whose body is not JSON. Default 0. */
  readonly nonJsonRate?: number | undefined
  /** Share of requests that are accepted and never answered. Default 0. */
  readonly hangRate?: number | undefined
  /** Latency added to every answer: a fixed number of milliseconds, or a range drawn per request. Default 0. */
  readonly latencyMs?: number | { readonly min: number; readonly max: number } | undefined
  /** The `Retry-After` of injected 429 answers, in seconds. Default 1. */
  readonly retryAfterSeconds?: number | undefined
  /** How long a `slowAnswer` takes. Default 2000 ms. */
  readonly slowAnswerMs?: number | undefined
}

// ---------------------------------------------------------------------------------------------
// Misbehaviour
// ---------------------------------------------------------------------------------------------

/**
 * How the server lies, as real servers, proxies, caches and gateways do: to test a client
 * against them. Unlike faults, a misbehaviour applies to every request while it is in force,
 * and depends only on the request, so every listing meets the same server.
 *
 * @since 0.1.0
 * @category misbehaviour
 */
export interface Misbehaviour {
  /**
   * The most credentials a page of `GET /byok` holds, whatever `limit` asks: one number for
   * every page, or one per page from the offset it was asked at (0 gives an empty page).
   */
  readonly pageSize?: number | ((offset: number) => number) | undefined
  /**
   * The `total_count` sent instead of the true one: a number, or any JSON value computed
   * from the true count and the page's offset (`-5`, `1.5`, `"10"`, `null`...).
   */
  readonly totalCount?: number | ((trueCount: number, offset: number) => unknown) | undefined
  /** Every page is the page at offset 0, whatever `offset` says (a cache keyed without the query). */
  readonly ignoreOffset?: boolean | undefined
  /**
   * Error answers in the API's JSON quote the request they answer, as debug endpoints and
   * some proxies do: method, URL, `Authorization` header and body in `error.message`, and the
   * same in `error.metadata.request`.
   */
  readonly echoRequest?: boolean | undefined
  /**
   * Replaces the body of answers: given the status and the body the server would send, the
   * text or bytes to send instead (still as `application/json`), or `undefined` to keep it.
   * For absurd bodies: deep nesting, huge arrays or strings, invalid UTF-8.
   */
  readonly body?:
    | ((answer: { readonly status: number; readonly body: string }) => string | Uint8Array | undefined)
    | undefined
  /** Answers every request with this redirect instead. */
  readonly redirect?: { readonly status: 301 | 302 | 303 | 307 | 308; readonly location: string } | undefined
}

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
export interface LoggedRequest {
  /** 1 for the first request the server received, then 2, ... */
  readonly sequence: number
  readonly method: string
  /** The path as sent (percent-encoded), without the query, e.g. `/api/v1/byok`. */
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly authorization: "management" | "non-management" | "invalid" | "missing"
  /**
   * The request's headers as received (lower-case names), except those that may carry a
   * credential: `authorization` (its kind is above), `proxy-authorization`, `cookie`, and any
   * whose name says key, token, secret, session, auth, cookie or password (`x-api-key`...).
   */
  readonly headers: Readonly<Record<string, string>>
  /** The fault the request got, if any. */
  readonly fault?: Fault
  /** The status the server sent, if it sent one. */
  readonly status: number | undefined
  /** Whether the exchange is over (answered, cut or abandoned). */
  readonly completed: boolean
  /** The client closed the connection before the answer was complete (it gave up, or was interrupted). */
  readonly clientClosedEarly: boolean
}

/**
 * Totals over the request log.
 *
 * @since 0.1.0
 * @category models
 */
export interface Counters {
  readonly requests: number
  /** By status sent, e.g. `{ "200": 12, "503": 2 }`. */
  readonly byStatus: Readonly<Record<string, number>>
  readonly byFault: Readonly<Partial<Record<Fault, number>>>
  /** Completed exchanges that got no status at all. */
  readonly unanswered: number
  readonly clientClosedEarly: number
}

/**
 * A request as one line, e.g. `#3 GET /api/v1/byok?offset=0&limit=100 -> 503 [http503]`.
 *
 * @since 0.1.0
 * @category models
 */
export const formatRequest: (request: LoggedRequest) => string = internal.formatRequest

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
 * The service tag of a running mock server, for programs that take it from the context.
 *
 * @since 0.1.0
 * @category tags
 */
export class MockServer extends Context.Tag("effect-openrouter-byok/testing/MockServer")<MockServer, Service>() {}

/**
 * The management key the server accepts unless told otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultApiKey: string = internal.defaultApiKey

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
 * Starts a server; it stops, cutting any open connection, when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options?: Options) => Effect.Effect<Service, ServeError.ServeError, Scope.Scope> = (options = {}) =>
  internal.make(options)

/**
 * A server for the lifetime of the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: Options): Layer.Layer<MockServer, ServeError.ServeError> =>
  Layer.scoped(MockServer, make(options))

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
  Layer.unwrapEffect(
    Effect.map(MockServer, (server) =>
      OpenRouterByok.layer({ ...options, apiKey: options?.apiKey ?? server.apiKey, apiUrl: server.url }))
  )

/**
 * The requests the server in the context has received.
 *
 * @since 0.1.0
 * @category accessors
 */
export const requests: Effect.Effect<ReadonlyArray<LoggedRequest>, never, MockServer> = Effect.flatMap(
  MockServer,
  (server) => server.requests
)

/**
 * The counters of the server in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const counters: Effect.Effect<Counters, never, MockServer> = Effect.flatMap(
  MockServer,
  (server) => server.counters
)

/**
 * Waits until `predicate` holds for the request log of the server in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const awaitRequests = (
  predicate: (requests: ReadonlyArray<LoggedRequest>) => boolean
): Effect.Effect<ReadonlyArray<LoggedRequest>, never, MockServer> =>
  Effect.flatMap(MockServer, (server) => server.awaitRequests(predicate))

/**
 * Gives the next requests of the server in the context these faults.
 *
 * @since 0.1.0
 * @category accessors
 */
export const injectFaults = (faults: ReadonlyArray<Fault | "none">): Effect.Effect<void, never, MockServer> =>
  Effect.flatMap(MockServer, (server) => server.injectFaults(faults))

/**
 * Gives the next requests of the server in the context these answers in place of the API's.
 *
 * @since 0.1.0
 * @category accessors
 */
export const injectAnswers = (
  answers: ReadonlyArray<Answer | Fault | "none">
): Effect.Effect<void, never, MockServer> => Effect.flatMap(MockServer, (server) => server.injectAnswers(answers))

/**
 * Replaces the misbehaviour of the server in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const misbehave = (misbehaviour: Misbehaviour): Effect.Effect<void, never, MockServer> =>
  Effect.flatMap(MockServer, (server) => server.misbehave(misbehaviour))

/**
 * Replaces the random fault profile of the server in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const setFaults = (faults: FaultOptions): Effect.Effect<void, never, MockServer> =>
  Effect.flatMap(MockServer, (server) => server.setFaults(faults))
