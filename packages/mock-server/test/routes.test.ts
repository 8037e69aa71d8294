/**
 * The API as the server serves it: every route and status, the auth kinds, both response
 * shapes, and the 400s of bad queries and bodies.
 */
import { describe, expect, it } from "vitest"
import { ByokKeyFixtures, defaultApiKey } from "../src/index.js"
import snapshot from "./snapshotOfEffect3MockServer.json" with { type: "json" }
import { json, send, statusOf } from "./support/http.js"
import { serve } from "./support/server.js"

const apiKey = defaultApiKey
const keys = ByokKeyFixtures.make({ count: 120, seed: 11 })
const visibleInDefault = keys.filter((key) =>
  key.workspaceId === ByokKeyFixtures.defaultWorkspaceId || key.workspaceId === null
)
const rawSecret = "sk-proj-MARKER-provider-secret-4242AbCd"
const ids = (body: { data: ReadonlyArray<{ id: string }> }) => body.data.map((key) => key.id)

describe("authentication", () => {
  it("answers 401 when the key is missing or wrong, 403 to a key that is not a management key, on every route", async () => {
    const server = await serve({ keys, nonManagementApiKeys: ["sk-or-v1-inference"] })
    for (
      const [method, path] of [
        ["GET", "/byok"],
        ["GET", `/byok/${keys[0]!.id}`],
        ["POST", "/byok"],
        ["PATCH", `/byok/${keys[0]!.id}`],
        ["DELETE", `/byok/${keys[0]!.id}`],
        ["GET", "/credits"]
      ] as const
    ) {
      expect(json(await send(`${server.url}${path}`, { method }))).toEqual({
        error: { code: 401, message: "Missing Authentication header" }
      })
      expect(json(await send(`${server.url}${path}`, { method, apiKey: "sk-or-v1-wrong" }))).toEqual({
        error: { code: 401, message: "Invalid API key" }
      })
      expect(json(await send(`${server.url}${path}`, { method, apiKey: "sk-or-v1-inference" }))).toEqual({
        error: { code: 403, message: "Only management keys can perform this operation" }
      })
    }
    expect(server.keys()).toHaveLength(keys.length)
  })

  it("takes the key only as a bearer token", async () => {
    const server = await serve()
    expect(await send(`${server.url}/byok`, { headers: { authorization: apiKey } })).toMatchObject({ status: 401 })
    expect(await send(`${server.url}/byok`, { headers: { authorization: `bearer  ${apiKey} ` } })).toMatchObject({
      status: 200
    })
  })
})

describe("GET /byok", () => {
  it("answers 50 credentials of the default workspace by default, with total_count", async () => {
    const server = await serve({ keys })
    const body = json(await send(`${server.url}/byok`, { apiKey }))
    expect(body.total_count).toBe(visibleInDefault.length)
    expect(ids(body)).toEqual(visibleInDefault.slice(0, 50).map((key) => key.id))
  })

  it("pages with offset and limit, and answers an empty page past the end", async () => {
    const server = await serve({ keys })
    expect(ids(json(await send(`${server.url}/byok?offset=10&limit=5`, { apiKey })))).toEqual(
      visibleInDefault.slice(10, 15).map((key) => key.id)
    )
    expect(json(await send(`${server.url}/byok?offset=100000&limit=100`, { apiKey }))).toEqual({
      data: [],
      total_count: visibleInDefault.length
    })
  })

  it("filters by workspace_id (in any case) and provider; global credentials are in every workspace", async () => {
    const server = await serve({ keys })
    const workspace = ByokKeyFixtures.workspaceIds[2]!
    const body = json(
      await send(`${server.url}/byok?workspace_id=${workspace.toUpperCase()}&provider=openai&limit=100`, { apiKey })
    )
    const expected = keys.filter((key) =>
      (key.workspaceId === workspace || key.workspaceId === null) && key.provider === "openai"
    )
    expect(body.total_count).toBe(expected.length)
    expect(ids(body)).toEqual(expected.map((key) => key.id))
  })

  it.each([
    ["limit=0", "limit must be an integer between 1 and 100"],
    ["limit=101", "limit must be an integer between 1 and 100"],
    ["limit=1.5", "limit must be an integer between 1 and 100"],
    ["limit=ten", "limit must be an integer between 1 and 100"],
    ["limit=", "limit must be an integer between 1 and 100"],
    ["offset=-1", "offset must be an integer of at least 0"],
    ["offset=1e3", "offset must be an integer of at least 0"],
    ["limit=10&limit=20", "limit must be given at most once"],
    ["provider=no-such-provider", "provider: unknown provider slug \"no-such-provider\""],
    ["provider=", "provider must not be empty"],
    ["workspace_id=not-a-uuid", "workspace_id must be a UUID"]
  ])("answers 400 to %s: %s", async (query, message) => {
    const server = await serve({ keys })
    expect(json(await send(`${server.url}/byok?${query}`, { apiKey }))).toEqual({
      error: { code: 400, message: `Invalid request parameters: ${message}` }
    })
  })

  it("knows the providers of its credentials even when the API document does not", async () => {
    const server = await serve({ keys })
    const unknown = keys.find((key) => ByokKeyFixtures.unknownProviderSlugs.includes(key.provider))!.provider
    expect(await send(`${server.url}/byok?provider=${unknown}`, { apiKey })).toMatchObject({ status: 200 })
  })

  it("answers 400 when the default workspace was deleted and no workspace_id is given", async () => {
    const server = await serve({ keys, defaultWorkspaceId: null })
    expect(json(await send(`${server.url}/byok`, { apiKey })).error.message).toBe(
      "Invalid request parameters: the default workspace was deleted; pass workspace_id explicitly"
    )
    const named = await send(`${server.url}/byok?workspace_id=${ByokKeyFixtures.defaultWorkspaceId}`, { apiKey })
    expect(json(named).total_count).toBe(visibleInDefault.length)
  })
})

describe("the wire format", () => {
  it("writes the same bytes as the Effect 3 mock server did, in the newest and the legacy shape", async () => {
    const fixtureKeys = ByokKeyFixtures.make({ count: 8, seed: 42 })
    const answers = snapshot.wire.answers as Record<string, { status: number; contentType: string; body: string }>
    for (const shape of ["newest", "legacy"] as const) {
      const server = await serve({ keys: fixtureKeys, shape })
      const calls = [
        ["GET", "/byok?limit=3&offset=1"],
        ["GET", `/byok/${fixtureKeys[2]!.id}`, "/byok/{id}"],
        ["GET", "/byok/nope"],
        ["DELETE", `/byok/${fixtureKeys[1]!.id}`, "/byok/{id}"],
        ["GET", "/nowhere"],
        ["POST", "/byok", undefined, "{"]
      ] as const
      for (const [method, path, named, rawBody] of calls) {
        const answer = await send(`${server.url}${path}`, { method, apiKey, ...(rawBody ? { rawBody } : {}) })
        const expected = answers[`${shape} ${method} ${named ?? path}`]!
        expect(answer, `${shape} ${method} ${path}`).toMatchObject({
          status: expected.status,
          headers: { "content-type": expected.contentType },
          body: expected.body
        })
      }
    }
  })

  it("leaves the fields the API added later out of the legacy shape, and sends them all in the newest", async () => {
    const added = ["declared_zdr", "is_byok_only", "is_required", "declared_region"]
    const newest = await serve({ keys })
    for (const key of json(await send(`${newest.url}/byok?limit=3`, { apiKey })).data) {
      expect(Object.keys(key)).toEqual(expect.arrayContaining(added))
    }
    const legacy = await serve({ keys, shape: "legacy" })
    for (const key of json(await send(`${legacy.url}/byok?limit=3`, { apiKey })).data) {
      for (const field of added) expect(Object.keys(key)).not.toContain(field)
    }
    expect(legacy.keys()[0]).not.toHaveProperty("declaredZdr")
  })
})

describe("GET, PATCH, DELETE /byok/{id} and POST /byok", () => {
  it("answers 404 with the API's body for an unknown id, also one with encoded slashes", async () => {
    const server = await serve({ keys })
    for (const id of ["11111111-2222-3333-4444-555555555555", "..%2F..%2Fcredits", "a%3Fb"]) {
      expect(json(await send(`${server.url}/byok/${id}`, { apiKey }))).toEqual({
        error: { code: 404, message: "Resource not found" }
      })
    }
  })

  it("serves every id a client may send, up to 255 characters; a longer one is no route", async () => {
    const longIds = ["x".repeat(101), "x".repeat(255), "\u00e9".repeat(255), "a?b/c"]
    const server = await serve({ keys: longIds.map((id, index) => ({ ...keys[index]!, id })) })
    for (const id of longIds) {
      expect(json(await send(`${server.url}/byok/${encodeURIComponent(id)}`, { apiKey })).data.id).toBe(id)
    }
    expect(json(await send(`${server.url}/byok/${"x".repeat(256)}`, { apiKey }))).toEqual({
      error: { code: 404, message: "Not Found" }
    })
  })

  it("creates a credential (201) that get and list then see, and never returns the raw key", async () => {
    const server = await serve({ keys })
    const created = await send(`${server.url}/byok`, {
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
    expect(created.kind === "answered" && created.body).not.toContain("MARKER")
    const { data } = json(created)
    expect(data).toMatchObject({
      provider: "anthropic",
      label: "sk-...AbCd",
      name: "Support bot",
      workspace_id: ByokKeyFixtures.defaultWorkspaceId,
      allowed_models: ["anthropic/claude-sonnet-4"],
      allowed_user_ids: null,
      is_fallback: false,
      declared_zdr: null,
      declared_region: null
    })
    expect(json(await send(`${server.url}/byok/${data.id}`, { apiKey })).data).toEqual(data)
    expect(json(await send(`${server.url}/byok?provider=anthropic&limit=100`, { apiKey })).data.at(-1)).toEqual(data)
    expect(server.store.providerKeyOf(data.id)).toBe(rawSecret)
  })

  it("numbers a new credential after the others of its provider in its workspace", async () => {
    const server = await serve({ keys })
    const workspace = ByokKeyFixtures.workspaceIds[1]!
    const sameSlot = keys.filter((key) => key.provider === "openai" && key.workspaceId === workspace)
    const created = json(
      await send(`${server.url}/byok`, {
        method: "POST",
        apiKey,
        body: { provider: "openai", key: rawSecret, workspace_id: workspace }
      })
    ).data
    expect(created.sort_order).toBe(Math.max(-1, ...sameSlot.map((key) => key.sortOrder)) + 1)
  })

  it.each([
    [{ rawBody: "{not json" }, "the body is not valid JSON"],
    [{ rawBody: "[]" }, "the body must be a JSON object"],
    [{ body: { provider: "openai" } }, "key must be a non-empty string"],
    [{ body: { key: rawSecret } }, "provider must be a non-empty string"],
    [{ body: { provider: "openai", key: "" } }, "key must be a non-empty string"],
    [{ body: { provider: "openai", key: 42424242 } }, "key must be a non-empty string"],
    [
      { body: { provider: "no-such-provider", key: rawSecret } },
      "provider: unknown provider slug \"no-such-provider\""
    ],
    [
      { body: { provider: "openai", key: rawSecret, is_fallback: true, is_byok_only: true } },
      "is_byok_only is only valid on non-fallback credentials (is_fallback is true)"
    ],
    [
      { body: { provider: "openai", key: rawSecret, allowed_api_key_hashes: [] } },
      "allowed_api_key_hashes must hold at least 1 item, or null"
    ],
    [
      { body: { provider: "openai", key: rawSecret, allowed_api_key_hashes: ["ABC"] } },
      "allowed_api_key_hashes[0] must be 64 lowercase hex characters, or null"
    ],
    [
      { body: { provider: "openai", key: rawSecret, allowed_models: Array(101).fill("m") } },
      "allowed_models must hold at most 100 items, or null"
    ],
    [
      { body: { provider: "openai", key: rawSecret, name: "x".repeat(256) } },
      "name must be a string of at most 255 characters, or null"
    ],
    [{ body: { provider: "openai", key: rawSecret, workspace_id: "team-a" } }, "workspace_id must be a UUID"],
    [{ body: { provider: "openai", key: rawSecret, workspace_id: "" } }, "workspace_id must be a non-empty string"],
    [{ body: { provider: "openai", key: rawSecret, disabled: null } }, "disabled must be true or false"],
    [
      { body: { provider: "openai", key: rawSecret, declared_zdr: "yes" } },
      "declared_zdr must be true or false, or null"
    ],
    [
      { body: { provider: "openai", key: rawSecret, declared_region: "" } },
      "declared_region must be a non-empty string, or null"
    ]
  ])("answers 400 to a create body %j: %s, without echoing the key", async (request, message) => {
    const server = await serve({ keys })
    const answer = await send(`${server.url}/byok`, { method: "POST", apiKey, ...request })
    expect(json(answer)).toEqual({ error: { code: 400, message: `Invalid request parameters: ${message}` } })
    expect(answer.kind === "answered" && answer.body).not.toMatch(/MARKER|42424242/)
    expect(server.keys()).toHaveLength(keys.length)
  })

  it("ignores fields of a body the API does not declare", async () => {
    const server = await serve({ keys: [] })
    const created = await send(`${server.url}/byok`, {
      method: "POST",
      apiKey,
      body: { provider: "openai", key: rawSecret, sort_order: 9, unknown: true }
    })
    expect(json(created).data).toMatchObject({ sort_order: 0 })
    expect(json(created).data).not.toHaveProperty("unknown")
  })

  it("updates only what the body names: null clears, absent stays, a new key regenerates the label", async () => {
    const server = await serve({ keys })
    const original = keys.find((key) => key.allowedModels !== null && key.allowedUserIds !== null)!
    const { data } = json(
      await send(`${server.url}/byok/${original.id}`, {
        method: "PATCH",
        apiKey,
        body: { allowed_models: null, disabled: true, key: "sk-rotated-00000000000000WxYz", provider: "ignored" }
      })
    )
    expect(data).toMatchObject({
      allowed_models: null,
      allowed_user_ids: original.allowedUserIds,
      disabled: true,
      label: "sk-...WxYz",
      name: original.name,
      provider: original.provider
    })
    expect(json(await send(`${server.url}/byok/${original.id}`, { apiKey })).data).toEqual(data)
    expect(server.store.providerKeyOf(original.id)).toBe("sk-rotated-00000000000000WxYz")
  })

  it("answers 404 to a patch of an unknown id whatever its body, 400 to a bad patch", async () => {
    const server = await serve({ keys })
    expect(await send(`${server.url}/byok/missing`, { method: "PATCH", apiKey, rawBody: "{" })).toMatchObject({
      status: 404
    })
    const fallback = keys.find((key) => key.isFallback)!
    const refused = await send(`${server.url}/byok/${fallback.id}`, {
      method: "PATCH",
      apiKey,
      body: { is_byok_only: true }
    })
    expect(json(refused).error.message).toBe(
      "Invalid request parameters: is_byok_only is only valid on non-fallback credentials (is_fallback is true)"
    )
    const badType = await send(`${server.url}/byok/${fallback.id}`, { method: "PATCH", apiKey, body: { key: "" } })
    expect(json(badType).error.message).toBe("Invalid request parameters: key must be a non-empty string")
  })

  it("deletes a credential: {deleted: true}, then 404 for get and for a second delete", async () => {
    const server = await serve({ keys })
    const id = keys[5]!.id
    expect(json(await send(`${server.url}/byok/${id}`, { method: "DELETE", apiKey }))).toEqual({ deleted: true })
    expect(statusOf(await send(`${server.url}/byok/${id}`, { apiKey }))).toBe(404)
    expect(statusOf(await send(`${server.url}/byok/${id}`, { method: "DELETE", apiKey }))).toBe(404)
    expect(server.keys().some((key) => key.id === id)).toBe(false)
  })

  it("answers 404 with the API's error body to any other route or method; HEAD as GET without a body", async () => {
    const server = await serve({ keys })
    expect(json(await send(`${server.url}/credits`, { apiKey }))).toEqual({
      error: { code: 404, message: "Not Found" }
    })
    expect(statusOf(await send(`${server.url}/byok/x`, { method: "PUT", apiKey }))).toBe(404)
    expect(statusOf(await send(`${server.url}/byok/a/b`, { apiKey }))).toBe(404)
    expect(statusOf(await send(`${server.url}/byokx`, { apiKey }))).toBe(404)
    expect(statusOf(await send(`${server.url.replace("/api/v1", "")}/byok`, { apiKey }))).toBe(404)
    expect(await send(`${server.url}/byok`, { method: "HEAD", apiKey })).toMatchObject({ status: 200, body: "" })
  })
})
