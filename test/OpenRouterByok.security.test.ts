import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { type ByokKey, OpenRouterByok } from "effect-openrouter-byok"
import { MockServer } from "effect-openrouter-byok/testing"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { clientAt, httpStacks, onEveryAttempt, onMockServer, refusedApiUrl, stubbed } from "./support/clients.js"
import { apiKey, apiKeyMarker, errorBody, keyId, keyJson, providerKey, providerKeyMarker } from "./support/fixtures.js"
import { failureOf, observe, renderings } from "./support/observe.js"
import * as StubHttpClient from "./support/StubHttpClient.js"

const { Reply } = StubHttpClient

type Operation = (byok: OpenRouterByok.Service) => Effect.Effect<unknown, { readonly _tag: string }>

const get: Operation = (byok) => byok.get(keyId(1))
const list: Operation = (byok) => Stream.runDrain(byok.list())
const create: Operation = (byok) => byok.create({ provider: "openai", key: providerKey })
const rotate: Operation = (byok) => byok.update(keyId(1), { key: providerKey })

/** One way to reach a kind of error: what the server answers every attempt (none: nothing is sent), and to which operation. */
interface Scenario {
  readonly expected: string
  readonly answer?: MockServer.Answer | MockServer.Fault
  readonly operation: Operation
}

const status = (code: number, headers: Record<string, string> = {}) =>
  MockServer.jsonAnswer(code, errorBody(code, `status ${code}`, { hint: "metadata" }), headers)

/**
 * Every error kind through `operation`; `BadRequest` and `NotFound` through the operations
 * that document them (`get` documents no 400, `list` and `create` no 404).
 */
const scenarios = (
  operation: Operation,
  withBadRequest: Operation,
  withNotFound: Operation
): ReadonlyArray<Scenario> => [
  { expected: "BadRequest", answer: status(400), operation: withBadRequest },
  { expected: "NotFound", answer: status(404), operation: withNotFound },
  { expected: "Unauthorized", answer: status(401), operation },
  { expected: "Forbidden", answer: status(403), operation },
  { expected: "RateLimited", answer: status(429, { "retry-after": "600" }), operation },
  { expected: "InternalServer", answer: status(500), operation },
  { expected: "UnexpectedStatus", answer: { status: 502, body: "<html>Bad Gateway</html>" }, operation },
  { expected: "TransportError", answer: "dropConnection", operation },
  // The server holds keyId(1), so every operation meets a success cut off half-way.
  { expected: "TransportError", answer: "truncateBody", operation },
  { expected: "DecodeError", answer: MockServer.jsonAnswer(201, { data: { id: 1 } }), operation },
  { expected: "DecodeError", answer: { status: 200, body: "not json" }, operation },
  { expected: "InvalidRequest", operation: (byok) => Stream.runDrain(byok.list({ limit: 0 })) },
  { expected: "InvalidRequest", operation: (byok) => byok.update(keyId(1), { allowedApiKeyHashes: [] }) }
]

/**
 * Runs a scenario on a mock server holding keyId(0) and keyId(1), capturing logs (every level)
 * and spans, and returns the error, all that was let out, and the requests as the client sent them.
 */
const run = (scenario: Scenario) =>
  Effect.gen(function*() {
    const sent: Array<HttpClientRequest.HttpClientRequest> = []
    const { byok, server } = yield* onMockServer({
      keys: 2,
      transformClient: HttpClient.tapRequest((request) => Effect.sync(() => sent.push(request)))
    })
    if (scenario.answer !== undefined) yield* server.injectAnswers(onEveryAttempt(scenario.answer))
    const [exit, observed] = yield* observe(scenario.operation(byok))
    const error = failureOf(exit)
    expect(error._tag).toBe(scenario.expected)
    return { error, observed, received: yield* server.requests, sent }
  })

const expectNowhere = (secret: string, error: unknown, everythingElse: string) => {
  for (const rendering of renderings(error)) expect(rendering).not.toContain(secret)
  expect(everythingElse).not.toContain(secret)
}

describe("OpenRouterByok security", () => {
  describe("the management key never appears in an error, a log line or a span", () => {
    it.scoped.each(
      [...scenarios(get, list, get), ...scenarios(list, list, get)].map((scenario) =>
        [scenario.expected, scenario] as const
      )
    )(
      "%s (read operations)",
      ([, scenario]) =>
        Effect.gen(function*() {
          const { error, observed, received } = yield* run(scenario)
          expectNowhere(apiKeyMarker, error, observed.everything())
          // It was sent ("management": exactly the marker), so the test would see it if it leaked.
          if (received.length > 0) expect(received[0]!.authorization).toBe("management")
        })
    )

    it.scoped("nor in the HTTP client's span, where the Authorization header is redacted", () =>
      Effect.gen(function*() {
        const { observed } = yield* run({ expected: "Unauthorized", answer: status(401), operation: get })
        const httpSpan = observed.spans.find((span) => span.name.startsWith("http.client"))
        expect(httpSpan?.attributes.get("http.request.header.authorization")).toBe("<redacted>")
      }))

    it.scoped("nor in the retry log lines", () =>
      Effect.gen(function*() {
        const { observed } = yield* run({ expected: "InternalServer", answer: status(500), operation: get })
        expect(observed.logs.filter((line) => line.includes("retrying"))).toHaveLength(2)
        expect(observed.logs.join("\n")).not.toContain(apiKeyMarker)
      }))

    it.scoped("nor when the connection is refused", () =>
      Effect.gen(function*() {
        const byok = yield* clientAt(yield* refusedApiUrl, { retrySchedule: Schedule.stop })
        const [exit, observed] = yield* observe(byok.get(keyId(1)))
        expect(failureOf(exit)).toMatchObject({ _tag: "TransportError", reason: "ConnectionRefused" })
        expectNowhere(apiKeyMarker, failureOf(exit), observed.everything())
      }))

    it.effect("nor when the attempt times out", () =>
      Effect.gen(function*() {
        const { byok } = yield* stubbed([Reply.hang], { retrySchedule: Schedule.stop, requestTimeout: "1 second" })
        const fiber = yield* Effect.fork(observe(byok.get(keyId(1))))
        yield* TestClock.adjust("1 second")
        const [exit, observed] = yield* Fiber.join(fiber)
        expect(failureOf(exit)).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        expectNowhere(apiKeyMarker, failureOf(exit), observed.everything())
      }))
  })

  describe.each(httpStacks)("an option that cannot travel in a header, over $name", (http) => {
    const broken = "sk-or-v1-MARKER-DO-NOT-LEAK\r\nX-Injected: yes"

    it.scoped("a management key with a line break is refused before sending, without being quoted", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, keys: 2, apiKey: Redacted.make(broken) })
        const [exit, observed] = yield* observe(byok.get(keyId(1)))
        const error = failureOf(exit)
        expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.get" })
        expect(error.message).toContain("apiKey")
        expectNowhere("MARKER", error, observed.everything())
        expect(yield* server.requests).toHaveLength(0)
      }))

    it.scoped("an attribution header with a line break is refused too (no defect, no header injection)", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer({ http, keys: 2, appTitle: "My App\r\nX-Injected: yes" })
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "InvalidRequest" })
        expect(error.message).toContain("appTitle")
        expect(yield* server.requests).toHaveLength(0)
      }))
  })

  describe("the provider key never appears in an error, a log line or a span", () => {
    it.scoped.each(
      [...scenarios(create, create, rotate), ...scenarios(rotate, rotate, rotate)].map((scenario) =>
        [scenario.expected, scenario] as const
      )
    )(
      "%s (create and rotation)",
      ([, scenario]) =>
        Effect.gen(function*() {
          const { error, observed, received, sent } = yield* run(scenario)
          expectNowhere(providerKeyMarker, error, observed.everything())
          // It was sent, so the test would see it if it leaked.
          expect(sent).toHaveLength(received.length)
          if (sent.length > 0) expect(StubHttpClient.bodyText(sent[0]!)).toContain(providerKeyMarker)
        })
    )

    it.scoped.each(
      [
        ["a plain-string key", { provider: "openai", key: providerKeyMarker }],
        ["the raw key passed as the whole input", providerKeyMarker],
        ["an invalid hash list", { provider: "openai", key: providerKey, allowedApiKeyHashes: ["x"] }],
        ["isFallback with isByokOnly", { provider: "openai", key: providerKey, isFallback: true, isByokOnly: true }]
      ] as const
    )("nor in the InvalidRequest for %s", ([, input]) =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer()
        const [exit, observed] = yield* observe(byok.create(input as unknown as ByokKey.CreateByokKeyInput))
        expect(failureOf(exit)._tag).toBe("InvalidRequest")
        expectNowhere(providerKeyMarker, failureOf(exit), observed.everything())
        expect(yield* server.requests).toHaveLength(0)
      }))

    it.scoped("nor in a successful create's logs and spans", () =>
      Effect.gen(function*() {
        const { byok, server } = yield* onMockServer()
        const [exit, observed] = yield* observe(create(byok))
        expect(Exit.isSuccess(exit)).toBe(true)
        expect(yield* server.keys).toHaveLength(1)
        expect(observed.everything()).not.toContain(providerKeyMarker)
        expect(observed.everything()).not.toContain(apiKeyMarker)
      }))
  })

  describe("apiUrl", () => {
    it.effect.each([
      "http://openrouter.ai/api/v1",
      "http://10.0.0.7:8080/api/v1",
      "http://localhost.evil.example/api/v1"
    ])(
      "refuses plain http to the non-loopback %s: InvalidRequest and nothing sent",
      (apiUrl) =>
        Effect.gen(function*() {
          const stub = StubHttpClient.replies(Reply.json(200, { data: keyJson(1) }))
          const byok = yield* OpenRouterByok.make({ apiKey, apiUrl }).pipe(
            Effect.provideService(HttpClient.HttpClient, stub.client)
          )
          for (
            const operation of [get, list, create, rotate, (byok: OpenRouterByok.Service) => byok.delete(keyId(1))]
          ) {
            const error = failureOf(yield* Effect.exit(operation(byok)))
            expect(error._tag).toBe("InvalidRequest")
            expect(String(error)).toContain("https://")
          }
          expect(stub.requests).toHaveLength(0)
        })
    )

    it.effect.each([
      "http://localhost:8080/api/v1",
      "http://127.0.0.1:8080/api/v1",
      "http://[::1]:8080/api/v1",
      "https://openrouter.ai/api/v1"
    ])(
      "allows %s",
      (apiUrl) =>
        Effect.gen(function*() {
          const stub = StubHttpClient.replies(Reply.json(200, { data: keyJson(1) }))
          const byok = yield* OpenRouterByok.make({ apiKey, apiUrl }).pipe(
            Effect.provideService(HttpClient.HttpClient, stub.client)
          )
          yield* byok.get(keyId(1))
          expect(stub.requests.map((request) => request.url)).toEqual([`${apiUrl}/byok/${keyId(1)}`])
        })
    )

    it.effect("layerConfig fails with a ConfigError for an insecure OPENROUTER_API_URL", () =>
      Effect.gen(function*() {
        const config = ConfigProvider.fromMap(
          new Map([["OPENROUTER_API_KEY", apiKeyMarker], ["OPENROUTER_API_URL", "http://openrouter.ai/api/v1"]])
        )
        const exit = yield* Layer.build(OpenRouterByok.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))).pipe(
          Effect.scoped,
          Effect.withConfigProvider(config),
          Effect.exit
        )
        expect(Exit.isFailure(exit)).toBe(true)
        const rendered = Exit.isFailure(exit) ? String(exit.cause) : ""
        expect(rendered).toContain("OPENROUTER_API_URL")
        expect(rendered).toContain("https://")
        expect(rendered).not.toContain(apiKeyMarker)
      }))

    it.effect("layerConfig fails with a ConfigError for an insecure apiUrl from a custom Config", () =>
      Effect.gen(function*() {
        const layer = OpenRouterByok.layerConfig({
          apiKey: Config.succeed(apiKey),
          apiUrl: Config.succeed("http://openrouter.ai/api/v1")
        }).pipe(Layer.provide(FetchHttpClient.layer))
        const exit = yield* Effect.exit(Effect.scoped(Layer.build(layer)))
        expect(Exit.isFailure(exit) && String(exit.cause)).toContain("https://")
      }))

    it.effect("layerConfig takes an empty OPENROUTER_API_URL (as an env file leaves it) as unset: the default URL", () =>
      Effect.gen(function*() {
        for (const empty of ["", "  "]) {
          const stub = StubHttpClient.replies(Reply.json(200, { data: keyJson(1) }))
          const config = ConfigProvider.fromMap(
            new Map([["OPENROUTER_API_KEY", apiKeyMarker], ["OPENROUTER_API_URL", empty]])
          )
          yield* OpenRouterByok.get(keyId(1)).pipe(
            Effect.provide(
              OpenRouterByok.layerConfig().pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, stub.client)))
            ),
            Effect.withConfigProvider(config)
          )
          expect(stub.requests.map((request) => request.url)).toEqual([`https://openrouter.ai/api/v1/byok/${keyId(1)}`])
        }
      }))

    it.effect("layerConfig accepts a loopback OPENROUTER_API_URL", () =>
      Effect.gen(function*() {
        const config = ConfigProvider.fromMap(
          new Map([["OPENROUTER_API_KEY", apiKeyMarker], ["OPENROUTER_API_URL", "http://127.0.0.1:9/api/v1"]])
        )
        const exit = yield* Layer.build(OpenRouterByok.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))).pipe(
          Effect.scoped,
          Effect.withConfigProvider(config),
          Effect.exit
        )
        expect(Exit.isSuccess(exit)).toBe(true)
      }))
  })
})
