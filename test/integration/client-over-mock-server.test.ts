/**
 * The real client against the mock server over loopback HTTP, on both HTTP stacks: the whole
 * path a user's requests take (request building, auth headers, retries, decoding, streaming),
 * with nothing stubbed.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import { type ByokKey, OpenRouterByok, type OpenRouterByokError } from "effect-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect-openrouter-byok/testing"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"

const httpStacks: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["NodeHttpClient", NodeHttpClient.layer]
]

/** Retries without a meaningful wait, and enough of them that 20% faults cannot exhaust them. */
const fastRetries = Schedule.spaced("2 millis").pipe(Schedule.intersect(Schedule.recurs(12)))

const thousandKeys = ByokKeyFixtures.make({
  count: 1000,
  seed: 2024,
  workspaceIds: [ByokKeyFixtures.defaultWorkspaceId]
})
const keys = ByokKeyFixtures.make({ count: 150, seed: 9 })
const defaultWorkspace = ByokKeyFixtures.defaultWorkspaceId

const ids = (items: Iterable<ByokKey.ByokKey>) => Array.from(items, (key) => key.id)

describe.each(httpStacks)("the client over loopback HTTP with %s", (_name, httpClientLayer) => {
  /** A mock server and the real client pointed at it, both living as long as the test's scope. */
  const setup = (server: MockServer.Options, client: Partial<OpenRouterByok.Options> = {}) =>
    Effect.gen(function*() {
      const mock = yield* MockServer.make(server)
      const httpClient = yield* Layer.build(httpClientLayer)
      const byok = yield* OpenRouterByok.make({
        apiKey: mock.apiKey,
        apiUrl: mock.url,
        retrySchedule: fastRetries,
        ...client
      }).pipe(Effect.provide(httpClient))
      return { mock, byok } as const
    })

  const noRetries = { retrySchedule: Schedule.stop }

  describe("listing", () => {
    it.scopedLive("returns all 1,000 seeded keys exactly once and in order with 20% injected transient faults", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({
          keys: thousandKeys,
          faults: {
            seed: 20,
            transientRate: 0.2,
            transientFaults: [...MockServer.defaultTransientFaults, "slowAnswer"],
            retryAfterSeconds: 0,
            slowAnswerMs: 1_000
          }
        }, { requestTimeout: "250 millis" })
        const items = yield* Stream.runCollect(byok.listItems({ limit: 50 }))
        expect(ids(items)).toEqual(ids(thousandKeys))
        expect(new Set(ids(items)).size).toBe(1000)
        const counters = yield* mock.counters
        const faults = Object.values(counters.byFault).reduce((sum, n) => sum + n, 0)
        // Every page was eventually answered, and every fault cost exactly one extra request.
        expect(counters.requests).toBe(20 + faults)
        expect(faults).toBeGreaterThan(2)
        expect(Object.keys(counters.byFault).length).toBeGreaterThan(1)
      }))

    it.scopedLive("lists the default workspace with the global credentials unless workspaceId names another", () =>
      Effect.gen(function*() {
        const { byok } = yield* setup({ keys })
        const inDefault = yield* Stream.runCollect(byok.listItems({ limit: 20 }))
        expect(ids(inDefault)).toEqual(
          ids(keys.filter((key) => key.workspaceId === defaultWorkspace || key.workspaceId === null))
        )
        const workspace = ByokKeyFixtures.workspaceIds[1]!
        const inOther = yield* Stream.runCollect(byok.listItems({ workspaceId: workspace }))
        expect(ids(inOther)).toEqual(
          ids(keys.filter((key) => key.workspaceId === workspace || key.workspaceId === null))
        )
      }))

    it.scopedLive("filters by provider on the server", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys })
        const anthropic = yield* Stream.runCollect(byok.listItems({ provider: "anthropic" }))
        expect(Chunk.size(anthropic)).toBeGreaterThan(0)
        expect(ids(anthropic)).toEqual(
          ids(keys.filter((key) =>
            key.provider === "anthropic" && (key.workspaceId === defaultWorkspace || key.workspaceId === null)
          ))
        )
        expect((yield* mock.requests)[0]!.query).toEqual({ offset: "0", limit: "100", provider: "anthropic" })
      }))

    it.scopedLive("pages with totalCount and fetches concurrently when asked, emitting in order", () =>
      Effect.gen(function*() {
        const { byok } = yield* setup({ keys: thousandKeys })
        const pages = yield* Stream.runCollect(byok.list({ limit: 100, concurrency: 4 }))
        expect(Chunk.toReadonlyArray(pages).map((page) => page.offset)).toEqual([
          0,
          100,
          200,
          300,
          400,
          500,
          600,
          700,
          800,
          900
        ])
        expect(Chunk.toReadonlyArray(pages).every((page) => page.totalCount === 1000)).toBe(true)
      }))

    it.scopedLive("decodes the legacy shape, without the newer fields", () =>
      Effect.gen(function*() {
        const { byok } = yield* setup({ keys, shape: "legacy" })
        const [first] = yield* Stream.runCollect(byok.listItems({ limit: 5 })).pipe(Effect.map(Chunk.toReadonlyArray))
        expect(first).toBeDefined()
        expect("isRequired" in first! || "declaredZdr" in first! || "isByokOnly" in first!).toBe(false)
      }))

    it.scopedLive("interrupting a list mid-stream closes the connection of the page in flight, and the server sees it", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys })
        yield* mock.injectFaults(["none", "hang"])
        const listing = yield* Effect.fork(Stream.runCollect(byok.listItems({ limit: 10 })))
        yield* mock.awaitRequests((requests) => requests.length === 2)
        yield* Fiber.interrupt(listing).pipe(Effect.timeout("2 seconds"))
        const requests = yield* mock.awaitRequests((requests) => requests[1]?.completed === true).pipe(
          Effect.timeout("2 seconds")
        )
        expect(requests[0]).toMatchObject({ status: 200, clientClosedEarly: false })
        expect(requests[1]).toMatchObject({ fault: "hang", query: { offset: "10" }, clientClosedEarly: true })
      }))
  })

  describe("every error status maps to its tag, sent once without retries", () => {
    const cases: ReadonlyArray<{
      readonly name: string
      readonly fault?: MockServer.Fault
      readonly expected: Partial<OpenRouterByokError.OpenRouterByokError> & { readonly _tag: string }
    }> = [
      { name: "500", fault: "http500", expected: { _tag: "InternalServer", status: 500 } },
      { name: "502 (HTML)", fault: "http502", expected: { _tag: "UnexpectedStatus", status: 502 } },
      { name: "503 (HTML)", fault: "http503", expected: { _tag: "UnexpectedStatus", status: 503 } },
      { name: "429", fault: "http429", expected: { _tag: "RateLimited", status: 429, retryAfterMillis: 1000 } },
      {
        name: "a dropped connection",
        fault: "dropConnection",
        expected: { _tag: "TransportError", reason: "ConnectionLost" }
      },
      {
        name: "a truncated body",
        fault: "truncateBody",
        expected: { _tag: "TransportError", reason: "BodyIncomplete" }
      },
      { name: "a non-JSON 200", fault: "nonJsonBody", expected: { _tag: "DecodeError", status: 200 } },
      { name: "a hung request", fault: "hang", expected: { _tag: "TransportError", reason: "Timeout" } }
    ]
    for (const { expected, fault, name } of cases) {
      it.scopedLive(`${name} -> ${expected._tag}`, () =>
        Effect.gen(function*() {
          const { byok, mock } = yield* setup({ keys }, { ...noRetries, requestTimeout: "200 millis" })
          yield* mock.injectFaults([fault!])
          const error = yield* Effect.flip(byok.get(keys[0]!.id))
          expect(error).toMatchObject(expected)
          expect((yield* mock.requests).length).toBe(1)
        }))
    }

    it.scopedLive("a hung request times out on the real clock, and its connection is closed", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys }, { ...noRetries, requestTimeout: "100 millis" })
        yield* mock.injectFaults(["hang"])
        expect(yield* Effect.flip(byok.get(keys[0]!.id))).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        const requests = yield* mock.awaitRequests((requests) => requests[0]?.completed === true).pipe(
          Effect.timeout("2 seconds")
        )
        expect(requests).toHaveLength(1)
        expect(requests[0]).toMatchObject({ fault: "hang", clientClosedEarly: true })
      }))

    it.scopedLive("400 -> BadRequest (a provider slug the server does not know)", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys })
        const error = yield* Effect.flip(Stream.runDrain(byok.list({ provider: "not-a-provider" })))
        expect(error).toMatchObject({ _tag: "BadRequest", status: 400, code: 400 })
        expect((yield* mock.requests).length).toBe(1)
      }))

    it.scopedLive("401 -> Unauthorized (a wrong key)", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys }, { apiKey: Redacted.make("sk-or-v1-wrong") })
        expect(yield* Effect.flip(byok.get(keys[0]!.id))).toMatchObject({ _tag: "Unauthorized", status: 401 })
        expect((yield* mock.requests).map((request) => request.authorization)).toEqual(["invalid"])
      }))

    it.scopedLive("403 -> Forbidden (a key that is not a management key)", () =>
      Effect.gen(function*() {
        const { byok } = yield* setup(
          { keys, nonManagementApiKeys: ["sk-or-v1-inference"] },
          { apiKey: Redacted.make("sk-or-v1-inference") }
        )
        expect(yield* Effect.flip(byok.get(keys[0]!.id))).toMatchObject({
          _tag: "Forbidden",
          status: 403,
          serverMessage: "Only management keys can perform this operation"
        })
        // PATCH documents its 403 too (newer servers).
        expect(yield* Effect.flip(byok.update(keys[0]!.id, { disabled: true }))).toMatchObject({
          _tag: "Forbidden",
          status: 403
        })
      }))

    it.scopedLive("404 -> NotFound", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys })
        expect(yield* Effect.flip(byok.get("11111111-2222-3333-4444-555555555555"))).toMatchObject({
          _tag: "NotFound",
          status: 404,
          serverMessage: "Resource not found"
        })
        expect((yield* mock.requests).length).toBe(1)
      }))

    it.scopedLive("a server that is gone -> TransportError ConnectionRefused", () =>
      Effect.gen(function*() {
        const scope = yield* Scope.make()
        const gone = yield* Scope.extend(MockServer.make(), scope)
        yield* Scope.close(scope, Exit.void)
        const httpClient = yield* Layer.build(httpClientLayer)
        const refused = yield* OpenRouterByok.make({ apiKey: gone.apiKey, apiUrl: gone.url, ...noRetries }).pipe(
          Effect.provide(httpClient)
        )
        expect(yield* Effect.flip(refused.get("x"))).toMatchObject({
          _tag: "TransportError",
          reason: "ConnectionRefused"
        })
      }))
  })

  describe("retries", () => {
    it.scopedLive("retries each transient fault and then succeeds", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys, faults: { retryAfterSeconds: 0 } })
        yield* mock.injectFaults(["http500", "http502", "http503", "http429", "dropConnection", "truncateBody"])
        const key = yield* byok.get(keys[0]!.id)
        expect(key.id).toBe(keys[0]!.id)
        expect((yield* mock.requests).map((request) => request.fault ?? request.status)).toEqual([
          "http500",
          "http502",
          "http503",
          "http429",
          "dropConnection",
          "truncateBody",
          200
        ])
      }))

    it.scopedLive("does not retry a non-JSON 200: DecodeError after one request", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys })
        yield* mock.injectFaults(["nonJsonBody"])
        expect((yield* Effect.flip(byok.get(keys[0]!.id)))._tag).toBe("DecodeError")
        expect((yield* mock.requests).length).toBe(1)
      }))
  })

  describe("create, update and delete", () => {
    it.scopedLive("runs a credential's life: create, get, list, rotate, clear an allowlist, disable, delete", () =>
      Effect.gen(function*() {
        const { byok } = yield* setup({ keys })
        const created = yield* byok.create({
          provider: "openai",
          key: Redacted.make("sk-proj-integration-000000000000AbCd"),
          name: "Integration",
          allowedModels: ["openai/gpt-4o"]
        })
        expect(created).toMatchObject({ provider: "openai", label: "sk-...AbCd", workspaceId: defaultWorkspace })
        expect(yield* byok.get(created.id)).toEqual(created)
        const listed = yield* Stream.runCollect(byok.listItems({ provider: "openai" }))
        expect(ids(listed)).toContain(created.id)

        const rotated = yield* byok.update(created.id, { key: Redacted.make("sk-proj-rotated-000000000000WxYz") })
        expect(rotated).toEqual({ ...created, label: "sk-...WxYz" })
        const cleared = yield* byok.update(created.id, { allowedModels: null, disabled: true })
        expect(cleared).toEqual({ ...rotated, allowedModels: null, disabled: true })

        yield* byok.delete(created.id)
        expect((yield* Effect.flip(byok.get(created.id)))._tag).toBe("NotFound")
      }))

    it.scopedLive("declares a region on create, keeps it through a patch that leaves it out, and clears it with null", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys: [] })
        const created = yield* byok.create({
          provider: "azure",
          key: Redacted.make("sk-azure-integration-0000000000EuRo"),
          declaredRegion: "europe"
        })
        expect(created.declaredRegion).toBe("europe")
        expect((yield* byok.update(created.id, { disabled: true })).declaredRegion).toBe("europe")
        expect((yield* byok.update(created.id, { declaredRegion: null })).declaredRegion).toBeNull()
        expect((yield* byok.get(created.id)).declaredRegion).toBeNull()
        expect((yield* mock.requests).map((request) => request.method)).toEqual(["POST", "PATCH", "PATCH", "GET"])
      }))

    it.scopedLive("decodes a credential without a declared region from an older server", () =>
      Effect.gen(function*() {
        const { byok } = yield* setup({ keys, shape: "legacy" })
        const key = yield* byok.get(keys[0]!.id)
        expect(key.id).toBe(keys[0]!.id)
        expect(key).not.toHaveProperty("declaredRegion")
      }))

    it.scopedLive("answers BadRequest and NotFound through HTTP as the API does", () =>
      Effect.gen(function*() {
        const { byok } = yield* setup({ keys })
        const key = Redacted.make("sk-proj-integration-000000000000AbCd")
        expect(yield* Effect.flip(byok.create({ provider: "brand-new-provider", key }))).toMatchObject({
          _tag: "BadRequest"
        })
        const fallback = keys.find((k) => k.isFallback)!
        expect(yield* Effect.flip(byok.update(fallback.id, { isByokOnly: true }))).toMatchObject({ _tag: "BadRequest" })
        expect(yield* Effect.flip(byok.update("11111111-2222-3333-4444-555555555555", { disabled: true })))
          .toMatchObject({
            _tag: "NotFound"
          })
        expect(yield* Effect.flip(byok.delete("11111111-2222-3333-4444-555555555555"))).toMatchObject({
          _tag: "NotFound"
        })
      }))

    it.scopedLive("does not retry a create after a 500, but does after a 429", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys: [], faults: { retryAfterSeconds: 0 } })
        const key = Redacted.make("sk-proj-integration-000000000000AbCd")
        yield* mock.injectFaults(["http500"])
        expect(yield* Effect.flip(byok.create({ provider: "openai", key }))).toMatchObject({ _tag: "InternalServer" })
        yield* mock.injectFaults(["http429"])
        yield* byok.create({ provider: "openai", key })
        expect((yield* mock.requests).map((request) => request.status)).toEqual([500, 429, 201])
        expect((yield* mock.keys).length).toBe(1)
      }))

    it.scopedLive("reports a retried delete whose first attempt took effect as done", () =>
      Effect.gen(function*() {
        const { byok, mock } = yield* setup({ keys })
        // The first attempt deletes and its answer is cut off; the retry then gets 404.
        yield* mock.injectFaults(["truncateBody"])
        yield* byok.delete(keys[0]!.id)
        expect((yield* mock.requests).map((request) => request.status)).toEqual([200, 404])
      }))
  })
})
