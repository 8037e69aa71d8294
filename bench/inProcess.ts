/**
 * The library's own cost per page, without sockets: `npx tsx bench/inProcess.ts [--keys N] [--runs N]`.
 *
 * Every variant lists the same keys (100 per page) from an in-memory `HttpClient` whose answers
 * are prepared ahead of time, so what is measured is the client and the Effect runtime under it,
 * not a server, a kernel or another process on a shared core.
 *
 * The variants are the reference loop of `npm run bench` (bench/clients/effectLoop.ts), that
 * loop with one of the library's mechanisms added (the library's own code for it, from
 * src/internal/), the loop with all of them, and the library itself.
 *
 * Each variant runs in a fresh process, lists the keys twice to warm up, then `--runs` times;
 * the table gives the median wall and CPU time per page, and the garbage collection time per
 * listing (young generation, then old), from `PerformanceObserver` `gc` entries. Last, one more
 * listing runs under V8's sampling heap profiler, which estimates every allocation, collected
 * or not, from a sample per KiB: the bytes allocated per page. That figure moves by about 1 % between runs, where CPU
 * time on a shared machine moves by 10 % or more, so it is the one to compare mechanisms by.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { execFileSync } from "node:child_process"
import * as Inspector from "node:inspector/promises"
import { constants, PerformanceObserver } from "node:perf_hooks"
import { withAttemptTimeout } from "../src/internal/attemptTimeout.js"
import { defaultRequestTimeout } from "../src/internal/openRouterByok.js"
import { neverFollowRedirects } from "../src/internal/redirectPolicy.js"
import { defaultRetrySchedule, retrying } from "../src/internal/retryPolicy.js"
import type { OpenRouterByokError } from "../src/OpenRouterByokError.js"
import * as EffectClient from "./clients/effectClient.js"
import * as EffectLoop from "./clients/effectLoop.js"
import { pageBody } from "./fixture.js"

const limit = 100
const apiUrl = "https://openrouter.test/api/v1"

/** The library's mechanisms around a page, each as the library applies it. */
const listSpan = Effect.runSync(Effect.makeSpan("OpenRouterByok.list"))
const mechanisms = {
  timeout: { page: withAttemptTimeout(defaultRequestTimeout, "GET /byok") },
  retries: {
    // The loop's page fails only by defects (a bad body throws), so no error reaches the policy.
    page: (page) =>
      retrying(page as Effect.Effect<EffectLoop.Page, OpenRouterByokError>, "transient", defaultRetrySchedule)
  },
  redirects: { client: neverFollowRedirects },
  span: { page: Effect.withParentSpan(listSpan) },
  stream: { stream: true }
} satisfies Record<string, EffectLoop.Mechanisms>

const variants = {
  reference: "reference: `HttpClient` loop + decoder, nothing else",
  timeout: "reference + the attempt timeout (`Effect.timeoutFail`, 30 s)",
  retries: "reference + the retry policy (`Effect.retry`)",
  redirects: "reference + the redirect guard (`RequestInit` provided per request)",
  span: "reference + the list span as each page's parent (`Effect.withParentSpan`)",
  stream: "reference, paged by `Stream.paginateEffect` into a stream of credentials",
  all: "reference + all five above",
  library: "this library's `listItems`",
  "no-timeout": "this library, `requestTimeout: Duration.infinity`",
  "concurrency-8": "this library, `concurrency: 8`"
} as const
type Variant = keyof typeof variants

const option = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}
const keys = option("--keys", 100_000)
const runs = option("--runs", 9)

/** Answers `GET /byok?offset&limit` from page bodies encoded once, as a socket would hand them over. */
const inMemoryClient = () => {
  const bodies = new Map<number, ArrayBuffer>()
  for (let offset = 0; offset < keys; offset += limit) {
    bodies.set(offset, new TextEncoder().encode(pageBody(keys, offset, limit)).buffer as ArrayBuffer)
  }
  return HttpClient.make((request, url) =>
    Effect.sync(() =>
      HttpClientResponse.fromWeb(
        request,
        new Response(bodies.get(Number(url.searchParams.get("offset"))) ?? null, {
          headers: { "content-type": "application/json" }
        })
      )
    )
  )
}

/** The same clients as `npm run bench` (bench/clients/), on the in-memory `HttpClient`. */
const listing = (variant: Variant): Promise<() => Promise<number>> => {
  const httpClient = Layer.succeed(HttpClient.HttpClient, inMemoryClient())
  const options = { apiUrl, apiKey: "sk-or-v1-bench", limit, concurrency: variant === "concurrency-8" ? 8 : 1 }
  switch (variant) {
    case "library":
    case "concurrency-8":
      return EffectClient.makeOn(httpClient)(options)
    case "no-timeout":
      return EffectClient.makeOn(httpClient, { requestTimeout: Duration.infinity })(options)
    case "reference":
      return EffectLoop.makeOn(httpClient)(options)
    case "all": {
      const { redirects, retries, span, stream, timeout } = mechanisms
      // Composed as the library composes them: the timeout inside the retries, the span outside both.
      const page: EffectLoop.Mechanisms["page"] = (effect) => span.page(retries.page(timeout.page(effect)))
      return EffectLoop.makeOn(httpClient, { ...redirects, ...stream, page })(options)
    }
    default:
      return EffectLoop.makeOn(httpClient, mechanisms[variant])(options)
  }
}

/** Bytes allocated by one listing, collected or not, from V8's sampling heap profiler (one sample per KiB). */
const allocatedBy = async (listAll: () => Promise<number>): Promise<number> => {
  const session = new Inspector.Session()
  session.connect()
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true
  } as Inspector.HeapProfiler.StartSamplingParameterType)
  await listAll()
  const { profile } = await session.post("HeapProfiler.stopSampling")
  session.disconnect()
  const total = (node: Inspector.HeapProfiler.SamplingHeapProfileNode): number =>
    node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0)
  return total(profile.head)
}

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** In the child: measure one variant, print one JSON line. */
const measure = async (variant: Variant) => {
  const gc = { young: 0, old: 0 }
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { readonly detail?: { readonly kind?: number } }).detail?.kind
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.young += entry.duration
      else gc.old += entry.duration
    }
  })
  const listAll = await listing(variant)
  for (let warmUp = 0; warmUp < 2; warmUp++) await listAll()
  await new Promise((resolve) => setTimeout(resolve, 10))
  observer.observe({ entryTypes: ["gc"] })
  const walls: Array<number> = []
  const cpus: Array<number> = []
  for (let run = 0; run < runs; run++) {
    const start = performance.now()
    const cpu = process.cpuUsage()
    const items = await listAll()
    const used = process.cpuUsage(cpu)
    walls.push(performance.now() - start)
    cpus.push((used.user + used.system) / 1000)
    if (items !== keys) throw new Error(`${variant} listed ${items} keys of ${keys}`)
  }
  await new Promise((resolve) => setTimeout(resolve, 10))
  observer.disconnect()
  const allocated = await allocatedBy(listAll)
  console.log(
    JSON.stringify({ wall: median(walls), cpu: median(cpus), young: gc.young / runs, old: gc.old / runs, allocated })
  )
}

const child = process.argv[2] as Variant | undefined
if (child !== undefined && child in variants) {
  await measure(child)
} else {
  const pages = Math.ceil(keys / limit)
  console.log(
    `Listing ${
      keys.toLocaleString("en")
    } keys from an in-memory HttpClient, ${runs} runs per variant, each in a fresh process.\n`
  )
  console.log(
    "| variant | allocated per page | / reference | wall per page (median) | CPU per page | GC per listing: young | old |"
  )
  console.log("|---|---:|---:|---:|---:|---:|---:|")
  let reference: number | undefined
  for (const variant of Object.keys(variants) as Array<Variant>) {
    const output = execFileSync(process.execPath, [
      ...process.execArgv,
      process.argv[1]!,
      variant,
      ...process.argv.slice(2)
    ], {
      encoding: "utf8"
    })
    const { allocated, cpu, old, wall, young } = JSON.parse(output.trim().split("\n").at(-1)!) as Record<string, number>
    const kib = allocated! / 1024 / pages
    reference ??= kib
    const extra = kib - reference
    console.log(
      `| ${variants[variant]} | ${kib.toFixed(1)} KiB | ${
        variant === "reference" ? "" : `${extra >= 0 ? "+" : ""}${extra.toFixed(1)} KiB`
      } | ${(wall! * 1000 / pages).toFixed(0)} us | ${(cpu! * 1000 / pages).toFixed(0)} us | ${
        young!.toFixed(0)
      } ms | ${old!.toFixed(0)} ms |`
    )
  }
}
