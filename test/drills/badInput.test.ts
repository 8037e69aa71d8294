/**
 * Drill: bad arguments, for every operation, from the shared table (`badInput` in
 * openrouter-byok-scenarios): each refused with `InvalidRequest` before anything is sent, or
 * received by the mock server exactly as given, percent-encoded, and nothing else. Here
 * besides, on a stub `HttpClient`, what the mock server's request log cannot show: that each
 * query parameter is sent once (the log keeps one value per name) and no fragment is sent.
 */
import { describe, expect, it } from "@effect/vitest"
import type { ByokKey, OpenRouterByok } from "effect-openrouter-byok"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { badInput } from "openrouter-byok-scenarios"
import { apiPath, immediateRetries, stubbed } from "../support/clients.js"
import { errorBody } from "../support/fixtures.js"
import { Reply } from "../support/StubHttpClient.js"
import { runTable } from "./support/runTable.js"
import { sent } from "./support/sentRequests.js"

type Call = (byok: OpenRouterByok.Service) => Effect.Effect<unknown, { readonly _tag: string }>

/** Arguments the types forbid but JavaScript callers (or `as any`) can still pass. */
const unsafe = <A>(value: unknown): A => value as A

/**
 * A server that answers 404 to everything, and `send`, which runs a call against it and
 * returns how the call ended and what was sent meanwhile.
 */
const notFoundServer = Effect.gen(function*() {
  const { byok, stub } = yield* stubbed([Reply.json(404, errorBody(404, "Resource not found"))], {
    retrySchedule: immediateRetries
  })
  const send = (call: Call) =>
    Effect.gen(function*() {
      const before = stub.requests.length
      const exit = yield* Effect.exit(call(byok))
      return { exit, requests: stub.requests.slice(before).map(sent) }
    })
  return send
})

runTable(badInput)

describe("list: the parameters, as the HTTP stack puts them on the wire", () => {
  const list = (params: unknown): Call => (byok) => Stream.runDrain(byok.list(unsafe(params)))

  const strangeParams: ReadonlyArray<ByokKey.ListParams> = [
    { workspaceId: "a&limit=5" },
    { workspaceId: "../../credits" },
    { workspaceId: "%2F%26" },
    { workspaceId: "?offset=9" },
    { workspaceId: "#fragment" },
    { workspaceId: "a+b c" },
    { workspaceId: "\u0000" },
    { provider: "ключ 🔑" },
    { provider: "x=y&offset=7" },
    { provider: "w".repeat(255), workspaceId: "v".repeat(255) }
  ]

  it.effect(`sends each of ${strangeParams.length} strange filters (query injections, path tricks, "#", unicode) as exactly the given query parameters, each once`, () =>
    Effect.gen(function*() {
      const send = yield* notFoundServer
      for (const params of strangeParams) {
        const { requests } = yield* send(list(params))
        const shown = JSON.stringify(params)
        expect(requests, shown).toHaveLength(1)
        const [request] = requests
        expect(`${request!.method} ${request!.path}`, shown).toBe(`GET ${apiPath}/byok`)
        expect(request!.target, shown).not.toContain("#")
        const query = request!.query
        const expected: Record<string, string> = {
          offset: "0",
          limit: "100",
          ...(params.workspaceId === undefined ? {} : { workspace_id: params.workspaceId }),
          ...(params.provider === undefined ? {} : { provider: params.provider })
        }
        expect(query.map(([name]) => name).sort(), shown).toEqual(Object.keys(expected).sort())
        expect(Object.fromEntries(query), shown).toEqual(expected)
      }
    }))
})
