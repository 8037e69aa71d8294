/**
 * `npm run start:effect4`: the Effect 4 edition end to end.
 *
 * Without `OPENROUTER_API_KEY` (and without a network), it starts the mock BYOK server in this
 * process with a few hundred seeded credentials and light fault injection, and runs the real
 * client against it over HTTP: it streams the pages, summarises the credentials, reads one,
 * handles a `NotFound`, shows the injected 429 / 5xx answers being retried, and takes a
 * credential through its life (create, rotate, disable, delete).
 *
 * With `OPENROUTER_API_KEY` set (a management key), it runs read-only against the real API
 * instead: `list` and `get`, nothing else.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { type ByokKey, OpenRouterByok } from "effect4-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect4-openrouter-byok/testing"
import { resolve } from "node:path"
import { fileURLToPath } from "node:url"

// ---------------------------------------------------------------------------------------------
// What a user's program does with the client: the same code runs against the mock and the API.
// ---------------------------------------------------------------------------------------------

/** Streams every credential page by page, printing one progress line per page. */
const listWithProgress = (pageSize: number) =>
  OpenRouterByok.list({ limit: pageSize }).pipe(
    Stream.mapAccum(() => 0, (seen, page) => {
      const total = seen + page.data.length
      return [total, [{ page, seenSoFar: total }]] as const
    }),
    Stream.tap(({ page, seenSoFar }) =>
      Console.log(
        `  page ${page.offset / page.limit + 1} of ${Math.max(1, Math.ceil(page.totalCount / page.limit))}, ` +
          `${seenSoFar} keys so far`
      )
    ),
    Stream.flatMap(({ page }) => Stream.fromIterable(page.data)),
    Stream.runCollect
  )

const hasAllowlist = (key: ByokKey.ByokKey) =>
  key.allowedModels !== null || key.allowedUserIds !== null || key.allowedApiKeyHashes !== null

/** Keys per provider (the largest first), and how many are disabled, fallback, restricted. */
const summaryTable = (keys: ReadonlyArray<ByokKey.ByokKey>): string => {
  const perProvider = new Map<string, number>()
  for (const key of keys) perProvider.set(key.provider, (perProvider.get(key.provider) ?? 0) + 1)
  const ranked = [...perProvider].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
  const shown = ranked.slice(0, 10)
  const rest = ranked.slice(10)
  const rows: Array<readonly [string, number]> = [
    ...shown,
    ...(rest.length === 0
      ? []
      : [[`${rest.length} other providers`, rest.reduce((sum, [, n]) => sum + n, 0)] as const]),
    ["(total)", keys.length],
    ["disabled", keys.filter((key) => key.disabled).length],
    ["fallback", keys.filter((key) => key.isFallback).length],
    ["with allowlists", keys.filter(hasAllowlist).length],
    ["global (no workspace)", keys.filter((key) => key.workspaceId === null).length]
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  return rows.map(([label, count]) => `  ${label.padEnd(width)}  ${String(count).padStart(5)}`).join("\n")
}

const describeKey = (key: ByokKey.ByokKey) =>
  `${key.id} ${key.provider} ${key.label} ${JSON.stringify(key.name)}${key.disabled ? " (disabled)" : ""}`

const auditAndRead = (pageSize: number) =>
  Effect.gen(function*() {
    yield* Console.log(`\nListing every credential, ${pageSize} per page:`)
    const keys = yield* listWithProgress(pageSize)
    yield* Console.log(`\nSummary:\n${summaryTable(keys)}`)
    const [first] = keys
    if (first?.id !== undefined) {
      const key = yield* OpenRouterByok.get(first.id)
      yield* Console.log(`\nget ${first.id}:\n  ${describeKey(key)}`)
    }
    return keys
  })

// ---------------------------------------------------------------------------------------------
// Against the mock server
// ---------------------------------------------------------------------------------------------

/** The client logs each retry at Debug level; show those lines, and only those. */
const retryLinesOnly = Logger.make(({ message }) => {
  const text = (Array.isArray(message) ? message : [message]).join(" ")
  if (text.startsWith("OpenRouterByok: retrying")) {
    globalThis.console.log(`    ↻ ${text.replace("OpenRouterByok: ", "")}`)
  }
})

const lifeOfACredential = Effect.gen(function*() {
  yield* Console.log("\nA credential's life (faults off: create is, by design, not retried after a 5xx):")
  const created = yield* OpenRouterByok.create({
    provider: "openai",
    key: Redacted.make("sk-proj-demo-0000000000000000000000AbCd"),
    name: "Demo key"
  })
  yield* Console.log(`  created  ${describeKey(created)}`)
  const rotated = yield* OpenRouterByok.update(created.id, {
    key: Redacted.make("sk-proj-demo-rotated-00000000000000WxYz")
  })
  yield* Console.log(`  rotated  ${describeKey(rotated)}`)
  const disabled = yield* OpenRouterByok.update(created.id, { disabled: true })
  yield* Console.log(`  disabled ${describeKey(disabled)}`)
  yield* OpenRouterByok.delete(created.id)
  const gone = yield* OpenRouterByok.get(created.id).pipe(
    Effect.as("still there?"),
    Effect.catchTag("NotFound", () => Effect.succeed("get now answers NotFound"))
  )
  yield* Console.log(`  deleted  (${gone})`)
})

const againstMockServer = Effect.gen(function*() {
  const server = yield* MockServer.MockServer
  yield* Console.log(
    `No OPENROUTER_API_KEY: running against the mock BYOK server at ${server.url}\n` +
      "(300 seeded credentials; about 1 request in 6 gets a 429, 5xx, dropped connection or cut-off body)"
  )
  yield* auditAndRead(25)

  const missing = "00000000-0000-4000-8000-000000000000"
  yield* OpenRouterByok.get(missing).pipe(
    Effect.flatMap((key) => Console.log(`unexpected: ${describeKey(key)}`)),
    Effect.catchTag("NotFound", (error) => Console.log(`\nNotFound handled with Effect.catchTag:\n  ${error.message}`))
  )

  const counters = yield* server.counters
  const faults = Object.entries(counters.byFault).map(([fault, n]) => `${fault} x${n}`).join(", ")
  yield* Console.log(
    `\nThe server saw ${counters.requests} requests; injected faults: ${faults || "none"}.\n` +
      "Each was retried (the lines marked ↻ above, with the wait), and no credential was lost or repeated."
  )

  yield* server.setFaults({})
  yield* lifeOfACredential
})

/** A quick but honest schedule: exponential backoff from 50 ms, jittered, five retries; a Retry-After still sets the least wait. */
const demoRetries = Schedule.max([Schedule.exponential("50 millis").pipe(Schedule.jittered), Schedule.recurs(5)])

const mockRun = againstMockServer.pipe(
  Effect.provide(MockServer.layerClient({ retrySchedule: demoRetries, requestTimeout: "5 seconds" })),
  Effect.provide(
    MockServer.layer({
      keys: ByokKeyFixtures.make({ count: 300, seed: 7, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] }),
      faults: { seed: 7, transientRate: 0.17, latencyMs: { min: 2, max: 15 }, retryAfterSeconds: 1 }
    })
  ),
  // In place of the default logger, which would print every debug line: the demo picks its own (retries only).
  Effect.provide(Logger.layer([retryLinesOnly])),
  Effect.provideService(References.MinimumLogLevel, "Debug")
)

// ---------------------------------------------------------------------------------------------
// Against the real API
// ---------------------------------------------------------------------------------------------

const realRun = Effect.gen(function*() {
  const apiUrl = yield* Config.String("OPENROUTER_API_URL").pipe(Config.withDefault("https://openrouter.ai/api/v1"))
  yield* Console.log(`OPENROUTER_API_KEY is set: running read-only against ${apiUrl} (list and get only).`)
  yield* auditAndRead(100)
}).pipe(Effect.provide(OpenRouterByok.layerConfig()))

// ---------------------------------------------------------------------------------------------

/** The whole demo: against the API when `OPENROUTER_API_KEY` is set, else against the mock server. */
export const main = Effect.gen(function*() {
  // An empty OPENROUTER_API_KEY counts as unset, as Config reads it.
  const apiKey = yield* Config.option(Config.String("OPENROUTER_API_KEY"))
  yield* Option.isSome(apiKey) ? realRun : mockRun
}).pipe(Effect.provide(FetchHttpClient.layer))

// `npm run start:effect4` runs this file; its test imports `main` instead.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  NodeRuntime.runMain(main)
}
