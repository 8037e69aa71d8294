/**
 * An `HttpClient` that answers from a script without any socket, for tests that drive the
 * `TestClock`: with no real I/O in flight, every wait of the client is a wait on the clock.
 * It speaks the `Reply` vocabulary below, plus `Refuse`.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"

/** How a scripted transport answers one request. */
export type Reply =
  /** A complete answer. */
  | {
    readonly _tag: "Answer"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
  }
  /** The connection is destroyed before any byte of an answer. */
  | { readonly _tag: "Destroy" }
  /** The status, headers and the first part of the body, then the connection is destroyed. */
  | {
    readonly _tag: "Truncate"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
    readonly declaredLength: number
  }
  /** No answer at all: the request stays open until the client gives up. */
  | { readonly _tag: "Hang" }
  /** What a browser's fetch gives for a redirect it does not follow: status 0, no headers, no body. */
  | { readonly _tag: "OpaqueRedirect" }

const jsonHeaders = { "content-type": "application/json" }

/** Constructors of {@link Reply}. */
export const Reply = {
  json: (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Reply => ({
    _tag: "Answer",
    status,
    headers: { ...jsonHeaders, ...headers },
    body: JSON.stringify(body)
  }),
  text: (status: number, body: string, headers: Readonly<Record<string, string>> = {}): Reply => ({
    _tag: "Answer",
    status,
    headers,
    body
  }),
  destroy: { _tag: "Destroy" } as Reply,
  hang: { _tag: "Hang" } as Reply,
  opaqueRedirect: { _tag: "OpaqueRedirect" } as Reply,
  /** A JSON body cut off after `keep` characters, though `Content-Length` announces all of it. */
  truncated: (status: number, body: unknown, keep: number): Reply => {
    const text = JSON.stringify(body)
    return {
      _tag: "Truncate",
      status,
      headers: jsonHeaders,
      body: text.slice(0, keep),
      declaredLength: Buffer.byteLength(text)
    }
  }
}

/** A reply of the stub: a {@link Reply}, or a connection refused before anything was sent. */
export type StubReply = Reply | { readonly _tag: "Refuse" }

export const refuse: StubReply = { _tag: "Refuse" }

/** `https://`, so the stub also stands in for the real API URL (nothing is resolved or dialled). */
export const stubApiUrl = "https://openrouter.test/api/v1"

export interface StubHttpClient {
  readonly client: HttpClient.HttpClient
  /** Every request the client executed, in order. */
  readonly requests: ReadonlyArray<HttpClientRequest.HttpClientRequest>
  /** When each request was executed, by the `Clock` (the `TestClock` in tests), in milliseconds. */
  readonly sentAt: ReadonlyArray<number>
}

/** How a socket error reaches the HTTP client: `fetch failed`, caused by an error with a `code`. */
const socketFailure = (request: HttpClientRequest.HttpClientRequest, code: string) =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.TransportError({
      request,
      cause: new TypeError("fetch failed", { cause: Object.assign(new Error(`socket: ${code}`), { code }) })
    })
  })

/** A body that breaks off after `text`, as undici reports a connection cut mid-body. */
const cutBody = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text))
      controller.error(new TypeError("terminated", { cause: { code: "UND_ERR_SOCKET" } }))
    }
  })

const respond = (
  request: HttpClientRequest.HttpClientRequest,
  reply: StubReply
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
  switch (reply._tag) {
    case "Answer":
      return Effect.succeed(HttpClientResponse.fromWeb(
        request,
        // An empty body as null: a 204 cannot have any other.
        new Response(reply.body === "" ? null : reply.body, { status: reply.status, headers: reply.headers })
      ))
    case "Truncate":
      return Effect.succeed(HttpClientResponse.fromWeb(
        request,
        new Response(cutBody(reply.body), {
          status: reply.status,
          headers: reply.headers
        })
      ))
    case "OpaqueRedirect":
      // Node's Response cannot be built with status 0, which only a browser's fetch returns.
      return Effect.succeed(HttpClientResponse.fromWeb(
        request,
        Object.defineProperties(new Response(null), { status: { value: 0 }, type: { value: "opaqueredirect" } })
      ))
    case "Destroy":
      return Effect.fail(socketFailure(request, "ECONNRESET"))
    case "Refuse":
      return Effect.fail(socketFailure(request, "ECONNREFUSED"))
    case "Hang":
      return Effect.never
  }
}

/** A query parameter of a request the stub received. */
export const queryParam = (request: HttpClientRequest.HttpClientRequest, name: string): string | undefined => {
  const value = request.urlParams.params.find(([key]) => key === name)?.[1]
  return typeof value === "string" ? value : undefined
}

/** The body of a request the stub received, as text (empty when it had none). */
export const bodyText = (request: HttpClientRequest.HttpClientRequest): string =>
  request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""

/** The body of a request the stub received, parsed as JSON (`undefined` when it had none). */
export const bodyJson = (request: HttpClientRequest.HttpClientRequest): unknown => {
  const text = bodyText(request)
  return text === "" ? undefined : JSON.parse(text)
}

/** A stub answering the nth request with `script(n)`. */
export const make = (
  script: (index: number, request: HttpClientRequest.HttpClientRequest) => StubReply
): StubHttpClient => {
  const requests: Array<HttpClientRequest.HttpClientRequest> = []
  const sentAt: Array<number> = []
  const client = HttpClient.make((request) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const index = requests.push(request) - 1
      sentAt.push(now)
      return respond(request, script(index, request))
    })
  )
  return { client, requests, sentAt }
}

/** A stub answering the nth request with the nth reply, and every later one with the last. */
export const replies = (...replies: ReadonlyArray<StubReply>): StubHttpClient =>
  make((index) => replies[Math.min(index, replies.length - 1)]!)
