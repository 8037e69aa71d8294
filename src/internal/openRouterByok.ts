import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import {
  ByokKeyResponse,
  type CreateByokKeyInput,
  DeleteByokKeyResponse,
  ListByokKeysResponse,
  type ListParams,
  type UpdateByokKeyPatch
} from "../ByokKey.js"
import type * as Api from "../OpenRouterByok.js"
import {
  certainlyNotApplied,
  type DocumentedStatus,
  InvalidRequest,
  isTransient,
  type OpenRouterByokError
} from "../OpenRouterByokError.js"
import { defaultApiUrl, validateApiUrl } from "./apiUrl.js"
import * as Arguments from "./arguments.js"
import { type Answer, answer, exchange, type ExchangeError } from "./exchange.js"
import { listPages, serviceFrom } from "./pagination.js"
import { neverFollowRedirects } from "./redirectPolicy.js"
import { defaultRetrySchedule, retryOnFailure, retryPolicy } from "./retryPolicy.js"

/** @internal */
export const defaultRequestTimeout = Duration.seconds(30)

// Each operation's answer: its success body and the error statuses it documents, compiled once.
const listAnswer = answer(ListByokKeysResponse, [400, 401, 403, 429, 500])
const getAnswer = answer(ByokKeyResponse, [401, 403, 404, 429, 500])
const createAnswer = answer(ByokKeyResponse, [400, 401, 403, 429, 500])
const updateAnswer = answer(ByokKeyResponse, [400, 401, 403, 404, 429, 500])
const deleteAnswer = answer(DeleteByokKeyResponse, [401, 403, 404, 429, 500])

const byokPath = (id: string) => `/byok/${encodeURIComponent(id)}`

/** @internal */
export const make = (options: Api.Options): Effect.Effect<Api.Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (httpClient) => makeService(httpClient, options))

/** What an HTTP header value may hold (as node:http checks it): no line break or other control character. */
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/

/**
 * The first option sent as a header that HTTP cannot carry, if any. Caught here because the
 * HTTP stacks fail late and badly on it: fetch quotes the value (the API key) in its error,
 * node:http throws (a defect).
 */
const unsendableHeaderOption = (options: Api.Options): string | undefined => {
  const apiKey: unknown = options.apiKey
  const values = {
    apiKey: Redacted.isRedacted(apiKey) ? Redacted.value(apiKey) : String(apiKey),
    httpReferer: options.httpReferer,
    appTitle: options.appTitle,
    appCategories: options.appCategories
  }
  return Object.entries(values).find(([, value]) => value !== undefined && !headerValue.test(String(value)))?.[0]
}

const makeService = (httpClient: HttpClient.HttpClient, options: Api.Options): Api.Service => {
  const unsendable = unsendableHeaderOption(options)
  // Why no request can be sent with these options (never quoting a value), or the base URL.
  const apiUrl = unsendable === undefined
    ? validateApiUrl(options.apiUrl ?? defaultApiUrl)
    : Either.left(`${unsendable} contains a line break or another character an HTTP header cannot carry`)
  const timeout = Duration.decode(options.requestTimeout ?? defaultRequestTimeout)
  const timing: Schedule.Schedule<unknown, OpenRouterByokError> = options.retrySchedule ?? defaultRetrySchedule
  const retryTransient = retryOnFailure(retryPolicy(timing, isTransient))
  const retryNotApplied = retryOnFailure(retryPolicy(timing, certainlyNotApplied))

  const appHeaders: Record<string, string> = {
    accept: "application/json",
    ...(options.httpReferer === undefined ? {} : { "HTTP-Referer": options.httpReferer }),
    ...(options.appTitle === undefined ? {} : { "X-OpenRouter-Title": options.appTitle }),
    ...(options.appCategories === undefined ? {} : { "X-OpenRouter-Categories": options.appCategories })
  }
  const client = options.transformClient === undefined
    ? neverFollowRedirects(httpClient)
    : options.transformClient(neverFollowRedirects(httpClient))
  // Every request starts as this one: authenticated and with the app headers, built once
  // instead of once per attempt (a request is immutable; each change copies it).
  const baseRequest = HttpClientRequest.get("").pipe(
    HttpClientRequest.bearerToken(options.apiKey),
    HttpClientRequest.setHeaders(appHeaders)
  )
  const baseUrl = Either.getOrElse(apiUrl, () => "")
  const request = (method: "GET" | "POST" | "PATCH" | "DELETE", path: string, urlParams?: UrlParams.Input) =>
    HttpClientRequest.modify(baseRequest, {
      method,
      url: baseUrl + path,
      ...(urlParams === undefined ? {} : { urlParams })
    })

  /** One attempt of an operation, refused before sending when the options make every request impossible. */
  const attempt = <A, S extends DocumentedStatus>(
    operation: string,
    request: HttpClientRequest.HttpClientRequest,
    answer: Answer<A, S>
  ): Effect.Effect<A, ExchangeError<S> | InvalidRequest> =>
    Either.isLeft(apiUrl)
      ? Effect.fail(new InvalidRequest({ operation, reason: apiUrl.left }))
      : exchange(client, request, answer, timeout)

  const fetchPage = (params: ListParams, offset: number, limit: number, listSpan: Tracer.Span) =>
    attempt(
      "OpenRouterByok.list",
      request("GET", "/byok", {
        offset,
        limit,
        ...(params.workspaceId === undefined ? {} : { workspace_id: params.workspaceId }),
        ...(params.provider === undefined ? {} : { provider: params.provider })
      }),
      listAnswer
    ).pipe(
      retryTransient,
      Effect.map((body) => ({ data: body.data, totalCount: body.totalCount, offset, limit })),
      // The page's HTTP spans (one per attempt, with the offset in `url.query`) are children of
      // the list span. A span of our own per page cost more than the rest of the page's work.
      Effect.withParentSpan(listSpan)
    )

  // The list span is given as the parent explicitly: the stream is consumed in the caller's
  // fiber, whose current span is the caller's, and `Stream.withSpan` would provide it to every
  // pull of the stream instead, a context copy per page for the same trace.
  const list = (params?: ListParams) =>
    Stream.unwrapScoped(Effect.map(
      Effect.makeSpanScoped("OpenRouterByok.list", { attributes: listAttributes(params) }),
      (span) => listPages(params, (valid, offset, limit) => fetchPage(valid, offset, limit, span))
    ))

  const get = Effect.fn("OpenRouterByok.get")(function*(id: string) {
    const valid = yield* Arguments.keyId("OpenRouterByok.get", id)
    yield* Effect.annotateCurrentSpan("byok.id", valid)
    const body = yield* attempt("OpenRouterByok.get", request("GET", byokPath(valid)), getAnswer).pipe(
      retryTransient
    )
    return body.data
  })

  const create = Effect.fn("OpenRouterByok.create")(function*(input: CreateByokKeyInput) {
    const body = yield* Arguments.createBody("OpenRouterByok.create", input)
    yield* Effect.annotateCurrentSpan("byok.provider", input.provider)
    const created = yield* attempt(
      "OpenRouterByok.create",
      request("POST", "/byok").pipe(HttpClientRequest.bodyUnsafeJson(body)),
      createAnswer
    ).pipe(retryNotApplied)
    return created.data
  })

  const update = Effect.fn("OpenRouterByok.update")(
    function*(id: string, patch: UpdateByokKeyPatch) {
      const valid = yield* Arguments.keyId("OpenRouterByok.update", id)
      const body = yield* Arguments.updateBody("OpenRouterByok.update", patch)
      yield* Effect.annotateCurrentSpan({ "byok.id": valid, "byok.rotatesKey": patch.key !== undefined })
      const updated = yield* attempt(
        "OpenRouterByok.update",
        request("PATCH", byokPath(valid)).pipe(HttpClientRequest.bodyUnsafeJson(body)),
        updateAnswer
      ).pipe(retryTransient)
      return updated.data
    }
  )

  const del = Effect.fn("OpenRouterByok.delete")(function*(id: string) {
    const valid = yield* Arguments.keyId("OpenRouterByok.delete", id)
    yield* Effect.annotateCurrentSpan("byok.id", valid)
    // After a failure that may have deleted the credential (a 5xx, a lost connection), a later 404 means done.
    let mayHaveDeleted = false
    yield* attempt("OpenRouterByok.delete", request("DELETE", byokPath(valid)), deleteAnswer).pipe(
      Effect.tapError((error) =>
        Effect.sync(() => {
          if (isTransient(error) && !certainlyNotApplied(error)) mayHaveDeleted = true
        })
      ),
      retryTransient,
      Effect.catchIf((error) => error._tag === "NotFound" && mayHaveDeleted, () => Effect.void)
    )
  })

  return serviceFrom({ list, get, create, update, delete: del })
}

const listAttributes = (params: ListParams | undefined): Record<string, unknown> => ({
  ...(params?.workspaceId === undefined ? {} : { "byok.workspaceId": params.workspaceId }),
  ...(params?.provider === undefined ? {} : { "byok.provider": params.provider }),
  ...(params?.limit === undefined ? {} : { "byok.limit": params.limit }),
  ...(params?.concurrency === undefined ? {} : { "byok.concurrency": params.concurrency })
})

const optional = <A>(config: Config.Config<A | undefined> | undefined) =>
  config ?? Config.succeed<A | undefined>(undefined)

/** @internal */
export const optionsFromConfig = (options: Api.ConfigOptions = {}) =>
  Effect.gen(function*() {
    const apiKey = yield* (options.apiKey ?? Config.redacted("OPENROUTER_API_KEY"))
    const secureUrl = {
      message: "must be an https:// URL (plain http:// only to a loopback host)",
      validation: (url: string | undefined) => url === undefined || Either.isRight(validateApiUrl(url))
    }
    const apiUrl = yield* (options.apiUrl ?? Config.option(
      // Validated before `option` too, where the error still names OPENROUTER_API_URL.
      Config.string("OPENROUTER_API_URL").pipe(Config.validate(secureUrl))
    ).pipe(
      Config.map((url) => url._tag === "Some" ? url.value : undefined)
    )).pipe(
      Config.validate(secureUrl)
    )
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
