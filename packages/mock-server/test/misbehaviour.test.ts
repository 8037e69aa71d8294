import { describe, expect, it } from "vitest"
import { ByokKeyFixtures, defaultApiKey } from "../src/index.js"
import { json, send } from "./support/http.js"
import { serve } from "./support/server.js"

const apiKey = defaultApiKey
const keys = ByokKeyFixtures.make({ count: 30, seed: 3, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })
const ids = (body: { data: ReadonlyArray<{ id: string }> }) => body.data.map((key) => key.id)

describe("misbehaviour", () => {
  it("cuts pages to its page size, one for every page or one per offset", async () => {
    const server = await serve({ keys, misbehaviour: { pageSize: 3 } })
    expect(json(await send(`${server.url}/byok?limit=10`, { apiKey })).data).toHaveLength(3)
    server.misbehave({ pageSize: (offset) => offset === 0 ? 0 : 2 })
    expect(json(await send(`${server.url}/byok?limit=10`, { apiKey })).data).toHaveLength(0)
    expect(json(await send(`${server.url}/byok?limit=10&offset=5`, { apiKey })).data).toHaveLength(2)
  })

  it("sends its own total_count, any JSON value, from the true count and the offset", async () => {
    const server = await serve({ keys, misbehaviour: { totalCount: (trueCount, offset) => `${trueCount}/${offset}` } })
    expect(json(await send(`${server.url}/byok?offset=4`, { apiKey })).total_count).toBe(`${keys.length}/4`)
    server.misbehave({ totalCount: -5 })
    expect(json(await send(`${server.url}/byok`, { apiKey })).total_count).toBe(-5)
  })

  it("serves the first page whatever the offset when it ignores offset", async () => {
    const server = await serve({ keys, misbehaviour: { ignoreOffset: true } })
    const first = json(await send(`${server.url}/byok?limit=5`, { apiKey }))
    expect(ids(json(await send(`${server.url}/byok?limit=5&offset=20`, { apiKey })))).toEqual(ids(first))
  })

  it("quotes the request in its error answers when it echoes, and leaves successes alone", async () => {
    const server = await serve({ keys, misbehaviour: { echoRequest: true } })
    const refused = json(
      await send(`${server.url}/byok/nope`, { method: "PATCH", apiKey, body: { name: "MARKER" } })
    )
    expect(refused.error.code).toBe(404)
    expect(refused.error.message).toBe(
      `Resource not found (request: PATCH /api/v1/byok/nope; authorization: Bearer ${apiKey}; body: {"name":"MARKER"})`
    )
    expect(refused.error.metadata.request).toMatchObject({
      method: "PATCH",
      url: "/api/v1/byok/nope",
      headers: { authorization: `Bearer ${apiKey}` },
      body: "{\"name\":\"MARKER\"}"
    })
    server.injectFaults(["http500"])
    expect(json(await send(`${server.url}/byok`, { apiKey })).error.message).toContain("(request: GET /api/v1/byok;")
    expect(json(await send(`${server.url}/byok`, { apiKey })).error).toBeUndefined()
  })

  it("replaces bodies, of faults too, still as application/json", async () => {
    const server = await serve({
      keys,
      misbehaviour: { body: ({ status }) => status === 200 ? undefined : new Uint8Array([0xff, status % 256]) }
    })
    expect(json(await send(`${server.url}/byok`, { apiKey })).data).toHaveLength(30)
    server.injectFaults(["http503"])
    const replaced = await send(`${server.url}/byok`, { apiKey })
    expect(replaced).toMatchObject({
      status: 503,
      headers: { "content-type": "application/json", "content-length": "2" }
    })
  })

  it("answers every request with its redirect, before any fault is drawn; misbehave({}) makes it honest", async () => {
    const server = await serve({
      keys,
      misbehaviour: { redirect: { status: 307, location: "https://example.invalid/x" } }
    })
    server.injectFaults(["http500"])
    expect(await send(`${server.url}/byok`, { apiKey })).toMatchObject({
      status: 307,
      headers: { location: "https://example.invalid/x" },
      body: ""
    })
    server.misbehave({})
    expect(await send(`${server.url}/byok`, { apiKey })).toMatchObject({ status: 500 })
    expect(await send(`${server.url}/byok`, { apiKey })).toMatchObject({ status: 200 })
  })

  it("answers 500 naming the error when a misbehaviour of the test throws, and goes on serving", async () => {
    const server = await serve({
      keys,
      misbehaviour: {
        pageSize: () => {
          throw new Error("no page size today")
        }
      }
    })
    expect(json(await send(`${server.url}/byok`, { apiKey }))).toEqual({
      error: { code: 500, message: "The mock server failed: no page size today" }
    })
    server.misbehave({})
    expect(json(await send(`${server.url}/byok`, { apiKey })).data).toHaveLength(30)
  })
})
