import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import * as TestClock from "effect/testing/TestClock"
import { OpenRouterByok } from "effect4-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect4-openrouter-byok/testing"
import { json, send } from "./rawHttp.js"

const apiKey = MockServer.defaultApiKey
const keys = ByokKeyFixtures.make({ count: 120, seed: 11 })
const visibleInDefault = keys.filter((key) =>
  key.workspaceId === ByokKeyFixtures.defaultWorkspaceId || key.workspaceId === null
)
const rawSecret = "sk-proj-MARKER-provider-secret-4242AbCd"

describe("MockServer", () => {
  describe("authentication", () => {
    it.live("answers 401 with the spec's body when the key is missing, 401 when it is wrong", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const missing = yield* send(`${server.url}/byok`)
        expect(missing).toMatchObject({ status: 401 })
        expect(json(missing)).toEqual({ error: { code: 401, message: "Missing Authentication header" } })
        const wrong = yield* send(`${server.url}/byok/${keys[0]!.id}`, { apiKey: "sk-or-v1-wrong" })
        expect(wrong).toMatchObject({ status: 401 })
        expect((yield* server.requests).map((request) => request.authorization)).toEqual(["missing", "invalid"])
      }))

    it.live("answers 403 to a key that is not a management key, on every operation", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys, nonManagementApiKeys: ["sk-or-v1-inference"] })
        for (
          const [method, path] of [["GET", "/byok"], ["GET", `/byok/${keys[0]!.id}`], ["POST", "/byok"], [
            "DELETE",
            `/byok/${keys[0]!.id}`
          ]]
        ) {
          const answer = yield* send(`${server.url}${path}`, { method: method!, apiKey: "sk-or-v1-inference" })
          expect(json(answer)).toEqual({
            error: { code: 403, message: "Only management keys can perform this operation" }
          })
        }
        expect((yield* server.keys).length).toBe(keys.length)
      }))

    it.live("never records a key: the log holds only the kind of key and no body", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({
          apiKey: "sk-or-v1-MARKER-management",
          nonManagementApiKeys: ["sk-or-v1-MARKER-other"]
        })
        yield* send(`${server.url}/byok`, {
          method: "POST",
          apiKey: "sk-or-v1-MARKER-management",
          body: { provider: "openai", key: rawSecret }
        })
        yield* send(`${server.url}/byok`, { apiKey: "sk-or-v1-MARKER-other" })
        const rendered = JSON.stringify(yield* server.requests) +
          (yield* server.requests).map(MockServer.formatRequest).join("\n")
        expect(rendered).not.toContain("MARKER")
        expect(rendered).toContain("non-management")
      }))

    it.live("records the request's headers, except those that carry credentials", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make()
        yield* send(`${server.url}/byok`, {
          apiKey,
          headers: {
            "x-trace": "middleware",
            cookie: "session=MARKER-cookie",
            "proxy-authorization": "Basic MARKER-proxy",
            "x-api-key": "MARKER-api-key",
            "x-auth-token": "MARKER-token",
            "x-session-id": "MARKER-session",
            "x-client-secret": "MARKER-secret"
          }
        })
        const [request] = yield* server.requests
        expect(request!.headers).toMatchObject({ "x-trace": "middleware" })
        expect(Object.keys(request!.headers)).not.toContain("authorization")
        expect(Object.keys(request!.headers)).not.toContain("cookie")
        expect(Object.keys(request!.headers)).not.toContain("proxy-authorization")
        expect(Object.keys(request!.headers)).not.toContain("x-api-key")
        expect(JSON.stringify(request)).not.toContain("MARKER")
      }))
  })

  describe("GET /byok", () => {
    it.live("answers 50 credentials of the default workspace by default, with total_count", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const body = json(yield* send(`${server.url}/byok`, { apiKey }))
        expect(body.total_count).toBe(visibleInDefault.length)
        expect(body.data.map((key: { id: string }) => key.id)).toEqual(
          visibleInDefault.slice(0, 50).map((key) => key.id)
        )
      }))

    it.live("pages with offset and limit, and answers an empty page past the end", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const page = json(yield* send(`${server.url}/byok?offset=10&limit=5`, { apiKey }))
        expect(page.data.map((key: { id: string }) => key.id)).toEqual(
          visibleInDefault.slice(10, 15).map((key) => key.id)
        )
        const past = json(yield* send(`${server.url}/byok?offset=100000&limit=100`, { apiKey }))
        expect(past).toEqual({ data: [], total_count: visibleInDefault.length })
      }))

    it.live("filters by workspace_id and provider", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const workspace = ByokKeyFixtures.workspaceIds[2]!
        const body = json(
          yield* send(`${server.url}/byok?workspace_id=${workspace}&provider=openai&limit=100`, { apiKey })
        )
        const expected = keys.filter((key) =>
          (key.workspaceId === workspace || key.workspaceId === null) && key.provider === "openai"
        )
        expect(body.total_count).toBe(expected.length)
        expect(body.data.map((key: { id: string }) => key.id)).toEqual(expected.map((key) => key.id))
      }))

    it.live("answers 400 to invalid query parameters", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const invalid = [
          "limit=0",
          "limit=101",
          "limit=1.5",
          "limit=ten",
          "limit=",
          "limit=-1",
          "offset=-1",
          "offset=2.5",
          "offset=1e3",
          "limit=10&limit=20",
          "provider=no-such-provider",
          "provider=",
          "workspace_id=not-a-uuid"
        ]
        for (const query of invalid) {
          const answer = yield* send(`${server.url}/byok?${query}`, { apiKey })
          expect(answer, query).toMatchObject({ status: 400 })
          expect(json(answer).error.code).toBe(400)
        }
      }))

    it.live("knows the providers of its credentials even when this library does not", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const unknown = keys.find((key) => ByokKeyFixtures.unknownProviderSlugs.includes(key.provider))!.provider
        expect(yield* send(`${server.url}/byok?provider=${unknown}`, { apiKey })).toMatchObject({ status: 200 })
      }))

    it.live("answers 400 when the default workspace was deleted and no workspace_id is given", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys, defaultWorkspaceId: null })
        expect(yield* send(`${server.url}/byok`, { apiKey })).toMatchObject({ status: 400 })
        const named = yield* send(`${server.url}/byok?workspace_id=${ByokKeyFixtures.defaultWorkspaceId}`, { apiKey })
        expect(json(named).total_count).toBe(visibleInDefault.length)
      }))

    it.live("serves the older shape, without the newer fields, when asked to", () =>
      Effect.gen(function*() {
        const newest = json(yield* send(`${(yield* MockServer.make({ keys })).url}/byok?limit=3`, { apiKey }))
        const legacy = json(
          yield* send(`${(yield* MockServer.make({ keys, shape: "legacy" })).url}/byok?limit=3`, { apiKey })
        )
        for (const key of newest.data) {
          expect(Object.keys(key)).toEqual(
            expect.arrayContaining(["declared_zdr", "is_byok_only", "is_required", "declared_region"])
          )
        }
        for (const key of legacy.data) {
          expect(Object.keys(key)).not.toContain("declared_region")
          expect(Object.keys(key)).not.toContain("declared_zdr")
          expect(Object.keys(key)).not.toContain("is_byok_only")
          expect(Object.keys(key)).not.toContain("is_required")
        }
      }))
  })

  describe("GET, PATCH, DELETE /byok/{id} and POST /byok", () => {
    it.live("answers 404 with the spec's body for an unknown id, also one with encoded slashes", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        for (const id of ["11111111-2222-3333-4444-555555555555", "..%2F..%2Fcredits", "a%3Fb"]) {
          const answer = yield* send(`${server.url}/byok/${id}`, { apiKey })
          expect(json(answer)).toEqual({ error: { code: 404, message: "Resource not found" } })
        }
      }))

    it.live("serves every id a client may send, up to 255 characters, as the in-memory layer does", () =>
      Effect.gen(function*() {
        const longIds = ["x".repeat(101), "x".repeat(255), "\u00e9".repeat(255)]
        const server = yield* MockServer.make({
          keys: longIds.map((id, index) => ({ ...keys[index]!, id }))
        })
        for (const id of longIds) {
          const answer = yield* send(`${server.url}/byok/${encodeURIComponent(id)}`, { apiKey })
          expect(json(answer).data.id).toBe(id)
        }
      }))

    it.live("creates a credential (201) that get and list then see, and never returns the raw key", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const created = yield* send(`${server.url}/byok`, {
          method: "POST",
          apiKey,
          body: {
            provider: "anthropic",
            key: rawSecret,
            name: "Support bot",
            allowed_models: ["anthropic/claude-sonnet-4"]
          }
        })
        expect(created).toMatchObject({ status: 201 })
        expect(created._tag === "Answered" && created.body).not.toContain("MARKER")
        const { data } = json(created)
        expect(data).toMatchObject({
          provider: "anthropic",
          label: "sk-...AbCd",
          name: "Support bot",
          workspace_id: ByokKeyFixtures.defaultWorkspaceId,
          allowed_models: ["anthropic/claude-sonnet-4"],
          allowed_user_ids: null,
          is_fallback: false,
          declared_zdr: null
        })
        expect(json(yield* send(`${server.url}/byok/${data.id}`, { apiKey })).data).toEqual(data)
        const listed = json(yield* send(`${server.url}/byok?provider=anthropic&limit=100`, { apiKey }))
        expect(listed.data.at(-1)).toEqual(data)
      }))

    it.live("answers 400 to a body that is not JSON, not an object, or not the schema, without echoing the key", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const bodies = [
          { rawBody: "{not json" },
          { rawBody: "[]" },
          { body: { provider: "openai" } },
          { body: { provider: "openai", key: "" } },
          { body: { provider: "openai", key: 42424242 } },
          { body: { provider: "no-such-provider", key: rawSecret } },
          { body: { provider: "openai", key: rawSecret, is_fallback: true, is_byok_only: true } },
          { body: { provider: "openai", key: rawSecret, allowed_api_key_hashes: [] } },
          { body: { provider: "openai", key: rawSecret, allowed_api_key_hashes: ["ABC"] } },
          { body: { provider: "openai", key: rawSecret, name: "x".repeat(256) } },
          { body: { provider: "openai", key: rawSecret, workspace_id: "team-a" } }
        ]
        for (const body of bodies) {
          const answer = yield* send(`${server.url}/byok`, { method: "POST", apiKey, ...body })
          expect(answer, JSON.stringify(body).slice(0, 80)).toMatchObject({ status: 400 })
          expect(answer._tag === "Answered" && answer.body).not.toMatch(/MARKER|42424242/)
        }
        expect((yield* server.keys).length).toBe(keys.length)
      }))

    it.live("updates only what the body names: null clears, absent stays, a new key regenerates the label", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const original = keys.find((key) => key.allowedModels !== null && key.allowedUserIds !== null)!
        const answer = yield* send(`${server.url}/byok/${original.id}`, {
          method: "PATCH",
          apiKey,
          body: { allowed_models: null, disabled: true, key: "sk-rotated-00000000000000WxYz" }
        })
        const { data } = json(answer)
        expect(data.allowed_models).toBeNull()
        expect(data.allowed_user_ids).toEqual(original.allowedUserIds)
        expect(data.disabled).toBe(true)
        expect(data.label).toBe("sk-...WxYz")
        expect(data.name).toBe(original.name)
        expect(json(yield* send(`${server.url}/byok/${original.id}`, { apiKey })).data).toEqual(data)
      }))

    it.live("creates with a declared region, and a patch with declared_region null clears it", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const created = json(
          yield* send(`${server.url}/byok`, {
            method: "POST",
            apiKey,
            body: { provider: "azure", key: "sk-azure-0000000000000000EuRo", declared_region: "europe" }
          })
        ).data
        expect(created.declared_region).toBe("europe")
        const kept = json(
          yield* send(`${server.url}/byok/${created.id}`, { method: "PATCH", apiKey, body: { disabled: true } })
        )
        expect(kept.data.declared_region).toBe("europe")
        const cleared = json(
          yield* send(`${server.url}/byok/${created.id}`, { method: "PATCH", apiKey, body: { declared_region: null } })
        )
        expect(cleared.data.declared_region).toBeNull()
        const unnamed = json(
          yield* send(`${server.url}/byok`, {
            method: "POST",
            apiKey,
            body: { provider: "openai", key: "sk-proj-000000000000000000None" }
          })
        )
        expect(unnamed.data.declared_region).toBeNull()
      }))

    it.live("answers 404 to a patch of an unknown id, 400 to a bad patch", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const unknown = yield* send(`${server.url}/byok/missing`, { method: "PATCH", apiKey, body: { disabled: true } })
        expect(unknown).toMatchObject({ status: 404 })
        const fallback = keys.find((key) => key.isFallback)!
        const refused = yield* send(`${server.url}/byok/${fallback.id}`, {
          method: "PATCH",
          apiKey,
          body: { is_byok_only: true }
        })
        expect(refused).toMatchObject({ status: 400 })
        const badType = yield* send(`${server.url}/byok/${fallback.id}`, {
          method: "PATCH",
          apiKey,
          body: { disabled: "yes" }
        })
        expect(badType).toMatchObject({ status: 400 })
      }))

    it.live("deletes a credential: {deleted: true}, then 404 for get and for a second delete", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        const id = keys[5]!.id
        expect(json(yield* send(`${server.url}/byok/${id}`, { method: "DELETE", apiKey }))).toEqual({ deleted: true })
        expect(yield* send(`${server.url}/byok/${id}`, { apiKey })).toMatchObject({ status: 404 })
        expect(yield* send(`${server.url}/byok/${id}`, { method: "DELETE", apiKey })).toMatchObject({ status: 404 })
        expect((yield* server.keys).some((key) => key.id === id)).toBe(false)
      }))

    it.live("answers 404 with the API's error body to any other route", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        expect(json(yield* send(`${server.url}/credits`, { apiKey })).error.code).toBe(404)
        expect(yield* send(`${server.url}/byok/x`, { method: "PUT", apiKey })).toMatchObject({ status: 404 })
      }))
  })

  describe("faults", () => {
    it.live("answers an injected 500 with the API's JSON, 502 and 503 with a proxy's HTML, 429 with Retry-After", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys, faults: { retryAfterSeconds: 3 } })
        yield* server.injectFaults(["http500", "http502", "http503", "http429"])
        const [internal, badGateway, unavailable, rateLimited] = yield* Effect.all(
          Array.from({ length: 4 }, () => send(`${server.url}/byok`, { apiKey })),
          { concurrency: 1 }
        )
        expect(json(internal!)).toEqual({ error: { code: 500, message: "Internal Server Error" } })
        expect(badGateway).toMatchObject({
          status: 502,
          headers: { "content-type": expect.stringContaining("text/html") }
        })
        expect(unavailable).toMatchObject({ status: 503 })
        expect(unavailable!._tag === "Answered" && unavailable!.body).toContain("<html>")
        expect(rateLimited).toMatchObject({ status: 429, headers: { "retry-after": "3" } })
        expect(json(rateLimited!).error.code).toBe(429)
      }))

    it.live("drops the connection before answering, and records it as unanswered, not closed by the client", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        yield* server.injectFaults(["dropConnection"])
        const dropped = yield* send(`${server.url}/byok`, { apiKey })
        expect(dropped._tag).toBe("NoAnswer")
        const [entry] = yield* server.awaitRequests((requests) => requests[0]?.completed === true)
        expect(entry).toMatchObject({ fault: "dropConnection", status: undefined, clientClosedEarly: false })
      }))

    it.live("cuts a 200 answer half-way through its Content-Length", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        yield* server.injectFaults(["truncateBody"])
        const cut = yield* send(`${server.url}/byok?limit=20`, { apiKey })
        expect(cut).toMatchObject({ _tag: "Answered", status: 200, complete: false })
        if (cut._tag !== "Answered") return
        expect(Buffer.byteLength(cut.body)).toBeLessThan(Number(cut.headers["content-length"]))
        expect(() => JSON.parse(cut.body)).toThrow()
      }))

    it.live("lets a cut-off create take effect, as an ambiguous failure does", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys: [] })
        yield* server.injectFaults(["truncateBody"])
        yield* send(`${server.url}/byok`, { method: "POST", apiKey, body: { provider: "openai", key: rawSecret } })
        expect((yield* server.keys).length).toBe(1)
      }))

    it.live("answers a complete 200 whose body is HTML, not JSON", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        yield* server.injectFaults(["nonJsonBody"])
        const answer = yield* send(`${server.url}/byok`, { apiKey })
        expect(answer).toMatchObject({ status: 200, complete: true })
        expect(answer._tag === "Answered" && answer.body).toMatch(/^<!DOCTYPE html>/)
      }))

    it.live("never answers a hung request, and sees the client close it", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        yield* server.injectFaults(["hang"])
        const waiting = yield* Effect.forkChild(send(`${server.url}/byok`, { apiKey }))
        yield* server.awaitRequests((requests) => requests.length === 1)
        yield* Effect.sleep("50 millis")
        expect(waiting.pollUnsafe()).toBeUndefined()
        yield* Fiber.interrupt(waiting)
        const [entry] = yield* server.awaitRequests((requests) => requests[0]?.completed === true)
        expect(entry).toMatchObject({ fault: "hang", status: undefined, clientClosedEarly: true })
        expect((yield* server.counters).clientClosedEarly).toBe(1)
      }))

    it.live("delays a slow answer, then answers normally", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys, faults: { slowAnswerMs: 150 } })
        yield* server.injectFaults(["slowAnswer"])
        const started = Date.now()
        const answer = yield* send(`${server.url}/byok?limit=1`, { apiKey })
        expect(Date.now() - started).toBeGreaterThanOrEqual(140)
        expect(json(answer).data.length).toBe(1)
      }))

    it.live("applies scripted faults in order, 'none' passing a request through", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        yield* server.injectFaults(["none", "http503", "none"])
        const statuses = []
        for (let i = 0; i < 4; i++) {
          const answer = yield* send(`${server.url}/byok?limit=1`, { apiKey })
          statuses.push(answer._tag === "Answered" ? answer.status : undefined)
        }
        expect(statuses).toEqual([200, 503, 200, 200])
        expect(yield* server.counters).toMatchObject({
          requests: 4,
          byStatus: { "200": 3, "503": 1 },
          byFault: { http503: 1 }
        })
      }))

    it.live("holds a 200 answer half-way through its Content-Length until the client closes it", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys })
        yield* server.injectFaults(["stallBody"])
        const waiting = yield* Effect.forkChild(send(`${server.url}/byok?limit=20`, { apiKey }))
        yield* server.awaitRequests((requests) => requests.length === 1)
        yield* Effect.sleep("50 millis")
        expect(waiting.pollUnsafe()).toBeUndefined()
        yield* Fiber.interrupt(waiting)
        const [entry] = yield* server.awaitRequests((requests) => requests[0]?.completed === true)
        expect(entry).toMatchObject({ fault: "stallBody", status: 200, clientClosedEarly: true })
      }))

    it.live("gives scripted answers in order, with their own status, headers and body, in the queue of faults", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys: [] })
        yield* server.injectAnswers([
          MockServer.jsonAnswer(418, { teapot: true }, { "retry-after": "7" }),
          { status: 502, headers: { "content-type": "text/html" }, body: "<html>Bad Gateway</html>" },
          "http503",
          { status: 200 }
        ])
        yield* server.injectFaults(["none"])
        const created = { method: "POST", apiKey, body: { provider: "openai", key: rawSecret } }
        const answers = []
        for (let i = 0; i < 6; i++) answers.push(yield* send(`${server.url}/byok`, created))
        expect(answers[0]).toMatchObject({
          status: 418,
          headers: { "content-type": "application/json", "retry-after": "7" },
          body: JSON.stringify({ teapot: true })
        })
        expect(answers[1]).toMatchObject({ status: 502, headers: { "content-type": "text/html" } })
        expect(answers[1]!._tag === "Answered" && answers[1]!.body).toBe("<html>Bad Gateway</html>")
        expect(answers[2]).toMatchObject({ status: 503 })
        expect(answers[3]).toMatchObject({ status: 200, body: "", complete: true })
        // "none", then the queue is empty: the API's own answers, and only they created anything.
        expect(answers.slice(4).map((answer) => answer._tag === "Answered" && answer.status)).toEqual([201, 201])
        expect((yield* server.keys).length).toBe(2)
        expect((yield* server.requests).map((request) => request.fault)).toEqual([
          undefined,
          undefined,
          "http503",
          undefined,
          undefined,
          undefined
        ])
      }))

    it.live("draws the same faults for the same seed, at about the configured rate", () =>
      Effect.gen(function*() {
        const faultsOf = (seed: number) =>
          Effect.gen(function*() {
            const server = yield* MockServer.make({
              keys,
              faults: {
                seed,
                transientRate: 0.3,
                transientFaults: ["http500", "http502", "http503", "http429"],
                retryAfterSeconds: 0
              }
            })
            for (let i = 0; i < 40; i++) yield* send(`${server.url}/byok?limit=1`, { apiKey })
            return (yield* server.requests).map((request) => request.fault ?? "-")
          })
        const first = yield* faultsOf(5)
        expect(yield* faultsOf(5)).toEqual(first)
        expect(yield* faultsOf(6)).not.toEqual(first)
        const faulty = first.filter((fault) => fault !== "-").length
        expect(faulty).toBeGreaterThan(5)
        expect(faulty).toBeLessThan(22)
      }))

    it.live("adds latency drawn from the configured range", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys, faults: { latencyMs: { min: 40, max: 60 } } })
        const started = Date.now()
        yield* send(`${server.url}/byok?limit=1`, { apiKey })
        expect(Date.now() - started).toBeGreaterThanOrEqual(38)
      }))

    it.live("turns random faults off with setFaults({})", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make({ keys, faults: { transientRate: 1, transientFaults: ["http500"] } })
        expect(yield* send(`${server.url}/byok`, { apiKey })).toMatchObject({ status: 500 })
        yield* server.setFaults({})
        expect(yield* send(`${server.url}/byok`, { apiKey })).toMatchObject({ status: 200 })
      }))
  })

  describe("under the TestClock", () => {
    const client = MockServer.layerClient({ requestTimeout: "5 seconds", retrySchedule: Schedule.recurs(0) }).pipe(
      Layer.provideMerge(MockServer.layer({ keys })),
      Layer.provide(FetchHttpClient.layer)
    )

    it.effect("meets a hung request with the client's timeout when the clock moves past it", () =>
      Effect.gen(function*() {
        yield* MockServer.injectFaults(["hang"])
        const waiting = yield* Effect.forkChild(OpenRouterByok.get(keys[0]!.id))
        // Resumed by the log's own events: no real sleep, and the TestClock stands still meanwhile.
        yield* MockServer.awaitRequests((requests) => requests.length === 1)
        yield* TestClock.adjust("5 seconds")
        const error = yield* Fiber.join(waiting).pipe(Effect.flip)
        expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        const [entry] = yield* MockServer.awaitRequests((requests) => requests[0]?.completed === true)
        expect(entry).toMatchObject({ fault: "hang", clientClosedEarly: true })
      }).pipe(Effect.provide(client)))

    it.effect("stamps created credentials with the time of the TestClock", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(Date.parse("2030-01-02T03:04:05Z"))
        const created = yield* Effect.gen(function*() {
          const server = yield* MockServer.make({ keys: [] })
          const sent = yield* send(`${server.url}/byok`, {
            method: "POST",
            apiKey,
            body: { provider: "openai", key: rawSecret }
          })
          return json(sent).data
        })
        expect(created.created_at).toBe("2030-01-02T03:04:05Z")
      }))
  })

  describe("lifetime", () => {
    it.live("stops promptly with its scope, cutting a hung request, and frees its port", () =>
      Effect.gen(function*() {
        const scope = yield* Scope.make()
        const server = yield* MockServer.make({ keys, faults: { hangRate: 1 } }).pipe(Scope.provide(scope))
        const waiting = yield* Effect.forkChild(send(`${server.url}/byok`, { apiKey }))
        yield* server.awaitRequests((requests) => requests.length === 1)
        yield* Scope.close(scope, Exit.void).pipe(Effect.timeout("2 seconds"))
        expect((yield* Fiber.join(waiting))._tag).toBe("NoAnswer")
        expect(yield* send(`${server.url}/byok`, { apiKey })).toMatchObject({ _tag: "NoAnswer", code: "ECONNREFUSED" })
      }))

    it.live("fails with a ServeError, not a defect, for a port that is not one", () =>
      Effect.gen(function*() {
        for (const port of [-1, 65536, 1.5, Number.NaN]) {
          const exit = yield* Effect.exit(MockServer.make({ port }))
          const error = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : undefined
          expect(error?._tag === "Some" && error.value._tag, String(port)).toBe("ServeError")
        }
      }))

    it.live("refuses a seeded credential that is not a ByokKey with a defect, instead of answering 500", () =>
      Effect.gen(function*() {
        const notAKey = { ...keys[0]!, sortOrder: "first" } as any
        const exit = yield* Effect.exit(MockServer.make({ keys: [notAKey] }))
        expect(Exit.isFailure(exit) && Cause.hasDies(exit.cause)).toBe(true)
        const pretty = Cause.pretty((exit as Exit.Failure<unknown, unknown>).cause)
        expect(pretty).toContain(`seeded credential 0 (id ${keys[0]!.id}) is not a ByokKey: sortOrder: Expected number`)
        // Schema 4 leaves the refused value out of its message.
        expect(pretty).not.toContain("first")
      }))

    it.live("listens on 127.0.0.1 and reports its apiUrl", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make()
        expect(server.url).toBe(`http://127.0.0.1:${server.port}/api/v1`)
        expect(server.port).toBeGreaterThan(0)
      }))
  })
})
