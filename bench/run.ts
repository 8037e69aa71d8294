/**
 * `npm run bench [-- --quick] [-- --runs 7]`: every client lists the same N credentials from
 * a loopback server, each run in its own child process (so peak RSS is per client), in
 * rotating alternation; then memory, concurrent paging and bundle size. Writes bench/RESULTS.md
 * (a quick run: bench/.cache/RESULTS.quick.md).
 *
 * `--quick` (about a minute): the bare loop, the official SDK and this library on
 * FetchHttpClient and NodeHttpClient.layerUndici, 3 runs at 10,000 keys and 1 at 100,000, one
 * paging run, the memory pass for this library on FetchHttpClient only.
 */
import { spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"
import { benchDir, buildClient, cacheDir } from "./build.js"
import { measureBundles } from "./bundleSize.js"
import { startServer } from "./server.js"

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name)
  return index === -1 ? fallback : Number(args[index + 1])
}
const sizes = [10_000, 100_000] as const
const runsOf = (keys: number) => option("--runs", quick ? (keys > 10_000 ? 1 : 3) : 5)
const pagingRuns = option("--paging-runs", quick ? 1 : 3)
const limit = 100

const clients = [
  { id: "bare", label: "bare fetch + JSON.parse (no validation)" },
  { id: "sdk", label: "@openrouter/sdk byokList" },
  { id: "fetch", label: "**this library, FetchHttpClient**" },
  { id: "node", label: "**this library, NodeHttpClient** (node:http)" },
  { id: "undici", label: "**this library, NodeHttpClient.layerUndici**" },
  { id: "effect-loop", label: "reference: HttpClient loop + decoder, no retries/timeout/spans, FetchHttpClient" },
  { id: "effect-loop-undici", label: "reference: the same loop on NodeHttpClient.layerUndici" }
] as const
type ClientId = typeof clients[number]["id"]
const timed: ReadonlyArray<ClientId> = quick
  ? ["bare", "sdk", "fetch", "undici"]
  : ["bare", "sdk", "fetch", "node", "undici", "effect-loop", "effect-loop-undici"]
const labelOf = (id: ClientId) => clients.find((client) => client.id === id)!.label

interface Measurement {
  readonly client: ClientId
  readonly items: number
  readonly wallMillis: number
  readonly cpuMillis: number
  readonly maxRssBytes: number
  readonly peakLiveHeapBytes?: number
  readonly coldWallMillis?: number
  readonly coldCpuMillis?: number
  readonly requests: number
}

const script = await buildClient()

/**
 * On Linux with two cores or more, the server (this process) runs on CPU 0 and each client on
 * CPU 1, with `taskset`: the client never waits for its own core while the server answers, as
 * with a remote server, and runs are far less noisy. Elsewhere nothing is pinned.
 */
const cores = Os.availableParallelism() // before pinning, which narrows what this process sees
const pinned = Os.platform() === "linux" && cores >= 2 &&
  spawnSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" }).status === 0

const runClient = (
  client: ClientId,
  apiUrl: string,
  options: { concurrency?: number; liveHeap?: boolean; twice?: boolean; unpinned?: boolean } = {}
) =>
  new Promise<Omit<Measurement, "requests">>((resolve, reject) => {
    const nodeArgs = [
      ...(options.liveHeap ? ["--expose-gc"] : []),
      script,
      client,
      apiUrl,
      String(limit),
      String(options.concurrency ?? 1),
      ...(options.liveHeap ? ["--live-heap"] : []),
      ...(options.twice ? ["--twice"] : [])
    ]
    // A child inherits this process's CPU, so an unpinned one is given every CPU back explicitly.
    const child = pinned
      ? spawn("taskset", ["-c", options.unpinned ? `0-${cores - 1}` : "1", process.execPath, ...nodeArgs], {
        stdio: ["ignore", "pipe", "inherit"]
      })
      : spawn(process.execPath, nodeArgs, { stdio: ["ignore", "pipe", "inherit"] })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk))
    child.on("error", reject)
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`client ${client} exited with ${code}`)))
  })

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const started = performance.now()
const log = (line: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${line}\n`)

// ---------------------------------------------------------------------------------------------
// 1. Listing N keys, every client, in rotating alternation; then the live-heap pass
// ---------------------------------------------------------------------------------------------

const memoryClients: ReadonlyArray<ClientId> = quick ? ["fetch"] : ["bare", "sdk", "fetch", "node", "undici"]
const server = await startServer({ keys: sizes[0] })
const results = new Map<number, Array<Measurement>>()
const liveHeap = new Map<string, number>()
for (const keys of sizes) {
  server.setKeys(keys)
  server.warm(limit)
  log(`serving ${keys} keys`)
  const measurements: Array<Measurement> = []
  const runs = runsOf(keys)
  for (let run = 0; run < runs; run++) {
    // Rotate the order, so no client always runs right after the same other one.
    for (let i = 0; i < timed.length; i++) {
      const id = timed[(i + run) % timed.length]!
      server.resetRequests()
      // Twice in one process: the first listing is a fresh process's, the second the steady state.
      const result = await runClient(id, server.apiUrl, { twice: true })
      if (result.items !== keys) throw new Error(`${id} listed ${result.items} of ${keys} keys`)
      measurements.push({ ...result, requests: server.requests() / 2 })
      log(
        `N=${keys} run ${run + 1}/${runs} ${id}: first ${result.coldWallMillis!.toFixed(0)} ms wall, ${
          result.coldCpuMillis!.toFixed(0)
        } ms CPU; second ${result.wallMillis.toFixed(0)} ms wall, ${result.cpuMillis.toFixed(0)} ms CPU`
      )
    }
  }
  results.set(keys, measurements)
  for (const id of memoryClients) {
    const result = await runClient(id, server.apiUrl, { liveHeap: true })
    liveHeap.set(`${id}:${keys}`, result.peakLiveHeapBytes!)
    log(`N=${keys} live heap ${id}: ${(result.peakLiveHeapBytes! / 1024 / 1024).toFixed(1)} MB`)
  }
}
await server.close()

interface Summary {
  /** The first listing, in a fresh process. */
  readonly firstWall: number
  readonly firstCpu: number
  /** The second listing, in the same process: the steady state. */
  readonly wall: number
  readonly cpu: number
  readonly requests: number
  readonly rss: number
}
const summarize = (measurements: ReadonlyArray<Measurement>, client: ClientId): Summary => {
  const own = measurements.filter((m) => m.client === client)
  return {
    firstWall: median(own.map((m) => m.coldWallMillis!)),
    firstCpu: median(own.map((m) => m.coldCpuMillis!)),
    wall: median(own.map((m) => m.wallMillis)),
    cpu: median(own.map((m) => m.cpuMillis)),
    requests: Math.max(...own.map((m) => m.requests)),
    rss: median(own.map((m) => m.maxRssBytes))
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Concurrent paging: 20 ms of latency per answer, 100 pages
// ---------------------------------------------------------------------------------------------

const latencyMillis = 20
const pagedKeys = 100 * limit
const slowServer = await startServer({ keys: pagedKeys, latencyMillis })
slowServer.warm(limit)
const pagingClients: ReadonlyArray<ClientId> = quick ? ["fetch"] : ["fetch", "node"]
const paging: Array<{ client: ClientId; concurrency: number; cold: number; warm: number; requests: number }> = []
for (const client of pagingClients) {
  for (const concurrency of [1, 8]) {
    const cold: Array<number> = []
    const warm: Array<number> = []
    let requests = 0
    for (let run = 0; run < pagingRuns; run++) {
      slowServer.resetRequests()
      // Twice: the first listing is a fresh process's (JIT still compiling), the second the steady state.
      // Not pinned: with 20 ms of latency the server is idle, and concurrent paging is about the client's use of the machine.
      const result = await runClient(client, slowServer.apiUrl, { concurrency, twice: true, unpinned: true })
      if (result.items !== pagedKeys) throw new Error(`${client} listed ${result.items} of ${pagedKeys} keys`)
      cold.push(result.coldWallMillis!)
      warm.push(result.wallMillis)
      requests = slowServer.requests() / 2
      log(
        `paging ${client} concurrency ${concurrency}: ${result.coldWallMillis!.toFixed(0)} ms cold, ${
          result.wallMillis.toFixed(0)
        } ms warm`
      )
    }
    paging.push({ client, concurrency, cold: median(cold), warm: median(warm), requests })
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
const mb1 = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const ratio = (value: number) => `${value.toFixed(2)}x`
const growth = (from: number, to: number) => `${to >= from ? "+" : ""}${((to / from - 1) * 100).toFixed(0)}%`
const command = `npm run bench${args.length === 0 ? "" : ` -- ${args.join(" ")}`}`
const cpus = Os.cpus()

const lines: Array<string> = []
lines.push(
  "# Benchmark results",
  "",
  `Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)} in ${
    ((performance.now() - started) / 1000).toFixed(0)
  } s.`,
  "Each run is a fresh `node` process (so peak RSS is the client's own), clients in rotating alternation, all listing the",
  `same keys with \`limit=${limit}\` from a loopback server (bench/server.ts, in the parent process, page bodies rendered`,
  "ahead of time). Each process lists all the keys twice: the *first listing* is a fresh process's (the JIT still compiling,",
  "as in a one-off audit script), the *second* the steady state (as in a long-running service). Wall and CPU time",
  "(user + system, all threads) cover a listing only, not module loading. Each cell is the median of the runs; peak RSS",
  "is the median of each process's peak, over both listings.",
  pinned
    ? "The server runs on CPU 0 and each client on CPU 1 (`taskset`), so a client never shares its core with the server."
    : "Nothing is pinned to a CPU (no `taskset`, or fewer than two cores): the server and the client share the cores.",
  "",
  "## Machine",
  "",
  `- ${cores} cores (\`nproc\`), ${cpus[0]?.model ?? "unknown CPU"}, ${
    Math.round(Os.totalmem() / 1024 ** 3)
  } GB RAM, load average ${Os.loadavg()[0]!.toFixed(1)} at the end (other work on the machine makes times noisy)`,
  `- Node ${process.version}, ${Os.type()} ${Os.release()}`,
  `- effect ${versionOf("effect")}, @effect/platform ${versionOf("@effect/platform")}, @effect/platform-node ${
    versionOf("@effect/platform-node")
  }, @openrouter/sdk ${versionOf("@openrouter/sdk")}, zod ${versionOf("zod")}, esbuild ${versionOf("esbuild")}`,
  ""
)
for (const keys of sizes) {
  const measurements = results.get(keys)!
  const bare = summarize(measurements, "bare")
  const sdk = summarize(measurements, "sdk")
  lines.push(
    `## Listing ${keys.toLocaleString("en-US")} keys (${runsOf(keys)} run${runsOf(keys) === 1 ? "" : "s"})`,
    "",
    "| client | first listing: wall | CPU | / bare | / official SDK | second listing: wall | CPU | / bare | / official SDK | requests per listing | peak RSS |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  )
  for (const id of timed) {
    const s = summarize(measurements, id)
    lines.push(
      `| ${labelOf(id)} | ${ms(s.firstWall)} | ${ms(s.firstCpu)} | ${ratio(s.firstWall / bare.firstWall)} | ${
        ratio(s.firstWall / sdk.firstWall)
      } | ${ms(s.wall)} | ${ms(s.cpu)} | ${ratio(s.wall / bare.wall)} | ${ratio(s.wall / sdk.wall)} | ${s.requests} | ${
        mb(s.rss)
      } |`
    )
  }
  lines.push("")
}

const [small, large] = sizes
lines.push(
  `## Memory: ${large.toLocaleString("en-US")} keys against ${small.toLocaleString("en-US")}`,
  "",
  "Live heap: the largest heap left after a forced garbage collection (every 250 ms, in a separate run with",
  "`--expose-gc`): what the client holds. Peak RSS (from the timed runs) also counts the garbage V8 lets pile up",
  "between collections, and a longer run lets the old generation grow further before collecting, whatever the client holds.",
  "",
  `| client | live heap, ${small.toLocaleString("en-US")} | live heap, ${
    large.toLocaleString("en-US")
  } | growth | peak RSS, ${small.toLocaleString("en-US")} | peak RSS, ${large.toLocaleString("en-US")} | growth |`,
  "|---|---:|---:|---:|---:|---:|---:|"
)
for (const id of timed) {
  const rssSmall = summarize(results.get(small)!, id).rss
  const rssLarge = summarize(results.get(large)!, id).rss
  const heapSmall = liveHeap.get(`${id}:${small}`)
  const heapLarge = liveHeap.get(`${id}:${large}`)
  const heap = heapSmall === undefined || heapLarge === undefined
    ? "| - | - | - "
    : `| ${mb1(heapSmall)} | ${mb1(heapLarge)} | ${growth(heapSmall, heapLarge)} `
  lines.push(`| ${labelOf(id)} ${heap}| ${mb(rssSmall)} | ${mb(rssLarge)} | ${growth(rssSmall, rssLarge)} |`)
}
lines.push(
  "",
  `## Concurrent paging: ${latencyMillis} ms of server latency, ${pagedKeys / limit} pages (${pagingRuns} run${
    pagingRuns === 1 ? "" : "s"
  })`,
  "",
  "`listItems({ concurrency })`: the first page alone (it gives `totalCount`), then the rest with at most `concurrency`",
  "requests in flight, emitted in order.",
  "",
  "The client is not pinned to a CPU here (the server mostly waits out its latency). Each run lists the keys twice in one",
  "process: *cold* is the first listing (a fresh process, the JIT still compiling),",
  "*warm* the second. At concurrency 8 the client is busy all the time, so the per-page CPU (much higher cold) sets the pace.",
  "",
  "| client | listing | concurrency 1 | concurrency 8 | 8 / 1 | requests per listing (1 / 8) |",
  "|---|---|---:|---:|---:|---:|"
)
for (const client of pagingClients) {
  const one = paging.find((p) => p.client === client && p.concurrency === 1)!
  const eight = paging.find((p) => p.client === client && p.concurrency === 8)!
  for (const listing of ["cold", "warm"] as const) {
    lines.push(
      `| ${labelOf(client)} | ${listing} | ${ms(one[listing])} | ${ms(eight[listing])} | ${
        ratio(eight[listing] / one[listing])
      } | ${one.requests} / ${eight.requests} |`
    )
  }
}
const groups = (groups: ReadonlyArray<readonly [string, number]>) =>
  groups.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(", ")
lines.push(
  "",
  "## Bundle size: a program that only lists keys",
  "",
  "esbuild, minified and tree-shaken (bench/bundle/), gzip level 9. Minified bytes per package from esbuild's metafile.",
  "",
  "| program | minified | min+gz | minified bytes by package |",
  "|---|---:|---:|---|"
)
for (const b of [bundles.ours, bundles.ownCode, bundles.official]) {
  lines.push(`| ${b.program} | ${kb(b.minifiedBytes)} | ${kb(b.gzippedBytes)} | ${groups(b.minifiedByGroup)} |`)
}
lines.push("")

const markdown = lines.join("\n")
// A quick run does not replace the full results; it is printed, and kept beside the build.
const resultsFile = quick ? Path.join(cacheDir, "RESULTS.quick.md") : Path.join(benchDir, "RESULTS.md")
Fs.mkdirSync(Path.dirname(resultsFile), { recursive: true })
Fs.writeFileSync(resultsFile, markdown)
process.stdout.write(markdown + "\n")
