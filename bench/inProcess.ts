/**
 * The library's own cost per page, without sockets: `npx tsx bench/inProcess.ts [--keys N] [--runs N]`.
 *
 * Every variant lists the same keys (100 per page) from an in-memory `HttpClient` whose answers
 * are prepared ahead of time, so what is measured is the client and the Effect runtime under it,
 * not a server, a kernel or another process on a shared core. The spread between runs is a few
 * per cent here, against 10 % or more over loopback HTTP, which makes small changes measurable.
 *
 * Each variant runs in a fresh process, lists the keys twice to warm up, then `--runs` times;
 * the table gives the median wall time per listing and the garbage collection time per listing
 * (young generation, then old), from `PerformanceObserver` `gc` entries.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { execFileSync } from "node:child_process"
import { constants, PerformanceObserver } from "node:perf_hooks"
import * as EffectClient from "./clients/effectClient.js"
import * as EffectLoop from "./clients/effectLoop.js"
import { pageBody } from "./fixture.js"

const limit = 100
const apiUrl = "https://openrouter.test/api/v1"

const variants = {
  reference: "reference: `HttpClient` loop + decoder, nothing else",
  library: "this library's `listItems`",
  "no-timeout": "this library, `requestTimeout: Duration.infinity` (no fiber per attempt)",
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
  const make = variant === "reference"
    ? EffectLoop.makeOn(httpClient)
    : EffectClient.makeOn(httpClient, variant === "no-timeout" ? { requestTimeout: Duration.infinity } : {})
  return make({ apiUrl, apiKey: "sk-or-v1-bench", limit, concurrency: variant === "concurrency-8" ? 8 : 1 })
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
  for (let run = 0; run < runs; run++) {
    const start = performance.now()
    const items = await listAll()
    walls.push(performance.now() - start)
    if (items !== keys) throw new Error(`${variant} listed ${items} keys of ${keys}`)
  }
  await new Promise((resolve) => setTimeout(resolve, 10))
  observer.disconnect()
  console.log(JSON.stringify({ wall: median(walls), young: gc.young / runs, old: gc.old / runs }))
}

const child = process.argv[2] as Variant | undefined
if (child !== undefined && child in variants) {
  await measure(child)
} else {
  console.log(
    `Listing ${
      keys.toLocaleString("en")
    } keys from an in-memory HttpClient, ${runs} runs per variant, each in a fresh process.\n`
  )
  console.log("| variant | wall per listing (median) | per page | GC per listing: young | old |")
  console.log("|---|---:|---:|---:|---:|")
  for (const variant of Object.keys(variants) as Array<Variant>) {
    const output = execFileSync(process.execPath, [
      ...process.execArgv,
      process.argv[1]!,
      variant,
      ...process.argv.slice(2)
    ], {
      encoding: "utf8"
    })
    const { old, wall, young } = JSON.parse(output.trim().split("\n").at(-1)!) as Record<string, number>
    const perPage = (wall! * 1000) / Math.ceil(keys / limit)
    console.log(
      `| ${variants[variant]} | ${wall!.toFixed(0)} ms | ${perPage.toFixed(0)} us | ${young!.toFixed(0)} ms | ${
        old!.toFixed(0)
      } ms |`
    )
  }
}
