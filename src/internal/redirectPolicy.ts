import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/**
 * The client with fetch told not to follow redirects (`redirect: "manual"`), as node:http and
 * undici already do not: a 3xx then reaches the library, which reports it as an
 * `UnexpectedStatus` with the origin it points to. Following it would send the key wherever
 * it points (same origin) or lose it (another origin), and fetch cannot even resend the body
 * of a 307 or 308 (its request fails on a detached ArrayBuffer). Other `RequestInit` options
 * the program provides are kept.
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
