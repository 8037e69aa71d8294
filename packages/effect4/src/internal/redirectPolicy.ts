import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Option from "effect/Option"

/**
 * The client with fetch told not to follow redirects (`redirect: "manual"`), as undici and
 * node:http already do not: a 3xx then reaches the library, which reports it as an
 * `UnexpectedStatus` with the origin it points to. Following it would send the key wherever
 * it points. Other `RequestInit` options the program provides are kept.
 *
 * @internal
 */
export const neverFollowRedirects = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(
    client,
    (execute) =>
      Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (init) =>
        Effect.provideService(execute, FetchHttpClient.RequestInit, {
          ...Option.getOrElse(init, () => ({})),
          redirect: "manual"
        }))
  )
