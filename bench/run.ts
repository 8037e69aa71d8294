/**
 * `npm run bench [-- --quick] [-- --runs N] [-- --cpu-runs N] [-- --cold-start-runs N]`: the
 * four performance goals, side by side in one run (see docs/PERFORMANCE.md). Every measured
 * client runs in its own `node` process, clients in rotating alternation. Writes bench/RESULTS.md (a quick run: bench/.cache/RESULTS.quick.md).
 *
 * 1. Latency-bound: 10,000 credentials, 100 per page, 50 ms of server latency per answer.
 * 2. CPU-bound: 100,000 credentials, no latency, server and client pinned to their own core.
 * 3. Memory: live heap listing 100,000 credentials against 10,000.
 * 4. Cold start: importing the package from dist/ and building the layer, against importing the
 *    SDK's `byokList` (bench/coldStart.mjs; the package is built first).
 *
 * `--quick` (about 1.5 minutes): one run of each instead of three (goal 2: one instead of
 * five; cold start: five instead of fifteen).
 */
import { spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"
import { benchDir, buildClient, cacheDir } from "./build.js"
import { type BenchServer, startServer } from "./server.js"

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name)
  return index === -1 ? fallback : Number(args[index + 1])
}
const runs = option("--runs", quick ? 1 : 3)
const cpuRuns = option("--cpu-runs", quick ? 1 : 5)
const coldStartRuns = option("--cold-start-runs", quick ? 5 : 15)
const limit = 100

const labels = {
  bare: "bare `fetch` + `JSON.parse` loop (no validation)",
  sdk: "official `@openrouter/sdk` `byokList`",
  fetch: "**this library**, FetchHttpClient",
  undici: "**this library**, NodeHttpClient.layerUndici",
  "loop-fetch": "plain `HttpClient` loop + the same decoder, FetchHttpClient",
  "loop-undici": "plain `HttpClient` loop + the same decoder, NodeHttpClient.layerUndici"
} as const
type ClientId = keyof typeof labels

interface Result {
  readonly items?: number
  readonly startMillis?: number
  readonly firstWallMillis?: number
  readonly firstCpuMillis?: number
  readonly wallMillis?: number
  readonly cpuMillis?: number
  readonly peakLiveHeapBytes?: number
}

const script = await buildClient()
const require = createRequire(import.meta.url)

/**
 * On Linux with two cores or more, the CPU-bound runs put the server (this process) on CPU 0
 * and the client on CPU 1 with `taskset`, so a client never waits for its own core while the
 * server answers, as with a remote server. Latency-bound runs are not pinned.
 */
const cores = Os.availableParallelism() // before pinning, which narrows what this process sees
const pinned = Os.platform() === "linux" && cores >= 2 &&
  spawnSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" }).status === 0

const runClient = (
  client: ClientId,
  apiUrl: string,
  options: { concurrency?: number; mode?: "--live-heap"; pin?: boolean } = {}
) =>
  new Promise<Result>((resolve, reject) => {
    const nodeArgs = [
      ...(options.mode === "--live-heap" ? ["--expose-gc"] : []),
      script,
      client,
      apiUrl,
      String(limit),
      String(options.concurrency ?? 1),
      ...(options.mode === undefined ? [] : [options.mode])
    ]
    // A child inherits this process's CPU, so an unpinned one is given every CPU back explicitly.
    const child = pinned
      ? spawn("taskset", ["-c", options.pin ? "1" : `0-${cores - 1}`, process.execPath, ...nodeArgs], {
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

/**
 * Runs every variant `times` times in rotating order; of each, by field, the median, or with
 * `fastest` the least (for CPU-bound runs, which other work on the machine can only slow down).
 */
const alternate = async <V extends string>(
  server: BenchServer,
  keys: number,
  variants: ReadonlyArray<readonly [V, () => Promise<Result>]>,
  times: number,
  estimate: "median" | "fastest" = "median"
): Promise<Map<V, Required<Result>>> => {
  const samples = new Map<V, Array<Result>>(variants.map(([id]) => [id, []]))
  for (let run = 0; run < times; run++) {
    for (let i = 0; i < variants.length; i++) {
      const [id, measure] = variants[(i + run) % variants.length]!
      server.resetRequests()
      const result = await measure()
      if (result.items !== undefined && result.items !== keys) {
        throw new Error(`${id} listed ${result.items} of ${keys}`)
      }
      samples.get(id)!.push(result)
      log(`${id} run ${run + 1}/${times}: ${JSON.stringify(result)}`)
    }
  }
  const estimates = new Map<V, Required<Result>>()
  for (const [id, results] of samples) {
    const of = (field: keyof Result) => {
      const values = results.map((r) => r[field] ?? Number.NaN)
      return estimate === "fastest" ? Math.min(...values) : median(values)
    }
    estimates.set(id, {
      items: of("items"),
      startMillis: of("startMillis"),
      firstWallMillis: of("firstWallMillis"),
      firstCpuMillis: of("firstCpuMillis"),
      wallMillis: of("wallMillis"),
      cpuMillis: of("cpuMillis"),
      peakLiveHeapBytes: of("peakLiveHeapBytes")
    })
  }
  return estimates
}

// 1. Latency-bound --------------------------------------------------------------------------

const latencyMillis = 50
const latencyKeys = 10_000
const slow = await startServer({ keys: latencyKeys, latencyMillis })
slow.warm(limit)
const latency = await alternate(
  slow,
  latencyKeys,
  [
    ["bare", () => runClient("bare", slow.apiUrl)],
    ["sdk", () => runClient("sdk", slow.apiUrl)],
    ["fetch-1", () => runClient("fetch", slow.apiUrl)],
    ["fetch-8", () => runClient("fetch", slow.apiUrl, { concurrency: 8 })]
  ] as const,
  runs
)
await slow.close()

// 2. CPU-bound, 3. memory, 4. cold start ------------------------------------------------------

const cpuKeys = 100_000
const server = await startServer({ keys: cpuKeys })
server.warm(limit)
const cpuClients = ["sdk", "fetch", "loop-fetch", "undici", "loop-undici"] as const
const cpuBound = await alternate(
  server,
  cpuKeys,
  cpuClients.map((id) => [id, () => runClient(id, server.apiUrl, { pin: true })] as const),
  cpuRuns,
  "fastest"
)
// Cold start imports the package as installed (dist/, unbundled), so it is built first.
if (
  spawnSync(process.execPath, ["scripts/build.mjs"], {
    stdio: "inherit"
  }).status !== 0
) {
  throw new Error("npm run build failed")
}
const coldStartOf = (which: "library" | "sdk") =>
  new Promise<Result>((resolve, reject) => {
    const args = [Path.join(benchDir, "coldStart.mjs"), which]
    const child = pinned
      ? spawn("taskset", ["-c", "1", process.execPath, ...args], { stdio: ["ignore", "pipe", "inherit"] })
      : spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk))
    child.on("error", reject)
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`cold start ${which} exited with ${code}`)))
  })
const coldStart = await alternate(
  server,
  cpuKeys,
  [["sdk", () => coldStartOf("sdk")], ["fetch", () => coldStartOf("library")]] as const,
  coldStartRuns
)
const memoryKeys = [10_000, cpuKeys] as const
const memory = new Map<number, number>()
for (const keys of memoryKeys) {
  server.setKeys(keys)
  server.warm(limit)
  const heaps: Array<number> = []
  for (let run = 0; run < runs; run++) {
    heaps.push((await runClient("fetch", server.apiUrl, { pin: true, mode: "--live-heap" })).peakLiveHeapBytes!)
  }
  memory.set(keys, median(heaps))
  log(`live heap at ${keys}: ${heaps.map((b) => (b / 1024 / 1024).toFixed(1)).join(", ")} MB`)
}
await server.close()

// RESULTS.md ----------------------------------------------------------------------------------

const versionOf = (name: string): string => (require(`${name}/package.json`) as { version: string }).version
const ms = (value: number) => `${value.toFixed(0)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const x = (value: number) => `${value.toFixed(2)}x`
const verdict = (value: number, goal: number) =>
  `${x(value)} (goal ≤ ${x(goal)}: ${value <= goal ? "met" : "**missed**"})`
const command = `npm run bench${args.length === 0 ? "" : ` -- ${args.join(" ")}`}`
const cpus = Os.cpus()

const bare = latency.get("bare")!
const limitMillis = bare.wallMillis * 14 / 100
const seq = latency.get("fetch-1")!
const eight = latency.get("fetch-8")!
const sdkSlow = latency.get("sdk")!
const sdk = cpuBound.get("sdk")!
const heapGrowth = memory.get(cpuKeys)! / memory.get(10_000)! - 1

const lines: Array<string> = [
  "# Benchmark results",
  "",
  `Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)} in ${
    ((performance.now() - started) / 1000).toFixed(0)
  } s`,
  `(${runs} run${runs === 1 ? "" : "s"} per cell, medians; CPU-bound: ${cpuRuns} run${
    cpuRuns === 1 ? "" : "s"
  } per cell, the fastest; cold start ${coldStartRuns} runs). Method: docs/PERFORMANCE.md.`,
  "",
  `- ${cores} cores, ${cpus[0]?.model ?? "unknown CPU"}, load average ${Os.loadavg()[0]!.toFixed(1)} at the end; ${
    pinned ? "CPU-bound runs pinned (server CPU 0, client CPU 1)" : "nothing pinned"
  }`,
  `- Node ${process.version}; effect ${versionOf("effect")}, @effect/platform ${
    versionOf("@effect/platform")
  }, @effect/platform-node ${versionOf("@effect/platform-node")}, @openrouter/sdk ${versionOf("@openrouter/sdk")}`,
  "",
  `## 1. Latency-bound: ${
    latencyKeys.toLocaleString("en-US")
  } credentials, ${limit} per page, ${latencyMillis} ms per answer`,
  "",
  "Each process lists once to warm up, then once timed. The limit at `concurrency: 8` is 14 of the bare loop's round trips.",
  "",
  "| client | listing | / bare loop | / limit (14 round trips) | / official SDK |",
  "|---|---:|---:|---:|---:|",
  `| ${labels.bare} | ${ms(bare.wallMillis)} | 1.00x | | |`,
  `| ${labels.sdk} | ${ms(sdkSlow.wallMillis)} | ${x(sdkSlow.wallMillis / bare.wallMillis)} | | 1.00x |`,
  `| ${labels.fetch}, sequential | ${ms(seq.wallMillis)} | ${verdict(seq.wallMillis / bare.wallMillis, 1.05)} | | ${
    x(seq.wallMillis / sdkSlow.wallMillis)
  } |`,
  `| ${labels.fetch}, \`concurrency: 8\` | ${ms(eight.wallMillis)} | ${x(eight.wallMillis / bare.wallMillis)} | ${
    verdict(eight.wallMillis / limitMillis, 1.15)
  } | ${verdict(eight.wallMillis / sdkSlow.wallMillis, 0.2)} |`,
  "",
  `## 2. CPU-bound: ${cpuKeys.toLocaleString("en-US")} credentials, no latency`,
  "",
  "Each process lists twice: the first listing is a fresh process's (the JIT still compiling), the second the steady state.",
  "Each figure is the fastest of its runs, field by field: other work on a shared machine can only slow a CPU-bound run down.",
  "Goals: wall and CPU at most 1.0x the official SDK, and at most 1.15x the plain `HttpClient` loop on the same transport.",
  "",
  "| client | first: wall | CPU | second: wall | CPU | second wall / SDK | CPU / SDK | wall / plain loop | CPU / plain loop |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
]
for (const id of cpuClients) {
  const r = cpuBound.get(id)!
  const loop = id === "fetch" ? cpuBound.get("loop-fetch") : id === "undici" ? cpuBound.get("loop-undici") : undefined
  const vsLoop = loop === undefined
    ? "| | "
    : `| ${verdict(r.wallMillis / loop.wallMillis, 1.15)} | ${verdict(r.cpuMillis / loop.cpuMillis, 1.15)} `
  const vsSdk = id === "fetch" || id === "undici"
    ? `${verdict(r.wallMillis / sdk.wallMillis, 1)} | ${verdict(r.cpuMillis / sdk.cpuMillis, 1)}`
    : `${x(r.wallMillis / sdk.wallMillis)} | ${x(r.cpuMillis / sdk.cpuMillis)}`
  lines.push(
    `| ${labels[id]} | ${ms(r.firstWallMillis)} | ${ms(r.firstCpuMillis)} | ${ms(r.wallMillis)} | ${
      ms(r.cpuMillis)
    } | ${vsSdk} ${vsLoop}|`
  )
}
lines.push(
  "",
  "## 3. Memory: live heap, this library on FetchHttpClient",
  "",
  "The largest heap left after a forced garbage collection (every 250 ms, `--expose-gc`) during one listing.",
  "",
  "| 10,000 credentials | 100,000 credentials | growth |",
  "|---:|---:|---:|",
  `| ${mb(memory.get(10_000)!)} | ${mb(memory.get(cpuKeys)!)} | ${(heapGrowth * 100).toFixed(0)}% (goal ≤ +10%: ${
    heapGrowth <= 0.1 ? "met" : "**missed**"
  }) |`,
  "",
  "## 4. Cold start: importing the client's module and building it",
  "",
  "bench/coldStart.mjs, a fresh process each run: the library imported as installed (`dist/`, unbundled) with",
  "FetchHttpClient, and its layer built; the SDK's `byokList` and `OpenRouterCore` imported, and the core built.",
  "",
  "| client | cold start | / official SDK |",
  "|---|---:|---:|",
  `| ${labels.sdk} | ${ms(coldStart.get("sdk")!.startMillis)} | 1.00x |`,
  `| ${labels.fetch} | ${ms(coldStart.get("fetch")!.startMillis)} | ${
    verdict(coldStart.get("fetch")!.startMillis / coldStart.get("sdk")!.startMillis, 1)
  } |`,
  ""
)

const markdown = lines.join("\n")
// A quick run does not replace the full results; it is printed, and kept beside the build.
const resultsFile = quick ? Path.join(cacheDir, "RESULTS.quick.md") : Path.join(benchDir, "RESULTS.md")
Fs.mkdirSync(Path.dirname(resultsFile), { recursive: true })
Fs.writeFileSync(resultsFile, markdown)
process.stdout.write(markdown + "\n")
