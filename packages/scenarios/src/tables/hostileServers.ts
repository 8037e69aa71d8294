/**
 * Servers, proxies and gateways that lie: page sizes that change per page, a wrong
 * `total_count`, an ignored `offset`, error answers that echo the request, absurd bodies,
 * redirects. Whatever the server says, a listing ends complete or with a typed error (the same
 * at every concurrency), nothing is a defect, and no error renders unbounded or with a key.
 */
import { ByokKeyFixtures } from "openrouter-byok-mock-server"
import { markers, providerKeyMarker } from "../markers.js"
import { type Call, containing, elsewhereOrigin, type Scenario, secret, type Table } from "../scenario.js"

const keysOf = (count: number) =>
  ByokKeyFixtures.make({ count, seed: 12, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })

const idsOf = (count: number) => keysOf(count).map((key) => key.id)

/** No rendering of an error quotes more than a few hundred characters of the server, or holds a key. */
const safelyRendered = { nothingContains: markers, messageShorterThan: 1_000 } as const

const concurrencies = [1, 4] as const

const lyingPages: ReadonlyArray<Scenario> = [
  ...concurrencies.map((concurrency): Scenario => ({
    name: `lists all 237 credentials when the first page holds 25 and the others 20 (concurrency ${concurrency})`,
    server: { options: { keys: keysOf(237), misbehaviour: { pageSize: (offset) => offset === 0 ? 25 : 20 } } },
    call: { operation: "listItems", params: { concurrency } },
    expect: { outcome: { _tag: "Success", ids: idsOf(237) } }
  })),
  ...concurrencies.map((concurrency): Scenario => ({
    name: `ends at the first empty page when total_count says 10^12 (concurrency ${concurrency})`,
    server: { options: { keys: keysOf(250), misbehaviour: { totalCount: 10 ** 12 } } },
    call: { operation: "listItems", params: { concurrency } },
    // Three full pages and the empty one, plus what was already sent ahead.
    expect: { outcome: { _tag: "Success", ids: idsOf(250) }, requests: { atMost: 4 + concurrency } }
  })),
  ...concurrencies.map((concurrency): Scenario => ({
    name: `fails with InconsistentPagination against a server that ignores offset (concurrency ${concurrency})`,
    server: { options: { keys: keysOf(250), misbehaviour: { ignoreOffset: true, totalCount: 10 ** 12 } } },
    call: { operation: "listItems", params: { concurrency } },
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "InconsistentPagination", offset: 100, previousOffset: 0 } },
      requests: { atMost: 2 + concurrency }
    }
  })),
  ...[-5, 1.5, -0.5, 2 ** 53, "10", null, [3], { n: 3 }].flatMap((totalCount) =>
    concurrencies.map((concurrency): Scenario => ({
      name: `refuses total_count ${
        JSON.stringify(totalCount)
      } with a DecodeError at total_count (concurrency ${concurrency})`,
      server: { options: { keys: keysOf(250), misbehaviour: { totalCount: () => totalCount } } },
      call: { operation: "listItems", params: { concurrency } },
      expect: { outcome: { _tag: "Failure", error: { _tag: "DecodeError", path: "total_count" } } }
    }))
  )
]

const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth)
const deepObject = (depth: number) => "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)

/** Bodies in place of a 200 listing, and the path of the DecodeError (none: the listing succeeds). */
const absurdBodies: ReadonlyArray<
  { readonly what: string; readonly body: (original: string) => string | Uint8Array; readonly path?: string }
> = [
  { what: "data nested 100,000 deep", body: () => `{"data":${deep(100_000)},"total_count":1}`, path: "data[0]" },
  {
    what: "a credential nested 100,000 deep",
    body: () => `{"data":[${deep(100_000)}],"total_count":1}`,
    path: "data[0]"
  },
  {
    what: "a field nested 100,000 deep",
    body: (original) => original.replace(/"label":"[^"]*"/, `"label":${deepObject(100_000)}`),
    path: "data[0].label"
  },
  {
    what: "total_count nested 100,000 deep",
    body: (original) => original.replace(/"total_count":\d+/, `"total_count":${deep(100_000)}`),
    path: "total_count"
  },
  {
    what: "an unknown property nested 100,000 deep",
    body: (original) => original.replace(/^\{/, `{"extra":${deep(100_000)},`)
  },
  { what: "the whole body nested 100,000 deep", body: () => deep(100_000), path: "" },
  {
    what: "data of 1,000,000 nulls",
    body: () => `{"data":[${Array(1_000_000).fill("null").join(",")}],"total_count":1}`,
    path: "data[0]"
  },
  {
    what: "a 5 MB label",
    body: (original) => original.replace(/"label":"[^"]*"/, `"label":"${"x".repeat(5_000_000)}"`)
  },
  {
    what: "a 5 MB string where a number belongs",
    body: (original) => original.replace(/"sort_order":\d+/, `"sort_order":"${"9".repeat(5_000_000)}"`),
    path: "data[0].sort_order"
  },
  {
    what: "invalid UTF-8 in a string",
    body: (original) => {
      const at = original.indexOf("\"label\":\"") + 9
      const encoder = new TextEncoder()
      const before = encoder.encode(original.slice(0, at))
      const after = encoder.encode(original.slice(at))
      const bytes = new Uint8Array(before.length + 3 + after.length)
      bytes.set(before)
      bytes.set([0xff, 0xfe, 0xc3], before.length)
      bytes.set(after, before.length + 3)
      return bytes
    }
  },
  { what: "invalid UTF-8 outside strings", body: () => new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), path: "" }
]

const absurd: ReadonlyArray<Scenario> = [
  ...absurdBodies.map(({ body, path, what }): Scenario => ({
    name: `${what}: ${path === undefined ? "the listing" : `a DecodeError at ${JSON.stringify(path)}`}, never a defect`,
    server: {
      options: {
        keys: keysOf(3),
        misbehaviour: { body: (answer) => answer.status === 200 ? body(answer.body) : undefined }
      }
    },
    call: { operation: "listItems" },
    everyHttpStack: true,
    expect: path === undefined
      ? { outcome: { _tag: "Success", count: 3 } }
      : { outcome: { _tag: "Failure", error: { _tag: "DecodeError", path } }, ...safelyRendered }
  })),
  {
    name: "a 401 whose metadata nests 100,000 deep renders every way without throwing",
    server: {
      options: {
        // The server expects another key: every request is a 401.
        apiKey: "sk-or-v1-another-key",
        misbehaviour: {
          body: (answer) =>
            answer.status === 401
              ? `{"error":{"code":401,"message":"no","metadata":{"a":${deep(100_000)}}}}`
              : undefined
        }
      }
    },
    call: { operation: "get", id: "x" },
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "Unauthorized" } },
      someRenderingContains: ["nested deeper than 32 levels"],
      ...safelyRendered
    }
  }
]

const huge = "é".repeat(5_000_000)

const bounded: ReadonlyArray<Scenario> = [{
  name: "quotes 300 characters of a 5 MB server message, and keeps all of it in serverMessage",
  server: {
    options: {
      keys: keysOf(1),
      misbehaviour: {
        body: (answer) => answer.status === 500 ? JSON.stringify({ error: { code: 500, message: huge } }) : undefined
      }
    },
    faults: ["http500"]
  },
  call: { operation: "get", id: "x" },
  expect: {
    outcome: { _tag: "Failure", error: { _tag: "InternalServer", serverMessage: huge } },
    messageShorterThan: 500,
    messageContains: ["(5000000 characters)"]
  }
}]

const sendingTheProviderKey: ReadonlyArray<readonly ["create" | "update", Call]> = [
  ["create", { operation: "create", input: { provider: "openai", key: secret(providerKeyMarker) } }],
  ["update", { operation: "update", id: keysOf(1)[0]!.id, patch: { key: secret(providerKeyMarker) } }]
]

const echoing: ReadonlyArray<Scenario> = [
  {
    name: "redacts the management key from a 401 that quotes the Authorization header",
    server: { options: { apiKey: "sk-or-v1-another-key", misbehaviour: { echoRequest: true } } },
    client: { retries: "default" },
    call: { operation: "get", id: "x" },
    everyHttpStack: true,
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "Unauthorized", serverMessage: containing("Bearer <redacted>") } },
      jsonContains: ["<redacted>"],
      ...safelyRendered
    }
  },
  ...sendingTheProviderKey.map(([operation, call]): Scenario => ({
    name: `redacts the provider key ${operation} sends from a 500 that quotes the body`,
    server: { options: { keys: keysOf(1), misbehaviour: { echoRequest: true } }, faults: ["http500"] },
    call,
    everyHttpStack: true,
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "InternalServer", metadata: containing("<redacted>") } },
      ...safelyRendered
    }
  }))
]

const redirectCalls: Record<"create" | "update" | "get", Call> = {
  create: { operation: "create", input: { provider: "openai", key: secret(providerKeyMarker) } },
  update: { operation: "update", id: "x", patch: { key: secret(providerKeyMarker) } },
  get: { operation: "get", id: "x" }
}

const redirects: ReadonlyArray<Scenario> = [
  ...([
    { status: 307, operation: "create" },
    { status: 308, operation: "create" },
    { status: 307, operation: "update" },
    { status: 308, operation: "update" },
    { status: 301, operation: "get" }
  ] as const).map(({ operation, status }): Scenario => ({
    name: `a ${status} on ${operation} is an UnexpectedStatus naming the origin it points to, not followed`,
    server: { options: { keys: keysOf(1) }, redirectElsewhere: { status, path: "/byok/stolen?token=t" } },
    call: redirectCalls[operation],
    everyHttpStack: true,
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "UnexpectedStatus", status, location: elsewhereOrigin } },
      messageContains: ["Redirect not followed"],
      messageExcludes: ["stolen"],
      elsewhereRequests: 0,
      ...safelyRendered
    }
  })),
  // The management key reached the server that redirected (it accepts only that key), and nothing reached the other.
  ...([301, 302, 303, 307, 308] as const).map((status): Scenario => ({
    name:
      `a ${status} on get, with retries allowed, is neither followed nor retried: UnexpectedStatus with the origin it points to`,
    server: { redirectElsewhere: { status, path: "/byok/stolen?token=x" } },
    client: { retries: 2 },
    call: { operation: "get", id: "1" },
    everyHttpStack: true,
    expect: {
      outcome: { _tag: "Failure", error: { _tag: "UnexpectedStatus", status, location: elsewhereOrigin } },
      messageExcludes: ["stolen"],
      requestLog: [{ status, authorization: "management" }],
      elsewhereRequests: 0
    }
  }))
]

export const hostileServers: Table = {
  name: "hostile servers",
  about: "A server that lies about its pages, sends absurd bodies, echoes the request or redirects: " +
    "the caller gets its credentials or a typed error, never a defect, never an unbounded message or a key.",
  scenarios: [...lyingPages, ...absurd, ...bounded, ...echoing, ...redirects]
}
