/**
 * The mock server must not drift from the wire contract: every body it serves, success and
 * error, for every operation and both response shapes, is validated against the JSON schemas
 * of spec/openrouter-byok.openapi.yaml with ajv, and every status the spec documents is
 * exercised. Plain HTTP, no client library: the server is the same for either edition.
 */
import { knownProviderSlugs } from "openrouter-byok-core"
import { describe, expect, it } from "vitest"
import {
  type ByokKey,
  ByokKeyFixtures,
  defaultApiKey,
  type MockServerHandle,
  start,
  type StartOptions
} from "../src/index.js"
import { type RawRequest, send } from "./support/http.js"
import { type JsonSchema, operationOf, operations, validate } from "./support/openApiSpec.js"

const apiKey = defaultApiKey
const nonManagementKey = "sk-or-v1-inference-only"

const knownSlugs: ReadonlySet<string> = new Set(knownProviderSlugs)

/** Whether a credential uses only the values the spec's open enums list today. */
const withinSpecEnums = (key: ByokKey) =>
  knownSlugs.has(key.provider) &&
  (key.declaredRegion == null || !ByokKeyFixtures.unknownDeclaredRegions.includes(key.declaredRegion))

/** Credentials of providers and regions the spec knows: the spec's enums are checked exactly. */
const keys = ByokKeyFixtures.make({ count: 80, seed: 3 }).filter(withinSpecEnums)

/**
 * Statuses the mock sends that an operation does not document, and why: the API answers 403
 * to a non-management key on every operation (the spec documents it only for create and
 * update), and a 429 can come from any of them. Both use the spec's common error envelope.
 */
const undocumentedButExpected = new Set([
  "listBYOKKeys 403",
  "getBYOKKey 403",
  "deleteBYOKKey 403",
  "listBYOKKeys 429",
  "getBYOKKey 429",
  "createBYOKKey 429",
  "updateBYOKKey 429",
  "deleteBYOKKey 429"
])

const errorEnvelopeOf = (status: number) => status === 403 ? "ForbiddenResponse" : "InternalServerResponse"

interface Served {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly contentType: string | undefined
  readonly body: string
}

type Call = readonly [method: string, path: string, request?: RawRequest]

const provider = { provider: "openai", key: "sk-proj-conformance-0000000000AbCd" }

/** One of every answer the API documents, and the undocumented ones the mock also gives. */
const calls = (existing: ReadonlyArray<string>): ReadonlyArray<Call> => {
  const [first, second, third] = existing
  const withKey =
    (key: string | undefined) => (method: string, path: string, request: RawRequest = {}): Call => [method, path, {
      ...request,
      apiKey: key
    }]
  const management = withKey(apiKey)
  const everyAuthFailure = (method: string, path: string, request: RawRequest = {}): ReadonlyArray<Call> => [
    withKey(undefined)(method, path, request),
    withKey("sk-or-v1-wrong")(method, path, request),
    withKey(nonManagementKey)(method, path, request)
  ]
  return [
    management("GET", "/byok"),
    management("GET", "/byok?offset=2&limit=3"),
    management("GET", `/byok?workspace_id=${ByokKeyFixtures.workspaceIds[1]}&provider=openai&limit=100`),
    management("GET", "/byok?offset=100000"),
    management("GET", "/byok?limit=0"),
    management("GET", "/byok?provider=no-such-provider"),
    ...everyAuthFailure("GET", "/byok"),
    management("GET", `/byok/${first}`),
    management("GET", "/byok/11111111-2222-3333-4444-555555555555"),
    ...everyAuthFailure("GET", `/byok/${first}`),
    management("POST", "/byok", {
      body: { ...provider, name: "Conformance", allowed_models: ["openai/gpt-4o"], declared_zdr: true }
    }),
    management("POST", "/byok", { body: provider }),
    management("POST", "/byok", { body: { ...provider, provider: "azure", declared_region: "europe" } }),
    management("POST", "/byok", { rawBody: "{" }),
    management("POST", "/byok", { body: { ...provider, provider: "no-such-provider" } }),
    management("POST", "/byok", { body: { ...provider, allowed_api_key_hashes: ["short"] } }),
    ...everyAuthFailure("POST", "/byok", { body: provider }),
    management("PATCH", `/byok/${second}`, {
      body: { name: null, allowed_models: null, key: "sk-rotated-000000000000WxYz" }
    }),
    management("PATCH", `/byok/${second}`, { body: {} }),
    management("PATCH", `/byok/${second}`, { body: { declared_region: "us" } }),
    management("PATCH", `/byok/${second}`, { body: { declared_region: null } }),
    management("PATCH", `/byok/${second}`, { body: { disabled: "no" } }),
    management("PATCH", "/byok/11111111-2222-3333-4444-555555555555", { body: { disabled: true } }),
    ...everyAuthFailure("PATCH", `/byok/${second}`, { body: { disabled: true } }),
    management("DELETE", `/byok/${third}`),
    management("DELETE", `/byok/${third}`),
    ...everyAuthFailure("DELETE", `/byok/${first}`)
  ]
}

/** Every operation once more, each answered with an injected fault that keeps the API's JSON envelope. */
const faultedCalls = (existing: ReadonlyArray<string>): ReadonlyArray<Call> =>
  operations.map((operation) => [
    operation.method,
    operation.path.replace("{id}", existing[0]!),
    { apiKey, ...(operation.method === "POST" || operation.method === "PATCH" ? { body: provider } : {}) }
  ])

/** Starts a server for `body`, and closes it when `body` is done. */
const withServer = async <A>(options: StartOptions, body: (server: MockServerHandle) => Promise<A>): Promise<A> => {
  const server = await start(options)
  try {
    return await body(server)
  } finally {
    await server.close()
  }
}

const serveAll = async (shape: "newest" | "legacy"): Promise<ReadonlyArray<Served>> => {
  const served: Array<Served> = []
  const run = async (server: MockServerHandle, call: Call) => {
    const exchange = await send(`${server.url}${call[1]}`, { method: call[0], ...call[2] })
    if (exchange.kind !== "answered") throw new Error(`no answer to ${call[0]} ${call[1]}`)
    served.push({
      method: call[0],
      path: `/api/v1${call[1].split("?")[0]}`,
      status: exchange.status,
      contentType: exchange.headers["content-type"],
      body: exchange.body
    })
  }
  const ids = keys.map((key) => key.id)
  await withServer({ keys, shape, nonManagementApiKeys: [nonManagementKey] }, async (server) => {
    for (const call of calls(ids)) await run(server, call)
    for (const fault of ["http500", "http429"] as const) {
      for (const call of faultedCalls(ids.slice(10))) {
        server.injectFaults([fault])
        await run(server, call)
      }
    }
  })
  await withServer({ keys, shape, defaultWorkspaceId: null }, async (withoutDefault) => {
    await run(withoutDefault, ["GET", "/byok", { apiKey }])
    await run(withoutDefault, ["POST", "/byok", { apiKey, body: provider }])
  })
  return served
}

const checkConformance = (shape: "newest" | "legacy", served: ReadonlyArray<Served>) => {
  for (const answer of served) {
    const operation = operationOf(answer.method, answer.path)!
    const where = `${operation.operationId} ${answer.status}`
    expect(answer.contentType, where).toMatch(/^application\/json/)
    const body = JSON.parse(answer.body)
    const documented: JsonSchema | undefined = operation.responses[String(answer.status)]
    if (documented === undefined) {
      expect(undocumentedButExpected, where).toContain(where)
      expect(validate("published", errorEnvelopeOf(answer.status), body), where).toEqual([])
    } else {
      expect(validate("published", documented, body), where).toEqual([])
      expect(validate(shape, documented, body), `${where} (${shape}: closed and complete)`).toEqual([])
    }
    if (answer.status >= 400) expect(body.error.code, where).toBe(answer.status)
  }
  // Every status the spec documents, for every operation, was served at least once.
  const seen = new Set(
    served.map((answer) => `${operationOf(answer.method, answer.path)!.operationId} ${answer.status}`)
  )
  for (const operation of operations) {
    for (const status of Object.keys(operation.responses)) {
      expect(seen, `${shape}`).toContain(`${operation.operationId} ${status}`)
    }
  }
}

describe("the mock server's conformance to spec/openrouter-byok.openapi.yaml", () => {
  it("serves only bodies valid against the spec, for every operation and documented status, in the newest shape", async () => {
    const served = await serveAll("newest")
    expect(served.length).toBeGreaterThan(40)
    checkConformance("newest", served)
    // The check has teeth: the same bodies break the legacy contract (they carry the newer fields).
    expect(() => checkConformance("legacy", served)).toThrow(/legacy: closed and complete/)
  })

  it("serves only bodies valid against the spec, without the x-added-later fields, in the legacy shape", async () => {
    checkConformance("legacy", await serveAll("legacy"))
  })

  it("differs from the spec only in its open enums when it holds providers and regions newer than the spec", async () => {
    const withNewValues = ByokKeyFixtures.make({ count: 300, seed: 3 })
    const exchange = await withServer(
      { keys: withNewValues },
      (server) => send(`${server.url}/byok?limit=100`, { apiKey })
    )
    const body = exchange.kind === "answered" ? JSON.parse(exchange.body) : undefined
    const errors = validate("published", operationOf("GET", "/api/v1/byok")!.responses["200"]!, body)
    expect(errors.some((error) => error.includes("/provider "))).toBe(true)
    expect(errors.some((error) => error.includes("/declared_region "))).toBe(true)
    for (const error of errors) {
      expect(error).toMatch(
        /^\/data\/\d+\/(provider|declared_region) must (be equal to one of the allowed values|be string|be null|match a schema in anyOf)$/
      )
    }
  })
})
