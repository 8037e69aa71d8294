import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { ByokKey, OpenRouterByok } from "effect4-openrouter-byok"
import { inspect } from "node:util"
import { failureOf, stubbed, withLogs } from "./support/clients.js"
import { apiKey, apiKeyMarker, keyId, keyJson, providerKey, providerKeyMarker } from "./support/fixtures.js"
import { oneKey } from "./support/scripts.js"
import * as StubHttpClient from "./support/StubHttpClient.js"

const { Reply } = StubHttpClient

type Operation = (byok: OpenRouterByok.Service) => Effect.Effect<unknown, { readonly _tag: string }>

const get: Operation = (byok) => byok.get(keyId(1))
const list: Operation = (byok) => Stream.runDrain(byok.list())
const create: Operation = (byok) => byok.create({ provider: "openai", key: providerKey })
const rotate: Operation = (byok) => byok.update(keyId(1), { key: providerKey })
const operations = { get, list, create, rotate }

/** Every way an error can be rendered. */
const renderings = (error: unknown): ReadonlyArray<string> => [
  String((error as { readonly message?: unknown }).message),
  String(error),
  JSON.stringify(error),
  Cause.pretty(Cause.fail(error)),
  inspect(error, { depth: Infinity })
]

const expectNowhere = (secret: string, error: unknown, logs: ReadonlyArray<string>) => {
  for (const rendering of renderings(error)) expect(rendering).not.toContain(secret)
  expect(logs.join("\n")).not.toContain(secret)
}

/** A server (or proxy) that echoes both keys back, in every place an error keeps. */
const echoing = (code: number) => {
  const echo = `Bearer ${apiKeyMarker} / ${providerKeyMarker} / ${JSON.stringify(providerKeyMarker)}`
  return Reply.json(code, {
    error: {
      code,
      message: `you sent ${echo}`,
      metadata: { headers: { authorization: `Bearer ${apiKeyMarker}` }, body: { key: providerKeyMarker } }
    }
  }, {
    "retry-after": "0",
    location: `https://elsewhere.example/${encodeURIComponent(apiKeyMarker)}`
  })
}

const scenarios: ReadonlyArray<readonly [string, StubHttpClient.StubReply]> = [
  ["BadRequest echoing the keys", echoing(400)],
  ["Unauthorized echoing the keys", echoing(401)],
  ["RateLimited echoing the keys", echoing(429)],
  ["InternalServer echoing the keys", echoing(500)],
  ["a redirect echoing the keys", echoing(302)],
  ["a DecodeError", Reply.json(200, { data: { id: apiKeyMarker, label: providerKeyMarker } })],
  ["a body that is not JSON", Reply.text(200, `<html>${apiKeyMarker} ${providerKeyMarker}</html>`)],
  ["a cut-off body", Reply.truncated(200, { data: keyJson(1) }, 10)],
  ["a lost connection", Reply.destroy]
]

describe("OpenRouterByok security", () => {
  describe("no key appears in an error (message, toString, JSON, Cause.pretty, inspect) or a log line", () => {
    for (const [name, operation] of Object.entries(operations)) {
      it.effect.each(scenarios)(`${name}: %s`, ([, reply]) =>
        Effect.gen(function*() {
          const { byok, stub } = yield* stubbed([reply], { retrySchedule: Schedule.recurs(2) })
          const [exit, logs] = yield* withLogs(operation(byok))
          const error = failureOf(exit)
          expectNowhere(apiKeyMarker, error, logs)
          // They were sent, so the test would see them if they leaked. (A provider key the
          // request did not carry is not known to the client, and not redacted.)
          expect(stub.requests[0]!.headers.authorization).toBe(`Bearer ${apiKeyMarker}`)
          if (name === "create" || name === "rotate") {
            expectNowhere(providerKeyMarker, error, logs)
            expect(StubHttpClient.bodyText(stub.requests[0]!)).toContain(providerKeyMarker)
          }
        }))
    }

    it.effect("the redacted server message keeps the rest of what the server said", () =>
      Effect.gen(function*() {
        const { byok } = yield* stubbed([echoing(401)])
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({
          _tag: "Unauthorized",
          serverMessage: expect.stringContaining("you sent Bearer <redacted>")
        })
      }))
  })

  describe("a provider key is Redacted in memory", () => {
    it("renders as <redacted> in a create input, whatever renders it", () => {
      const input = Schema.decodeUnknownSync(ByokKey.CreateByokKeyInput)({ provider: "openai", key: providerKeyMarker })
      expect(Redacted.value(input.key)).toBe(providerKeyMarker)
      for (const rendering of [String(input.key), JSON.stringify(input), inspect(input, { depth: Infinity })]) {
        expect(rendering).not.toContain(providerKeyMarker)
      }
    })

    it("is sent in clear only in the encoded body", () => {
      const body = Schema.encodeSync(ByokKey.CreateByokKeyInput)({ provider: "openai", key: providerKey })
      expect(body).toStrictEqual({ provider: "openai", key: providerKeyMarker })
    })

    it.effect.each(
      [
        ["a plain-string key", { provider: "openai", key: providerKeyMarker }],
        ["the raw key passed as the whole input", providerKeyMarker],
        ["an invalid hash list", { provider: "openai", key: providerKey, allowedApiKeyHashes: ["x"] }],
        ["isFallback with isByokOnly", { provider: "openai", key: providerKey, isFallback: true, isByokOnly: true }]
      ] as const
    )("nor in the InvalidRequest for %s, and nothing is sent", ([, input]) =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([oneKey(1)])
        const [exit, logs] = yield* withLogs(byok.create(input as unknown as ByokKey.CreateByokKeyInput))
        expect(failureOf(exit)._tag).toBe("InvalidRequest")
        expectNowhere(providerKeyMarker, failureOf(exit), logs)
        expect(stub.requests).toHaveLength(0)
      }))
  })

  describe("an option that cannot travel in a header", () => {
    it.effect("a management key with a line break is refused before sending, without being quoted", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([oneKey(1)], {
          apiKey: Redacted.make("sk-or-v1-MARKER-DO-NOT-LEAK\r\nX-Injected: yes")
        })
        const [exit, logs] = yield* withLogs(byok.get(keyId(1)))
        const error = failureOf(exit)
        expect(error).toMatchObject({ _tag: "InvalidRequest", operation: "OpenRouterByok.get" })
        expect(error.message).toContain("apiKey")
        expectNowhere("MARKER", error, logs)
        expect(stub.requests).toHaveLength(0)
      }))

    it.effect("an attribution header with a line break is refused too (no defect, no header injection)", () =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([oneKey(1)], { appTitle: "My App\r\nX-Injected: yes" })
        const error = failureOf(yield* Effect.exit(byok.get(keyId(1))))
        expect(error).toMatchObject({ _tag: "InvalidRequest" })
        expect(error.message).toContain("appTitle")
        expect(stub.requests).toHaveLength(0)
      }))
  })

  describe("apiUrl", () => {
    it.effect.each([
      "http://openrouter.ai/api/v1",
      "http://10.0.0.7:8080/api/v1",
      "http://localhost.evil.example/api/v1",
      "ftp://openrouter.ai/api/v1",
      "https://user:pass@openrouter.ai/api/v1",
      "not a url"
    ])("refuses %s: InvalidRequest from every operation, and nothing sent", (apiUrl) =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([oneKey(1)], { apiUrl })
        for (
          const operation of [...Object.values(operations), (byok: OpenRouterByok.Service) => byok.delete(keyId(1))]
        ) {
          expect(failureOf(yield* Effect.exit(operation(byok)))._tag).toBe("InvalidRequest")
        }
        expect(stub.requests).toHaveLength(0)
      }))

    it.effect.each([
      "http://localhost:8080/api/v1",
      "http://127.0.0.1:8080/api/v1",
      "http://[::1]:8080/api/v1",
      "https://openrouter.ai/api/v1",
      "https://openrouter.ai/api/v1/"
    ])("allows %s", (apiUrl) =>
      Effect.gen(function*() {
        const { byok, stub } = yield* stubbed([oneKey(1)], { apiUrl })
        yield* byok.get(keyId(1))
        expect(stub.requests.map((request) => request.url)).toEqual([`${apiUrl.replace(/\/$/, "")}/byok/${keyId(1)}`])
      }))

    const buildWith = (env: Record<string, string>, options?: OpenRouterByok.ConfigOptions) => {
      const stub = StubHttpClient.replies(oneKey(1))
      return OpenRouterByok.get(keyId(1)).pipe(
        Effect.provide(
          OpenRouterByok.layerConfig(options).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, stub.client)))
        ),
        Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env }))),
        Effect.exit,
        Effect.map((exit) => ({ exit, stub }))
      )
    }

    it.effect("layerConfig fails with a ConfigError naming OPENROUTER_API_URL for an insecure one", () =>
      Effect.gen(function*() {
        const { exit, stub } = yield* buildWith({
          OPENROUTER_API_KEY: apiKeyMarker,
          OPENROUTER_API_URL: "http://openrouter.ai/api/v1"
        })
        expect(Exit.isFailure(exit)).toBe(true)
        const rendered = Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""
        expect(rendered).toContain("OPENROUTER_API_URL")
        expect(rendered).toContain("https://")
        expect(rendered).not.toContain(apiKeyMarker)
        expect(stub.requests).toHaveLength(0)
      }))

    it.effect("layerConfig fails with a ConfigError for an insecure apiUrl from a custom Config", () =>
      Effect.gen(function*() {
        const { exit } = yield* buildWith({}, {
          apiKey: Config.succeed(apiKey),
          apiUrl: Config.succeed("http://openrouter.ai/api/v1")
        })
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("https://")
        expect(Exit.isFailure(exit) && failureOf(exit)._tag).toBe("ConfigError")
      }))

    it.effect("layerConfig takes an empty or blank OPENROUTER_API_URL (as an env file leaves it) as unset: the default URL", () =>
      Effect.gen(function*() {
        for (const empty of ["", "  "]) {
          const { exit, stub } = yield* buildWith({ OPENROUTER_API_KEY: apiKeyMarker, OPENROUTER_API_URL: empty })
          expect(Exit.isSuccess(exit)).toBe(true)
          expect(stub.requests.map((request) => request.url)).toEqual([`https://openrouter.ai/api/v1/byok/${keyId(1)}`])
        }
      }))

    it.effect("layerConfig accepts a loopback OPENROUTER_API_URL", () =>
      Effect.gen(function*() {
        const { exit, stub } = yield* buildWith({
          OPENROUTER_API_KEY: apiKeyMarker,
          OPENROUTER_API_URL: "http://127.0.0.1:9/api/v1"
        })
        expect(Exit.isSuccess(exit)).toBe(true)
        expect(stub.requests[0]!.url).toBe(`http://127.0.0.1:9/api/v1/byok/${keyId(1)}`)
      }))
  })
})
