/**
 * `npm run bench [-- --quick] [-- --runs 7]`: every client lists the same N credentials from
 * a loopback server, each run in its own child process (so peak RSS is per client), in
 * alternation; then concurrent paging, memory and bundle size. Writes bench/RESULTS.md.
 */
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"
import { benchDir, buildClient } from "./build.js"
import { measureBundles } from "./bundleSize.js"
import { startServer } from "./server.js"

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name)
  return index === -1 ? fallback : Number(args[index + 1])
}
const runs = option("--runs", quick ? 3 : 7)
const concurrencyRuns = option("--concurrency-runs", quick ? 1 : 3)
const sizes = quick ? [10_000, 100_000] : [10_000, 100_000]
const limit = 100

const clients = [
  { id: "bare", label: "bare fetch + JSON.parse (no validation)" },
  { id: "sdk", label: "@openrouter/sdk byokList" },
  { id: "fetch", label: "this library, FetchHttpClient" },
  { id: "node", label: "this library, NodeHttpClient" }
] as const
type ClientId = typeof clients[number]["id"]

interface Measurement {
  readonly client: ClientId
  readonly items: number
  readonly wallMillis: number
  readonly cpuMillis: number
  readonly maxRssBytes: number
  readonly requests: number
}

const script = await buildClient()

const runClient = (client: ClientId, apiUrl: string, concurrency = 1) =>
  new Promise<Omit<Measurement, "requests">>((resolve, reject) => {
    const child = spawn(process.execPath, [script, client, apiUrl, String(limit), String(concurrency)], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk))
    child.on("error", reject)
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`client ${client} exited with ${code}`))
    )
  })

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const log = (line: string) => process.stderr.write(line + "\n")

// ---------------------------------------------------------------------------------------------
// 1. Listing N keys, every client, in alternation
// ---------------------------------------------------------------------------------------------

const server = await startServer({ keys: sizes[0]! })
const results = new Map<number, Array<Measurement>>()
for (const keys of sizes) {
  server.setKeys(keys)
  server.warm(limit)
  const measurements: Array<Measurement> = []
  for (let run = 0; run < runs; run++) {
    // Rotate the order, so no client always runs right after the same other one.
    for (let i = 0; i < clients.length; i++) {
      const { id } = clients[(i + run) % clients.length]!
      server.resetRequests()
      const result = await runClient(id, server.apiUrl)
      if (result.items !== keys) throw new Error(`${id} listed ${result.items} of ${keys} keys`)
      measurements.push({ ...result, requests: server.requests() })
      log(`N=${keys} run ${run + 1}/${runs} ${id}: ${result.wallMillis.toFixed(0)} ms wall, ${result.cpuMillis.toFixed(0)} ms CPU`)
    }
  }
  results.set(keys, measurements)
}
await server.close()

interface Summary {
  readonly wall: number
  readonly cpu: number
  readonly requests: number
  readonly rss: number
}
const summarize = (measurements: ReadonlyArray<Measurement>, client: ClientId): Summary => {
  const own = measurements.filter((m) => m.client === client)
  return {
    wall: median(own.map((m) => m.wallMillis)),
    cpu: median(own.map((m) => m.cpuMillis)),
    requests: Math.max(...own.map((m) => m.requests)),
    rss: Math.max(...own.map((m) => m.maxRssBytes))
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Concurrent paging: 20 ms of latency per answer, 100 pages
// ---------------------------------------------------------------------------------------------

const latencyMillis = 20
const pagedKeys = 100 * limit
const slowServer = await startServer({ keys: pagedKeys, latencyMillis })
slowServer.warm(limit)
const paging: Array<{ client: ClientId; concurrency: number; wall: number; requests: number }> = []
for (const client of ["fetch", "node"] as const) {
  for (const concurrency of [1, 8]) {
    const walls: Array<number> = []
    let requests = 0
    for (let run = 0; run < concurrencyRuns; run++) {
      slowServer.resetRequests()
      const result = await runClient(client, slowServer.apiUrl, concurrency)
      if (result.items !== pagedKeys) throw new Error(`${client} listed ${result.items} of ${pagedKeys} keys`)
      walls.push(result.wallMillis)
      requests = slowServer.requests()
      log(`paging ${client} concurrency ${concurrency}: ${result.wallMillis.toFixed(0)} ms`)
    }
    paging.push({ client, concurrency, wall: median(walls), requests })
  }
}
await slowServer.close()

// ---------------------------------------------------------------------------------------------
// 3. Bundle size
// ---------------------------------------------------------------------------------------------

const bundles = await measureBundles()

// ---------------------------------------------------------------------------------------------
// RESULTS.md
// ---------------------------------------------------------------------------------------------

const require = createRequire(import.meta.url)
const versionOf = (name: string): string => (require(`${name}/package.json`) as { version: string }).version
const ms = (value: number) => `${value.toFixed(0)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const ratio = (value: number) => `${value.toFixed(2)}x`
const command = `npm run bench${args.length === 0 ? "" : ` -- ${args.join(" ")}`}`

const lines: Array<string> = []
lines.push(
  "# Benchmark results",
  "",
  `Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)}. Each cell is the median of ${runs} runs; each run`,
  "is a fresh `node` process (so peak RSS is the client's own), clients in rotating alternation, all",
  `listing the same keys with \`limit=${limit}\` from a loopback server (bench/server.ts) in the parent process.`,
  "Wall and CPU time cover the listing only (not module loading); peak RSS is the process's.",
  "",
  "## Machine",
  "",
  `- ${Os.availableParallelism()} cores (\`nproc\`), ${Os.cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(Os.totalmem() / 1024 ** 3)} GB RAM`,
  `- Node ${process.version}, ${Os.type()} ${Os.release()}`,
  `- effect ${versionOf("effect")}, @effect/platform ${versionOf("@effect/platform")}, @effect/platform-node ${versionOf("@effect/platform-node")}, @openrouter/sdk ${versionOf("@openrouter/sdk")}, zod ${versionOf("zod")}, esbuild ${versionOf("esbuild")}`,
  ""
)
for (const keys of sizes) {
  const measurements = results.get(keys)!
  const bare = summarize(measurements, "bare")
  const sdk = summarize(measurements, "sdk")
  lines.push(
    `## Listing ${keys.toLocaleString("en-US")} keys`,
    "",
    "| client | wall (median) | CPU (median) | requests | peak RSS | wall / bare | wall / official SDK |",
    "|---|---:|---:|---:|---:|---:|---:|"
  )
  for (const { id, label } of clients) {
    const s = summarize(measurements, id)
    lines.push(
      `| ${label} | ${ms(s.wall)} | ${ms(s.cpu)} | ${s.requests} | ${mb(s.rss)} | ${ratio(s.wall / bare.wall)} | ${ratio(s.wall / sdk.wall)} |`
    )
  }
  lines.push("")
}

const [small, large] = sizes.map((keys) => results.get(keys)!)
lines.push(
  `## Memory: peak RSS, ${sizes[1]!.toLocaleString("en-US")} keys against ${sizes[0]!.toLocaleString("en-US")}`,
  "",
  "The stream holds one page at a time, so listing ten times more keys should not need more memory.",
  "",
  `| client | ${sizes[0]!.toLocaleString("en-US")} keys | ${sizes[1]!.toLocaleString("en-US")} keys | growth |`,
  "|---|---:|---:|---:|"
)
for (const { id, label } of clients) {
  const a = summarize(small!, id).rss
  const b = summarize(large!, id).rss
  lines.push(`| ${label} | ${mb(a)} | ${mb(b)} | ${((b / a - 1) * 100).toFixed(1)}% |`)
}
lines.push(
  "",
  `## Concurrent paging: ${latencyMillis} ms of server latency, ${pagedKeys / limit} pages`,
  "",
  `Median of ${concurrencyRuns} run(s). \`listItems({ concurrency })\`: the first page alone (it gives \`totalCount\`), then the rest with at most \`concurrency\` requests in flight, emitted in order.`,
  "",
  "| client | concurrency 1 | concurrency 8 | ratio | requests |",
  "|---|---:|---:|---:|---:|"
)
for (const client of ["fetch", "node"] as const) {
  const one = paging.find((p) => p.client === client && p.concurrency === 1)!
  const eight = paging.find((p) => p.client === client && p.concurrency === 8)!
  const label = clients.find((c) => c.id === client)!.label
  lines.push(`| ${label} | ${ms(one.wall)} | ${ms(eight.wall)} | ${ratio(eight.wall / one.wall)} | ${one.requests} / ${eight.requests} |`)
}
const groups = (groups: ReadonlyArray<readonly [string, number]>) =>
  groups.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(", ")
lines.push(
  "",
  "## Bundle size: a program that only lists keys",
  "",
  "esbuild, minified and tree-shaken (bench/bundle/); gzip level 9. The minified bytes per package come from esbuild's metafile.",
  "",
  "| program | minified | min+gz | minified bytes by package |",
  "|---|---:|---:|---|"
)
for (const b of [bundles.ours, bundles.ownCode, bundles.official]) {
  lines.push(`| ${b.program} | ${kb(b.minifiedBytes)} | ${kb(b.gzippedBytes)} | ${groups(b.minifiedByGroup)} |`)
}
lines.push("")

const markdown = lines.join("\n")
Fs.writeFileSync(Path.join(benchDir, "RESULTS.md"), markdown)
process.stdout.write(markdown + "\n")
