/**
 * The server as a running thing: its lifetime, its request log and counters, reset, and the
 * faults it injects. Timing runs on real timers, so the few waits here are a few tens of
 * milliseconds.
 */
import { describe, expect, it } from "vitest"
import { ByokKeyFixtures, defaultApiKey, formatRequest, jsonAnswer, start } from "../src/index.js"
import { json, send, statusOf } from "./support/http.js"
import { serve } from "./support/server.js"

const apiKey = defaultApiKey
const keys = ByokKeyFixtures.make({ count: 40, seed: 11 })
const rawSecret = "sk-proj-MARKER-provider-secret-4242AbCd"

describe("start and close", () => {
  it("listens on 127.0.0.1 at a free port and gives the API's base URL", async () => {
    const server = await serve()
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/api/v1`)
    expect(server.apiKey).toBe(defaultApiKey)
  })

  it("stops promptly, cutting a hung request, and frees its port", async () => {
    const server = await start({ keys, faults: { hangRate: 1 } })
    const waiting = send(`${server.url}/byok`, { apiKey })
    await server.waitForRequests((requests) => requests.length === 1)
    await server.close()
    expect(await waiting).toMatchObject({ kind: "noAnswer" })
    expect(await send(`${server.url}/byok`, { apiKey })).toEqual({ kind: "noAnswer", code: "ECONNREFUSED" })
  })

  it("rejects a port that is not one with a RangeError, and a port in use with node's listen error", async () => {
    for (const port of [-1, 65536, 1.5, Number.NaN]) await expect(start({ port })).rejects.toThrow(RangeError)
    const taken = await serve()
    await expect(start({ port: taken.port })).rejects.toMatchObject({ code: "EADDRINUSE" })
  })

  it("rejects a seeded credential that is not a ByokKey, naming it and the field", async () => {
    const notAKey = { ...keys[0]!, sortOrder: "first" } as any
    await expect(start({ keys: [notAKey] })).rejects.toThrow(
      new TypeError(`seeded credential 0 (id ${keys[0]!.id}) is not a ByokKey: sortOrder: must be an integer`)
    )
  })
})

describe("the request log", () => {
  it("records each exchange without a key or a body: method, path, query, kind of key, headers, status", async () => {
    const server = await serve({
      apiKey: "sk-or-v1-MARKER-management",
      nonManagementApiKeys: ["sk-or-v1-MARKER-other"]
    })
    await send(`${server.url}/byok`, {
      method: "POST",
      apiKey: "sk-or-v1-MARKER-management",
      body: { provider: "openai", key: rawSecret }
    })
    await send(`${server.url}/byok?limit=5`, {
      apiKey: "sk-or-v1-MARKER-other",
      headers: { "x-trace": "middleware", cookie: "MARKER", "x-api-key": "MARKER", "x-client-secret": "MARKER" }
    })
    await send(`${server.url}/byok`)
    const requests = await server.waitForRequests((logged) => logged.length === 3 && logged.every((r) => r.completed))
    expect(requests).toMatchObject([
      { sequence: 1, method: "POST", path: "/api/v1/byok", query: {}, authorization: "management", status: 201 },
      {
        sequence: 2,
        method: "GET",
        query: { limit: "5" },
        authorization: "non-management",
        status: 403,
        headers: { "x-trace": "middleware" }
      },
      { sequence: 3, authorization: "missing", status: 401, clientClosedEarly: false }
    ])
    expect(JSON.stringify(requests) + requests.map(formatRequest).join("\n")).not.toContain("MARKER")
    expect(requests.map(formatRequest)).toEqual([
      "#1 POST /api/v1/byok -> 201",
      "#2 GET /api/v1/byok?limit=5 -> 403 [auth non-management]",
      "#3 GET /api/v1/byok -> 401 [auth missing]"
    ])
  })

  it("counts by status and fault, and forgets with clearRequests while the sequence goes on", async () => {
    const server = await serve({ keys })
    server.injectFaults(["none", "http503", "none"])
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push(statusOf(await send(`${server.url}/byok?limit=1`, { apiKey })))
    expect(statuses).toEqual([200, 503, 200, 200])
    await server.waitForRequests((requests) => requests.every((request) => request.completed))
    expect(server.counters()).toEqual({
      requests: 4,
      byStatus: { "200": 3, "503": 1 },
      byFault: { http503: 1 },
      unanswered: 0,
      clientClosedEarly: 0
    })
    server.clearRequests()
    expect(server.counters().requests).toBe(0)
    await send(`${server.url}/byok?limit=1`, { apiKey })
    expect(server.requests()[0]!.sequence).toBe(5)
  })

  it("tells a listener of each exchange as it completes, until it stops listening", async () => {
    const server = await serve({ keys })
    const heard: Array<string> = []
    const stop = server.onRequestCompleted((request) => heard.push(formatRequest(request)))
    await send(`${server.url}/byok/nope`, { apiKey })
    await server.waitForRequests((requests) => requests[0]?.completed === true)
    stop()
    await send(`${server.url}/byok`, { apiKey })
    await server.waitForRequests((requests) => requests[1]?.completed === true)
    expect(heard).toEqual(["#1 GET /api/v1/byok/nope -> 404"])
  })

  it("gives up waiting for the log after timeoutMs", async () => {
    const server = await serve()
    await expect(server.waitForRequests((requests) => requests.length > 0, { timeoutMs: 20 })).rejects.toThrow(
      "did not reach the expected state within 20 ms"
    )
  })
})

describe("reset", () => {
  it("forgets requests and scripted faults, puts back the start options' faults and misbehaviour, keeps the credentials", async () => {
    const server = await serve({ keys: [], misbehaviour: { totalCount: 7 } })
    await send(`${server.url}/byok`, { method: "POST", apiKey, body: { provider: "openai", key: rawSecret } })
    server.injectFaults(["http500", "http500"])
    server.misbehave({ redirect: { status: 302, location: "http://127.0.0.1:1/" } })
    server.setFaults({ transientRate: 1, transientFaults: ["http502"] })
    server.reset()
    expect(server.requests()).toEqual([])
    const page = await send(`${server.url}/byok`, { apiKey })
    expect(json(page)).toMatchObject({ total_count: 7 })
    expect(json(page).data).toHaveLength(1)
  })
})

describe("faults", () => {
  it("answers an injected 500 with the API's JSON, 502 and 503 with a proxy's HTML, 429 with Retry-After", async () => {
    const server = await serve({ keys, faults: { retryAfterSeconds: 3 } })
    server.injectFaults(["http500", "http502", "http503", "http429"])
    const internal = await send(`${server.url}/byok`, { apiKey })
    const badGateway = await send(`${server.url}/byok`, { apiKey })
    const unavailable = await send(`${server.url}/byok`, { apiKey })
    const rateLimited = await send(`${server.url}/byok`, { apiKey })
    expect(json(internal)).toEqual({ error: { code: 500, message: "Internal Server Error" } })
    expect(badGateway).toMatchObject({ status: 502, headers: { "content-type": "text/html" } })
    expect(unavailable).toMatchObject({ status: 503, body: expect.stringContaining("<html>") })
    expect(rateLimited).toMatchObject({ status: 429, headers: { "retry-after": "3" } })
    expect(json(rateLimited).error.code).toBe(429)
  })

  it("drops the connection before answering, and records it as unanswered, not closed by the client", async () => {
    const server = await serve({ keys })
    server.injectFaults(["dropConnection"])
    expect((await send(`${server.url}/byok`, { apiKey })).kind).toBe("noAnswer")
    const [entry] = await server.waitForRequests((requests) => requests[0]?.completed === true)
    expect(entry).toMatchObject({ fault: "dropConnection", status: undefined, clientClosedEarly: false })
    expect(server.counters().unanswered).toBe(1)
  })

  it("cuts a 200 answer half-way through its Content-Length, after the API acted", async () => {
    const server = await serve({ keys: [] })
    server.injectFaults(["truncateBody"])
    const cut = await send(`${server.url}/byok`, {
      method: "POST",
      apiKey,
      body: { provider: "openai", key: rawSecret }
    })
    expect(cut).toMatchObject({ kind: "answered", status: 201, complete: false })
    if (cut.kind !== "answered") return
    expect(Buffer.byteLength(cut.body)).toBe(Math.floor(Number(cut.headers["content-length"]) / 2))
    expect(server.keys()).toHaveLength(1)
  })

  it("answers a complete 200 whose body is HTML, not JSON, without the API acting", async () => {
    const server = await serve({ keys: [] })
    server.injectFaults(["nonJsonBody"])
    const answer = await send(`${server.url}/byok`, {
      method: "POST",
      apiKey,
      body: { provider: "openai", key: rawSecret }
    })
    expect(answer).toMatchObject({ status: 200, complete: true, body: expect.stringMatching(/^<!DOCTYPE html>/) })
    expect(server.keys()).toHaveLength(0)
  })

  it("never answers a hung request, and sees the client close it", async () => {
    const server = await serve({ keys })
    server.injectFaults(["hang"])
    const abort = new AbortController()
    const waiting = send(`${server.url}/byok`, { apiKey, signal: abort.signal })
    await server.waitForRequests((requests) => requests.length === 1)
    abort.abort()
    await waiting
    const [entry] = await server.waitForRequests((requests) => requests[0]?.completed === true)
    expect(entry).toMatchObject({ fault: "hang", status: undefined, clientClosedEarly: true })
    expect(server.counters().clientClosedEarly).toBe(1)
  })

  it("holds a 200 answer half-way through its Content-Length until the client closes it", async () => {
    const server = await serve({ keys })
    server.injectFaults(["stallBody"])
    const abort = new AbortController()
    const waiting = send(`${server.url}/byok?limit=20`, { apiKey, signal: abort.signal })
    await server.waitForRequests((requests) => requests.length === 1)
    abort.abort()
    await waiting
    const [entry] = await server.waitForRequests((requests) => requests[0]?.completed === true)
    expect(entry).toMatchObject({ fault: "stallBody", status: 200, clientClosedEarly: true })
  })

  it("delays a slow answer by slowAnswerMs of real time, then answers normally", async () => {
    const server = await serve({ keys, faults: { slowAnswerMs: 40 } })
    server.injectFaults(["slowAnswer"])
    const started = performance.now()
    const answer = await send(`${server.url}/byok?limit=1`, { apiKey })
    expect(performance.now() - started).toBeGreaterThanOrEqual(38)
    expect(json(answer).data).toHaveLength(1)
  })

  it("adds latency drawn from the configured range, in real time", async () => {
    const server = await serve({ keys, faults: { latencyMs: { min: 30, max: 40 } } })
    const started = performance.now()
    await send(`${server.url}/byok?limit=1`, { apiKey })
    expect(performance.now() - started).toBeGreaterThanOrEqual(28)
  })

  it("gives scripted answers in order, with their own status, headers and body, in the queue of faults", async () => {
    const server = await serve({ keys: [] })
    server.injectAnswers([
      jsonAnswer(418, { teapot: true }, { "retry-after": "7" }),
      { status: 502, headers: { "content-type": "text/html" }, body: "<html>Bad Gateway</html>" },
      "http503",
      { status: 200 }
    ])
    server.injectFaults(["none"])
    const answers = []
    for (let i = 0; i < 6; i++) {
      answers.push(
        await send(`${server.url}/byok`, { method: "POST", apiKey, body: { provider: "openai", key: rawSecret } })
      )
    }
    expect(answers[0]).toMatchObject({
      status: 418,
      headers: { "content-type": "application/json", "retry-after": "7" },
      body: JSON.stringify({ teapot: true })
    })
    expect(answers[1]).toMatchObject({ status: 502, body: "<html>Bad Gateway</html>" })
    expect(answers[2]).toMatchObject({ status: 503 })
    expect(answers[3]).toMatchObject({
      status: 200,
      body: "",
      complete: true,
      headers: { "content-type": "application/octet-stream" }
    })
    expect(answers.slice(4).map(statusOf)).toEqual([201, 201])
    expect(server.keys()).toHaveLength(2)
    expect(server.requests().map((request) => request.fault)).toEqual([
      undefined,
      undefined,
      "http503",
      undefined,
      undefined,
      undefined
    ])
  })

  it("draws the same faults for the same seed, at about the configured rate; setFaults({}) turns them off", async () => {
    const faultsOf = async (seed: number) => {
      const server = await serve({
        keys,
        faults: { seed, transientRate: 0.3, transientFaults: ["http500", "http502", "http503", "http429"] }
      })
      for (let i = 0; i < 40; i++) await send(`${server.url}/byok?limit=1`, { apiKey })
      const drawn = server.requests().map((request) => request.fault ?? "-")
      server.setFaults({})
      expect(statusOf(await send(`${server.url}/byok?limit=1`, { apiKey }))).toBe(200)
      return drawn
    }
    const first = await faultsOf(5)
    expect(await faultsOf(5)).toEqual(first)
    expect(await faultsOf(6)).not.toEqual(first)
    const faulty = first.filter((fault) => fault !== "-").length
    expect(faulty).toBeGreaterThan(5)
    expect(faulty).toBeLessThan(22)
  })
})
