/**
 * The OpenRouter BYOK client: an Effect service to list, get, create, update and delete
 * bring-your-own-key provider credentials with a management key.
 *
 * @since 0.1.0
 */
import type * as Config from "effect/Config"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type { ByokKey, ByokKeyPage, CreateByokKeyInput, ListParams, UpdateByokKeyPatch } from "./ByokKey.js"
import * as internal from "./internal/openRouterByok.js"
import type { ErrorOf } from "./internal/operation.js"
import type * as Operations from "./internal/operations.js"
import type {
  DecodeError,
  InconsistentPagination,
  InvalidRequest,
  OpenRouterByokError,
  TransportError
} from "./OpenRouterByokError.js"

/**
 * The errors every operation can fail with, besides those of its documented statuses.
 *
 * @since 0.1.0
 * @category errors
 */
export type CommonError = InvalidRequest | TransportError | DecodeError

/**
 * `list` / `listItems`: `BadRequest` (e.g. a deleted default workspace), `Unauthorized`,
 * `Forbidden`, `RateLimited`, `InternalServer`, `UnexpectedStatus`, `InconsistentPagination`
 * (a server that ignores `offset`), and the common errors.
 *
 * @since 0.1.0
 * @category errors
 */
export type ListError = ErrorOf<typeof Operations.list> | InconsistentPagination

/**
 * `get`: `Unauthorized`, `Forbidden`, `NotFound`, `RateLimited`, `InternalServer`,
 * `UnexpectedStatus`, and the common errors.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetError = ErrorOf<typeof Operations.get>

/**
 * `create`: `BadRequest`, `Unauthorized`, `Forbidden`, `RateLimited`, `InternalServer`,
 * `UnexpectedStatus`, and the common errors.
 *
 * @since 0.1.0
 * @category errors
 */
export type CreateError = ErrorOf<typeof Operations.create>

/**
 * `update`: `BadRequest`, `Unauthorized`, `Forbidden`, `NotFound`, `RateLimited`,
 * `InternalServer`, `UnexpectedStatus`, and the common errors.
 *
 * @since 0.1.0
 * @category errors
 */
export type UpdateError = ErrorOf<typeof Operations.update>

/**
 * `delete`: `Unauthorized`, `Forbidden`, `NotFound`, `RateLimited`, `InternalServer`,
 * `UnexpectedStatus`, and the common errors.
 *
 * @since 0.1.0
 * @category errors
 */
export type DeleteError = ErrorOf<typeof Operations.del>

/**
 * The operations of the BYOK API.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * The credentials as a lazy stream of pages (`GET /byok`): nothing is sent until the stream
   * is pulled, one request per page, exactly ceil(total / limit) requests (one when there is none). Interrupting the
   * stream aborts the request in flight. A retry repeats only the page that failed.
   */
  readonly list: (params?: ListParams) => Stream.Stream<ByokKeyPage, ListError>
  /** The same as `list`, one credential per element. */
  readonly listItems: (params?: ListParams) => Stream.Stream<ByokKey, ListError>
  /** One credential by id (`GET /byok/{id}`). */
  readonly get: (id: string) => Effect.Effect<ByokKey, GetError>
  /**
   * Creates a credential (`POST /byok`). Not idempotent: retried only where the request
   * certainly did not take effect (429, or a connection that was never established).
   */
  readonly create: (input: CreateByokKeyInput) => Effect.Effect<ByokKey, CreateError>
  /**
   * Updates a credential (`PATCH /byok/{id}`): absent fields stay as they are, `null` clears
   * an allowlist, `key` rotates the provider key in place.
   */
  readonly update: (id: string, patch: UpdateByokKeyPatch) => Effect.Effect<ByokKey, UpdateError>
  /**
   * Deletes a credential (`DELETE /byok/{id}`). A retry after an ambiguous failure (the first
   * attempt may have deleted it) that then gets 404 counts as done, not as `NotFound`.
   */
  readonly delete: (id: string) => Effect.Effect<void, DeleteError>
}

/**
 * The service key: `yield* OpenRouterByok` gives the {@link Service}.
 *
 * @since 0.1.0
 * @category services
 */
export class OpenRouterByok
  extends Context.Service<OpenRouterByok, Service>()("effect4-openrouter-byok/OpenRouterByok")
{}

/**
 * Options of {@link make} and {@link layer}: the management key, the endpoint, attribution
 * headers, retry timing, the per-attempt timeout and HttpClient middleware.
 *
 * @since 0.1.0
 * @category options
 */
export interface Options {
  /** A management API key. */
  readonly apiKey: Redacted.Redacted<string>
  /** Default `https://openrouter.ai/api/v1`. Plain `http://` is refused unless the host is loopback. */
  readonly apiUrl?: string | undefined
  /** Sent as `HTTP-Referer`: your app's URL, for OpenRouter's attribution. */
  readonly httpReferer?: string | undefined
  /** Sent as `X-OpenRouter-Title`. */
  readonly appTitle?: string | undefined
  /** Sent as `X-OpenRouter-Categories` (comma-separated). */
  readonly appCategories?: string | undefined
  /**
   * Replaces the default retry timing (exponential backoff from 250 ms with jitter, at most 4
   * retries). `Schedule.recurs(0)` turns retries off. Whatever the schedule, only transient
   * failures are retried and a `Retry-After` sets the least wait.
   */
  readonly retrySchedule?: Schedule.Schedule<unknown, OpenRouterByokError> | undefined
  /** Limit for each attempt, from sending to the last byte of the body. Default 30 seconds. */
  readonly requestTimeout?: Duration.Input | undefined
  /** HttpClient middleware, applied to every request after authentication headers are set. */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

/**
 * Builds the service from an `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: Options) => Effect.Effect<Service, never, HttpClient.HttpClient> = internal.make

/**
 * The service as a layer, from plain option values, on the `HttpClient` the program provides.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<OpenRouterByok, never, HttpClient.HttpClient> =>
  Layer.effect(OpenRouterByok, make(options))

/**
 * Options of {@link layerConfig}: each value read from `Config`.
 *
 * @since 0.1.0
 * @category options
 */
export interface ConfigOptions {
  /** Default: `Config.Redacted("OPENROUTER_API_KEY")`. */
  readonly apiKey?: Config.Config<Redacted.Redacted<string>> | undefined
  /** Default: the optional `OPENROUTER_API_URL` (empty counts as unset). An insecure URL is a `ConfigError`. */
  readonly apiUrl?: Config.Config<string | undefined> | undefined
  readonly httpReferer?: Config.Config<string | undefined> | undefined
  readonly appTitle?: Config.Config<string | undefined> | undefined
  readonly appCategories?: Config.Config<string | undefined> | undefined
  readonly requestTimeout?: Config.Config<Duration.Duration | undefined> | undefined
  readonly retrySchedule?: Schedule.Schedule<unknown, OpenRouterByokError> | undefined
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

/**
 * The layer, configured from `Config` (by default the `OPENROUTER_API_KEY` and optional
 * `OPENROUTER_API_URL` environment variables). An insecure `apiUrl` fails here, with a
 * `ConfigError`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options?: ConfigOptions
): Layer.Layer<OpenRouterByok, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(OpenRouterByok, Effect.flatMap(internal.optionsFromConfig(options), make))

/**
 * `list` of the service in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (params?: ListParams): Stream.Stream<ByokKeyPage, ListError, OpenRouterByok> =>
  Stream.unwrap(OpenRouterByok.useSync((byok) => byok.list(params)))

/**
 * `listItems` of the service in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const listItems = (params?: ListParams): Stream.Stream<ByokKey, ListError, OpenRouterByok> =>
  Stream.unwrap(OpenRouterByok.useSync((byok) => byok.listItems(params)))

/**
 * `get` of the service in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const get = (id: string): Effect.Effect<ByokKey, GetError, OpenRouterByok> =>
  OpenRouterByok.use((byok) => byok.get(id))

/**
 * `create` of the service in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (input: CreateByokKeyInput): Effect.Effect<ByokKey, CreateError, OpenRouterByok> =>
  OpenRouterByok.use((byok) => byok.create(input))

/**
 * `update` of the service in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const update = (id: string, patch: UpdateByokKeyPatch): Effect.Effect<ByokKey, UpdateError, OpenRouterByok> =>
  OpenRouterByok.use((byok) => byok.update(id, patch))

/**
 * `delete` of the service in the context (`delete` is a reserved word, hence the name).
 *
 * @since 0.1.0
 * @category accessors
 */
export const del = (id: string): Effect.Effect<void, DeleteError, OpenRouterByok> =>
  OpenRouterByok.use((byok) => byok.delete(id))

export {
  /**
   * `delete` of the service in the context.
   *
   * @since 0.1.0
   * @category accessors
   */
  del as delete
}
