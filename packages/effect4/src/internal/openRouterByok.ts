import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as Option from "effect/Option"
import type * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import { defaultRequestTimeoutMillis, type DocumentedStatus, secretsOf, validateApiUrl } from "openrouter-byok-core"
import type { CreateByokKeyInput, ListParams, UpdateByokKeyPatch } from "../ByokKey.js"
import type * as Api from "../OpenRouterByok.js"
import { InvalidRequest, type OpenRouterByokError } from "../OpenRouterByokError.js"
import * as Arguments from "./arguments.js"
import { withAttemptTimeout } from "./attemptTimeout.js"
import type { ErrorOf, Operation } from "./operation.js"
import * as Operations from "./operations.js"
import { listPages, serviceFrom } from "./pagination.js"
import { neverFollowRedirects } from "./redirectPolicy.js"
import { describeRequest, makeRequestBuilder } from "./request.js"
import { readAnswer } from "./response.js"
import { defaultRetrySchedule, retrying } from "./retryPolicy.js"
import { keptFromServer } from "./serverText.js"
import { transportError } from "./transport.js"

/** @internal */
export const defaultRequestTimeout = Duration.millis(defaultRequestTimeoutMillis)

/** @internal */
export const make = (options: Api.Options): Effect.Effect<Api.Service, never, HttpClient.HttpClient> =>
  HttpClient.HttpClient.useSync((httpClient) => makeService(httpClient, options))

const makeService = (httpClient: HttpClient.HttpClient, options: Api.Options): Api.Service => {
  const safeClient = neverFollowRedirects(httpClient)
  const client = options.transformClient === undefined ? safeClient : options.transformClient(safeClient)
  const buildRequest = makeRequestBuilder(options)
  // A timeout no attempt can meet, or no duration at all, makes every operation impossible.
  const timeout = Option.filter(
    Duration.fromInput(options.requestTimeout ?? defaultRequestTimeout),
    (duration) => Duration.isGreaterThan(duration, Duration.zero)
  )
  const timing: Schedule.Schedule<unknown, OpenRouterByokError> = options.retrySchedule ?? defaultRetrySchedule

  /** An operation, start to end: its request built once, then each attempt bounded and retried by its rule. */
  const send = <Args, Body, A, S extends DocumentedStatus>(
    operation: Operation<Args, Body, A, S>,
    args: Args,
    ...body: [Body] extends [never] ? [] : [Body]
  ): Effect.Effect<A, ErrorOf<typeof operation>> => {
    if (Option.isNone(timeout)) {
      return Effect.fail(
        new InvalidRequest({ operation: operation.name, reason: "requestTimeout must be a positive duration" })
      )
    }
    return Effect.flatMap(buildRequest(operation, args, ...body), (request) => {
      const label = describeRequest(request)
      const attempt = client.execute(request).pipe(
        Effect.mapError((error) => transportError(label, error)),
        Effect.flatMap((response) => readAnswer(response, label, operation)),
        withAttemptTimeout(timeout.value, label),
        // Servers and proxies may echo the request: no error keeps the keys it carried.
        Effect.mapError((error) => keptFromServer(error, secretsOf(request)))
      )
      return retrying(attempt, operation.retry, timing, operation.gone)
    })
  }

  const fetchPage = (params: ListParams, offset: number, limit: number, listSpan: Tracer.Span) =>
    send(Operations.list, { params, offset, limit }).pipe(
      Effect.map((body) => ({ data: body.data, totalCount: body.totalCount, offset, limit })),
      // The page's HTTP spans (one per attempt) are children of the list span.
      Effect.withParentSpan(listSpan)
    )

  // The list span lives as long as the stream, and is given to each page as its parent: the
  // stream is pulled in the caller's fiber, whose current span is the caller's.
  const list = (params?: ListParams) =>
    Stream.unwrap(Effect.map(
      Effect.makeSpanScoped(Operations.list.name, { attributes: listAttributes(params) }),
      (span) => listPages(params, (valid, offset, limit) => fetchPage(valid, offset, limit, span))
    ))

  const get = Effect.fn(Operations.get.name)(function*(id: string) {
    const valid = yield* Arguments.keyId(Operations.get.name, id)
    yield* Effect.annotateCurrentSpan("byok.id", valid)
    return (yield* send(Operations.get, valid)).data
  })

  const create = Effect.fn(Operations.create.name)(function*(input: CreateByokKeyInput) {
    yield* Arguments.providerKey(Operations.create.name, input, true)
    yield* Effect.annotateCurrentSpan("byok.provider", input?.provider)
    return (yield* send(Operations.create, undefined, input)).data
  })

  const update = Effect.fn(Operations.update.name)(function*(id: string, patch: UpdateByokKeyPatch) {
    const valid = yield* Arguments.keyId(Operations.update.name, id)
    yield* Arguments.providerKey(Operations.update.name, patch, false)
    yield* Effect.annotateCurrentSpan({ "byok.id": valid, "byok.rotatesKey": patch?.key !== undefined })
    return (yield* send(Operations.update, valid, patch)).data
  })

  const del = Effect.fn(Operations.del.name)(function*(id: string) {
    const valid = yield* Arguments.keyId(Operations.del.name, id)
    yield* Effect.annotateCurrentSpan("byok.id", valid)
    yield* send(Operations.del, valid)
  })

  return serviceFrom({ list, get, create, update, delete: del })
}

const listAttributes = (params: ListParams | undefined): Record<string, unknown> => ({
  ...(params?.workspaceId === undefined ? {} : { "byok.workspaceId": params.workspaceId }),
  ...(params?.provider === undefined ? {} : { "byok.provider": params.provider }),
  ...(params?.limit === undefined ? {} : { "byok.limit": params.limit }),
  ...(params?.concurrency === undefined ? {} : { "byok.concurrency": params.concurrency })
})

const isBlank = (text: string) => text.trim() === ""

const secureUrl = (acceptBlank: boolean) =>
  Schema.String.check(Schema.makeFilter((url: string) => (acceptBlank && isBlank(url)) || validateApiUrl(url).ok, {
    message: "must be an https:// URL (plain http:// only to a loopback host)"
  }))

const decodeSecureUrl = Schema.decodeUnknownEffect(secureUrl(false))

/** A custom `apiUrl` Config, refused as the default one is when insecure. */
const checkedApiUrl = (config: Config.Config<string | undefined>) =>
  Config.mapEffect(config, (url) =>
    url === undefined
      ? Effect.succeed(undefined)
      : Effect.mapError(decodeSecureUrl(url), (error) => new Config.ConfigError(error)))

/**
 * The optional `OPENROUTER_API_URL`, checked where the error still names it. Empty or blank
 * (`OPENROUTER_API_URL=` in an env file) counts as unset.
 */
const defaultApiUrlConfig: Config.Config<string | undefined> = Config.option(
  Config.schema(secureUrl(true), "OPENROUTER_API_URL")
).pipe(Config.map((url) => Option.isSome(url) && !isBlank(url.value) ? url.value : undefined))

const optional = <A>(config: Config.Config<A | undefined> | undefined) =>
  config ?? Config.succeed<A | undefined>(undefined)

/** @internal */
export const optionsFromConfig = (options: Api.ConfigOptions = {}) =>
  Effect.gen(function*() {
    const apiKey = yield* (options.apiKey ?? Config.Redacted("OPENROUTER_API_KEY"))
    const apiUrl = yield* (options.apiUrl === undefined ? defaultApiUrlConfig : checkedApiUrl(options.apiUrl))
    const httpReferer = yield* optional(options.httpReferer)
    const appTitle = yield* optional(options.appTitle)
    const appCategories = yield* optional(options.appCategories)
    const requestTimeout = yield* optional(options.requestTimeout)
    const result: Api.Options = {
      apiKey,
      apiUrl,
      httpReferer,
      appTitle,
      appCategories,
      requestTimeout,
      retrySchedule: options.retrySchedule,
      transformClient: options.transformClient
    }
    return result
  })
