import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { ApiErrorResponse } from "../ByokKey.js"
import {
  DecodeError,
  type DocumentedStatus,
  fromStatus,
  type StatusErrorOf,
  TransportError,
  type TransportFailure
} from "../OpenRouterByokError.js"
import { makeDecoder } from "./jsonDecoder.js"
import { openParcel, type Parcel, parcel } from "./parcel.js"
import { firstIssue } from "./parseIssue.js"
import { secretsOf } from "./redaction.js"
import { isRedirect, redirectOrigin } from "./redirect.js"
import { retryAfterMillis } from "./retryPolicy.js"
import { keptFromServer } from "./serverText.js"

/**
 * What one operation's answers look like: how to decode its success body (compiled once) and
 * which error statuses it documents.
 *
 * @internal
 */
export interface Answer<A, S extends DocumentedStatus> {
  readonly decode: (body: unknown) => Either.Either<A, ParseResult.ParseError>
  readonly documented: ReadonlySet<S>
}

/** @internal */
export const answer = <A, I, S extends DocumentedStatus>(
  schema: Schema.Schema<A, I>,
  documented: ReadonlyArray<S>
): Answer<A, S> => ({
  // Schema's decoding, with a fast path generated from the same Schema (see jsonDecoder.ts).
  decode: makeDecoder(schema),
  documented: new Set(documented)
})

/** @internal */
export type ExchangeError<S extends DocumentedStatus> = StatusErrorOf<S> | TransportError | DecodeError

/** `METHOD url`, how errors name a request (no headers, so no secret). */
export const describeRequest = (request: HttpClientRequest.HttpClientRequest): string => {
  const query = request.urlParams.length === 0
    ? ""
    : "?" + new URLSearchParams(request.urlParams as Array<[string, string]>).toString()
  return `${request.method} ${request.url}${query}`
}

/**
 * One attempt: send the request, read the whole body, and turn it into the decoded value or
 * a typed error. Bounded by `timeout`.
 *
 * @internal
 */
export const exchange = <A, S extends DocumentedStatus>(
  client: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  answer: Answer<A, S>,
  timeout: Duration.Duration
): Effect.Effect<A, ExchangeError<S>> => {
  const label = describeRequest(request)
  return client.execute(request).pipe(
    Effect.catchAll((error) => Effect.fail(transportError(label, error))),
    Effect.flatMap((response) => readAnswer(response, label, answer)),
    withAttemptTimeout(timeout, () =>
      new TransportError({
        reason: "Timeout",
        request: label,
        description: `no complete answer within ${Duration.format(timeout)}`
      })),
    // Servers and proxies may echo the request: no error keeps the keys it carried.
    Effect.mapError((error) => keptFromServer(error, secretsOf(request)))
  )
}

/**
 * `Effect.timeoutFail` for one attempt, at the cost of one fiber instead of three (see
 * docs/PERFORMANCE.md). The attempt runs in a child fiber, which the caller awaits through a
 * callback; the deadline is a timer on the `Clock` (so `TestClock` drives it). When the attempt
 * ends first, the timer is cancelled; when the timer fires first, the attempt is interrupted
 * and awaited, so its connection is closed before the error is returned; when the caller is
 * interrupted, so is the attempt, awaited too.
 *
 * The attempt's fiber ends with its `Exit` in a parcel that the caller opens: it never fails
 * (so no failure is logged as unhandled), and once finished it keeps no answer alive.
 */
const withAttemptTimeout =
  <E2>(duration: Duration.Duration, onTimeout: () => E2) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | E2, R> =>
    !Duration.isFinite(duration) ?
      self :
      Effect.clockWith((clock) =>
        Effect.uninterruptibleMask((restore) =>
          Effect.flatMap(Effect.fork(Effect.map(Effect.exit(restore(self)), parcel)), (attempt) =>
            restore(Effect.async<A, E | E2>((resume) => {
              let settled = false
              const onAttemptDone = (exit: Exit.Exit<Parcel<Exit.Exit<A, E>>>) => {
                if (settled) {
                  return
                }
                settled = true
                cancelTimer()
                // Only an interruption fails the fiber itself.
                resume(Exit.isSuccess(exit) ? openParcel(exit.value) : Exit.failCause(exit.cause))
              }
              const cancelTimer = scheduleOn(clock, duration, () => {
                if (settled) {
                  return
                }
                settled = true
                attempt.removeObserver(onAttemptDone)
                attempt.unsafeInterruptAsFork(FiberId.none)
                attempt.addObserver(() =>
                  resume(Effect.fail(onTimeout()))
                )
              })
              attempt.addObserver(onAttemptDone)
              // The caller is interrupted.
              return Effect.suspend(() => {
                settled = true
                cancelTimer()
                return Fiber.interrupt(attempt)
              })
            })))
        )
      )

/** The clock every program has unless it provides another one (a `TestClock`, say). */
const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)

/**
 * Calls `task` once `duration` has passed on `clock`, unless the returned function is called
 * first. On the live clock that is a plain timer; any other clock (a `TestClock`) only offers
 * `sleep`, an effect, so a detached fiber sleeps on it.
 */
const scheduleOn = (clock: Clock.Clock, duration: Duration.Duration, task: () => void): () => void => {
  if (clock === liveClock) {
    const timer = setTimeout(task, Math.min(Duration.toMillis(duration), maxTimerMillis))
    return () => clearTimeout(timer)
  }
  const sleeper = Effect.runFork(clock.sleep(duration), { immediate: true })
  sleeper.addObserver((exit) => {
    if (Exit.isSuccess(exit)) task()
  })
  return () => sleeper.unsafeInterruptAsFork(FiberId.none)
}

/** The longest delay `setTimeout` takes (about 24.8 days); a longer one would fire at once. */
const maxTimerMillis = 2 ** 31 - 1

const readAnswer = <A, S extends DocumentedStatus>(
  response: HttpClientResponse.HttpClientResponse,
  label: string,
  answer: Answer<A, S>
): Effect.Effect<A, ExchangeError<S>> =>
  Effect.flatMap(
    // A body that cannot be read to its end was cut off in transit: a transport fault, not a decoding one.
    Effect.mapError(response.text, (error) => transportError(label, error, "BodyIncomplete")),
    (text): Effect.Effect<A, ExchangeError<S>> => {
      const status = response.status
      if (status >= 200 && status < 300) {
        const json = parseJson(text)
        if (Either.isLeft(json)) {
          return Effect.fail(new DecodeError({ request: label, status, path: "", reason: json.left }))
        }
        const decoded = answer.decode(json.right)
        return Either.isRight(decoded)
          ? Effect.succeed(decoded.right)
          : Effect.fail(decodeError(label, status, decoded.left))
      }
      return Effect.flatMap(retryAfterMillis(response.headers), (retryAfter) => {
        const detail = errorDetail(text)
        return Effect.fail(fromStatus(answer.documented, {
          status,
          request: label,
          ...(detail?.code === undefined ? {} : { code: detail.code }),
          ...(detail?.message === undefined ? {} : { serverMessage: detail.message }),
          ...(detail?.metadata == null ? {} : { metadata: detail.metadata }),
          ...(retryAfter === undefined ? {} : { retryAfterMillis: retryAfter }),
          ...(isRedirect(status) ? redirectField(response) : {})
        }))
      })
    }
  )

const parseJson = (text: string): Either.Either<unknown, string> => {
  try {
    return Either.right(JSON.parse(text))
  } catch (error) {
    return Either.left(`the body is not JSON (${(error as Error).message})`)
  }
}

const decodeErrorBody = Schema.decodeUnknownEither(ApiErrorResponse)

/** The documented `error` object of a non-2xx body; anything else (an HTML page from a proxy) is ignored. */
const errorDetail = (text: string) => {
  const json = parseJson(text)
  if (Either.isLeft(json)) return undefined
  const body = decodeErrorBody(json.right)
  return Either.isRight(body) ? body.right.error : undefined
}

const redirectField = (response: HttpClientResponse.HttpClientResponse) => {
  const location = redirectOrigin(response.headers["location"], response.request.url)
  return location === undefined ? {} : { location }
}

/** @internal */
export const decodeError = (request: string, status: number, error: ParseResult.ParseError): DecodeError => {
  const issue = firstIssue(error)
  return new DecodeError({ request, status, path: issue.path, reason: issue.message })
}

/** Error codes that mean the connection was never established, so nothing was sent. */
const notConnectedCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"])

/** The `code`s and messages along an error's cause chain (fetch wraps the socket error in `cause`). */
const causeChain = (error: unknown): Array<{ readonly code?: string; readonly message?: string }> => {
  const chain: Array<{ code?: string; message?: string }> = []
  let current: unknown = error
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const { code, message, errors } = current as { code?: unknown; message?: unknown; errors?: unknown }
    chain.push({
      ...(typeof code === "string" ? { code } : {}),
      ...(typeof message === "string" ? { message } : {})
    })
    // An AggregateError (one per address tried) counts as not connected only if every attempt was.
    if (Array.isArray(errors) && errors.length > 0) {
      const codes = errors.map((e) => (e as { code?: unknown })?.code)
      if (codes.every((c) => typeof c === "string" && notConnectedCodes.has(c))) {
        chain.push({ code: codes[0] as string })
      }
    }
    current = (current as { cause?: unknown }).cause
  }
  return chain
}

/**
 * Maps what the HTTP stack failed with to a `TransportError`, keeping only codes and messages
 * (never the request, whose headers hold the API key).
 *
 * @internal
 */
export const transportError = (
  label: string,
  error: HttpClientError.HttpClientError | unknown,
  reason?: TransportFailure
): TransportError => {
  const chain = causeChain(error).slice(1)
  const refused = chain.some((link) => link.code !== undefined && notConnectedCodes.has(link.code))
  const description = chain
    .map((link) => link.code ?? link.message)
    .filter((part): part is string => part !== undefined && part !== "")
    .join(": ")
  return new TransportError({
    reason: reason ?? (refused ? "ConnectionRefused" : "ConnectionLost"),
    request: label,
    ...(description === "" ? {} : { description })
  })
}
