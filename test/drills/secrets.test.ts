/**
 * Drill: secrets never leak. The client holds a marker management key, and `create` and the
 * rotating `update` carry a marker provider key. Every operation is driven into every error it
 * can meet against the mock server (each fault, each refusal, bad arguments, an insecure URL, a
 * refused connection, a timeout), and neither marker may appear in the error (`message`,
 * `String`, `JSON.stringify`, `Cause.pretty`, inspection), in any log line at any level, in any
 * span (attributes, events, outcome), or in the mock server's request log, raw or as
 * `MockServer.formatRequest` renders it.
 */
import { describe, expect, it } from "@effect/vitest"
import { ByokKey, OpenRouterByok } from "effect-openrouter-byok"
import { MockServer } from "effect-openrouter-byok/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"
import { nodeStack, refusedApiUrl } from "../support/clients.js"
import { apiKey, apiKeyMarker, keyId, keyJson, providerKey, providerKeyMarker } from "../support/fixtures.js"
import { failureOf, observe, renderings } from "../support/observe.js"
import { type Operation, operations } from "./support/operations.js"
import { defaultRequestTimeoutMillis } from "./support/retryBounds.js"

const markers = [apiKeyMarker, providerKeyMarker]

/** The credential the operations address (`keyId(1)`), global, and byok-only so that making it a fallback is a 400. */
const addressed = Schema.decodeUnknownSync(ByokKey.ByokKey)(
  keyJson(1, { is_byok_only: true, declared_zdr: null, is_required: false })
)

type Call = (byok: OpenRouterByok.Service) => Effect.Effect<unknown, { readonly _tag: string }>

/** What makes an operation fail one way: the server, the client's settings, the call, and the error expected. */
interface Scenario {
  readonly path: string
  readonly expected: string
  readonly server?: MockServer.Options
  readonly faults?: ReadonlyArray<MockServer.Fault>
  readonly apiUrl?: "insecure" | "refused"
  readonly call?: Call
  /** Attempts held by the server until the client's deadline. */
  readonly hung?: number
}

const unsafe = <A>(value: unknown): A => value as A

/** Every way `operation` can fail, and with what. */
const scenarios = (operation: Operation): ReadonlyArray<Scenario> => {
  const create = operation.name === "create"
  const retried = (fault: MockServer.Fault) => create ? [fault] : [fault, fault]
  const byId = operation.name === "get" || operation.name === "update" || operation.name === "delete"
  const withId = (id: string): Call => (byok) =>
    operation.name === "get"
      ? byok.get(id)
      : operation.name === "update"
      ? byok.update(id, { key: providerKey })
      : byok.delete(id)
  return [
    { path: "refused argument", expected: "InvalidRequest", call: badCall[operation.name] },
    ...(create || operation.name === "update"
      ? [{
        path: "a provider key given as a plain string",
        expected: "InvalidRequest",
        call: (byok: OpenRouterByok.Service) =>
          create
            ? byok.create(unsafe({ provider: "openai", key: providerKeyMarker }))
            : byok.update(keyId(1), unsafe({ key: providerKeyMarker }))
      }, {
        path: "a Redacted provider key that holds no string (a parsed secrets file)",
        expected: "InvalidRequest",
        call: (byok: OpenRouterByok.Service) => {
          const key = Redacted.make(unsafe<string>({ openai: providerKeyMarker }))
          return create ? byok.create({ provider: "openai", key }) : byok.update(keyId(1), { key })
        }
      }]
      : []),
    { path: "plain http to a remote host", expected: "InvalidRequest", apiUrl: "insecure" },
    {
      path: "401, a key the server does not know",
      expected: "Unauthorized",
      server: { apiKey: "sk-or-v1-another-key" }
    },
    {
      path: "403, not a management key",
      expected: "Forbidden",
      server: { apiKey: "sk-or-v1-another-key", nonManagementApiKeys: [apiKeyMarker] }
    },
    ...(byId ? [{ path: "404", expected: "NotFound", call: withId(keyId(404)) }] : []),
    ...(operation.name === "list" || operation.name === "listItems"
      ? [{
        path: "400, the default workspace was deleted",
        expected: "BadRequest",
        server: { defaultWorkspaceId: null }
      }]
      : []),
    ...(create
      ? [{
        path: "400, a provider the server does not know",
        expected: "BadRequest",
        call: (byok: OpenRouterByok.Service) => byok.create({ provider: "no-such-provider", key: providerKey })
      }]
      : []),
    ...(operation.name === "update"
      ? [{
        path: "400, a byok-only credential made a fallback",
        expected: "BadRequest",
        call: (byok: OpenRouterByok.Service) => byok.update(keyId(1), { key: providerKey, isFallback: true })
      }]
      : []),
    { path: "429", expected: "RateLimited", faults: ["http429", "http429"] },
    { path: "500", expected: "InternalServer", faults: retried("http500") },
    { path: "502 with an HTML page", expected: "UnexpectedStatus", faults: retried("http502") },
    { path: "503 with an HTML page", expected: "UnexpectedStatus", faults: retried("http503") },
    { path: "connection cut before the answer", expected: "TransportError", faults: retried("dropConnection") },
    { path: "body cut off before its Content-Length", expected: "TransportError", faults: retried("truncateBody") },
    // A cut-off delete did delete: its retry's 404 means done, so it succeeds (and is searched all the same).
    ...(operation.name === "delete"
      ? [{ path: "body cut off, then 404", expected: "Success", faults: ["truncateBody"] as const }]
      : []),
    {
      path: "no answer before requestTimeout",
      expected: "TransportError",
      faults: retried("hang"),
      hung: retried("hang").length
    },
    { path: "connection refused", expected: "TransportError", apiUrl: "refused" },
    { path: "a 200 that is not JSON", expected: "DecodeError", faults: ["nonJsonBody"] }
  ]
}

const badCall: Record<Operation["name"], Call> = {
  list: (byok) => Stream.runDrain(byok.list({ limit: 0 })),
  listItems: (byok) => Stream.runDrain(byok.listItems({ offset: -1 })),
  get: (byok) => byok.get(".."),
  create: (byok) => byok.create({ provider: "", key: providerKey }),
  update: (byok) => byok.update(keyId(1), { key: providerKey, allowedApiKeyHashes: [] }),
  delete: (byok) => byok.delete("")
}

/** Runs `scenario` and returns how it ended, what was logged and traced, and the server's request log. */
const drive = (operation: Operation, scenario: Scenario) =>
  Effect.gen(function*() {
    // The server keeps the real clock; only the client's waits run on the TestClock.
    const server = yield* TestServices.provideLive(
      MockServer.make({ keys: [addressed], apiKey, faults: { retryAfterSeconds: 0 }, ...scenario.server })
    )
    const apiUrl = scenario.apiUrl === "insecure"
      ? "http://example.com/api/v1"
      : scenario.apiUrl === "refused"
      ? yield* refusedApiUrl
      : server.url
    const byok = yield* OpenRouterByok.make({ apiKey, apiUrl, retrySchedule: Schedule.recurs(1) }).pipe(
      Effect.provide(nodeStack.layer)
    )
    yield* server.injectFaults(scenario.faults ?? [])
    const fiber = yield* Effect.fork(observe((scenario.call ?? operation.run)(byok)))
    for (let attempt = 1; attempt <= (scenario.hung ?? 0); attempt++) {
      yield* server.awaitRequests((requests) => requests.length === attempt)
      yield* TestClock.adjust(defaultRequestTimeoutMillis)
    }
    const [exit, observed] = yield* Fiber.join(fiber)
    const requests = yield* server.awaitRequests((requests) => requests.every((request) => request.completed))
    return { exit, observed, requests, counters: yield* server.counters }
  })

describe.each(operations)("$name never lets a key out", (operation) => {
  it.scoped.each(scenarios(operation))("$path: $expected", (scenario) =>
    Effect.gen(function*() {
      const { counters, exit, observed, requests } = yield* drive(operation, scenario)
      expect(Exit.isSuccess(exit) ? "Success" : failureOf(exit)._tag).toBe(scenario.expected)

      const letOut = [
        ...(Exit.isFailure(exit) ? renderings(failureOf(exit)) : []),
        observed.everything(),
        requests.map(MockServer.formatRequest).join("\n"),
        JSON.stringify(requests),
        JSON.stringify(counters)
      ]
      for (const marker of markers) {
        for (const rendering of letOut) expect(rendering).not.toContain(marker)
      }
      // Not vacuous: whatever reached the server was sent with the marker management key.
      const sentWith = new Set(requests.map((request) => request.authorization))
      expect([...sentWith].every((kind) =>
        kind ===
          (scenario.server?.nonManagementApiKeys
            ? "non-management"
            : scenario.server?.apiKey
            ? "invalid"
            : "management")
      )).toBe(true)
    }))
})
