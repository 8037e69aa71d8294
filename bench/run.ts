/**
 * `npm run bench [-- --quick] [-- --runs N] [-- --cpu-runs N] [-- --cold-start-runs N] [-- --goals 2,4]`:
 * the five performance goals, side by side in one run, for the official SDK, the bare loop and
 * both editions (see docs/PERFORMANCE.md). Every measured client runs in its own `node`
 * process, on one Node >= 22.19 binary for all (the Effect 4 edition needs it; see
 * scripts/withNode22.mjs), clients in rotating alternation. Writes bench/RESULTS.md (a quick
 * run: bench/.cache/RESULTS.quick.md; a run of some goals only: bench/.cache/RESULTS.partial.md).
 *
 * 1. Latency-bound: 10,000 credentials, 100 per page, 50 ms of server latency per answer.
 * 2. CPU-bound: 100,000 credentials, no latency, server and client pinned to their own core.
 * 3. Memory: live heap listing 100,000 credentials against 10,000.
 * 4. Cold start: importing the package from dist/ and building the layer, against importing the
 *    SDK's `byokList` (bench/coldStart.mjs; the packages are built first).
 * 5. Bundle: a program that only lists keys, esbuild, minified, gzip -9 (bench/bundleSize.ts).
 *
 * `--quick` (about 3 minutes): one run of each instead of three (goal 2: one instead of
 * five; cold start: five instead of fifteen).
 */
import { spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"
import { node22Binary } from "../scripts/withNode22.mjs"
import { benchDir, buildClient, cacheDir } from "./build.js"
import { measureBundles } from "./bundleSize.js"
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
const goalsIndex = args.indexOf("--goals")
const goals = new Set(goalsIndex === -1 ? [1, 2, 3, 4, 5] : args[goalsIndex + 1]!.split(",").map(Number))
const partial = goals.size < 5
const limit = 100

const labels = {
  bare: "bare `fetch` + `JSON.parse` loop (no validation)",
  sdk: "official `@openrouter/sdk` `byokList`",
  fetch: "Effect 3 edition, FetchHttpClient",
  undici: "Effect 3 edition, NodeHttpClient.layerUndici",
  "loop-fetch": "plain Effect 3 `HttpClient` loop + the same decoder, FetchHttpClient",
  "loop-undici": "plain Effect 3 `HttpClient` loop + the same decoder, NodeHttpClient.layerUndici",
  "e4-fetch": "**Effect 4 edition**, FetchHttpClient (`effect/http`)",
  "e4-undici": "**Effect 4 edition**, NodeHttpClient.layerUndici (platform-node 4)",
  "e4-loop-fetch": "plain Effect 4 `HttpClient` loop + the same decoder, FetchHttpClient",
  "e4-loop-undici": "plain Effect 4 `HttpClient` loop + the same decoder, NodeHttpClient.layerUndici"
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

// Every child (the SDK, the bare loop and both editions) runs on the same Node >= 22.19.
const node = node22Binary()
const nodeVersion = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim()
const scripts = await buildClient()
const scriptOf = (client: ClientId) => client.startsWith("e4-") ? scripts.effect4 : scripts.effect3
const require = createRequire(import.meta.url)
const requireEffect4 = createRequire(Path.join(benchDir, "..", "packages", "effect4", "package.json"))

/**
 * On Linux with two cores or more, the CPU-bound runs put the server (this process) on CPU 0
 * and the client on CPU 1 with `taskset`, so a client never waits for its own core while the
 * server answers, as with a remote server. Latency-bound runs are not pinned.
 */
const cores = Os.availableParallelism() // before pinning, which narrows what this process sees
const pinned = Os.platform() === "linux" && cores >= 2 &&
  spawnSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" }).status === 0

/** Runs `node <args>` in a child and parses the JSON line it prints; pinned to CPU 1, or given every CPU back. */
const runNode = (nodeArgs: ReadonlyArray<string>, pin: boolean, what: string) =>
  new Promise<Result>((resolve, reject) => {
    // A child inherits this process's CPU, so an unpinned one is given every CPU back explicitly.
    const child = pinned
      ? spawn("taskset", ["-c", pin ? "1" : `0-${cores - 1}`, node, ...nodeArgs], {
        stdio: ["ignore", "pipe", "inherit"]
      })
      : spawn(node, nodeArgs, { stdio: ["ignore", "pipe", "inherit"] })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk))
    child.on("error", reject)
    child.on("exit", (code) => code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${what} exited with ${code}`)))
  })

const runClient = (
  client: ClientId,
  apiUrl: string,
  options: { concurrency?: number; mode?: "--live-heap"; pin?: boolean } = {}
) =>
  runNode(
    [
      ...(options.mode === "--live-heap" ? ["--expose-gc"] : []),
      scriptOf(client),
      client,
      apiUrl,
      String(limit),
      String(options.concurrency ?? 1),
      ...(options.mode === undefined ? [] : [options.mode])
    ],
    options.pin === true,
    `client ${client}`
  )

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
const latencyClients = ["bare", "sdk", "fetch-1", "fetch-8", "e4-fetch-1", "e4-fetch-8"] as const
type LatencyId = typeof latencyClients[number]
const latencyClientOf = (id: LatencyId): readonly [ClientId, number] => {
  const [, client, concurrency] = /^(.*?)(?:-(\d+))?$/.exec(id)!
  return [client as ClientId, Number(concurrency ?? 1)]
}
let latency: Map<LatencyId, Required<Result>> | undefined
if (goals.has(1)) {
  const slow = await startServer({ keys: latencyKeys, latencyMillis })
  slow.warm(limit)
  latency = await alternate(
    slow,
    latencyKeys,
    latencyClients.map((id) => {
      const [client, concurrency] = latencyClientOf(id)
      return [id, () => runClient(client, slow.apiUrl, { concurrency })] as const
    }),
    runs
  )
  await slow.close()
}

// 2. CPU-bound, 3. memory, 4. cold start ------------------------------------------------------

const cpuKeys = 100_000
const server = await startServer({ keys: cpuKeys })
server.warm(limit)
const cpuClients = [
  "sdk",
  "fetch",
  "loop-fetch",
  "undici",
  "loop-undici",
  "e4-fetch",
  "e4-loop-fetch",
  "e4-undici",
  "e4-loop-undici"
] as const
const cpuBound = goals.has(2)
  ? await alternate(
    server,
    cpuKeys,
    cpuClients.map((id) => [id, () => runClient(id, server.apiUrl, { pin: true })] as const),
    cpuRuns,
    "fastest"
  )
  : undefined

const coldStartClients = ["sdk", "library", "effect4"] as const
let coldStart: Map<typeof coldStartClients[number], Required<Result>> | undefined
if (goals.has(4)) {
  // Cold start imports the packages as installed (dist/, unbundled), so they are built first.
  if (spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" }).status !== 0) {
    throw new Error("npm run build failed")
  }
  coldStart = await alternate(
    server,
    cpuKeys,
    coldStartClients.map((which) =>
      [which, () => runNode([Path.join(benchDir, "coldStart.mjs"), which], true, `cold start ${which}`)] as const
    ),
    coldStartRuns
  )
}

const memoryKeys = [10_000, cpuKeys] as const
const memoryClients = ["fetch", "e4-fetch"] as const
const memory = new Map<string, number>()
if (goals.has(3)) {
  for (const keys of memoryKeys) {
    server.setKeys(keys)
    server.warm(limit)
    for (const client of memoryClients) {
      const heaps: Array<number> = []
      for (let run = 0; run < runs; run++) {
        heaps.push((await runClient(client, server.apiUrl, { pin: true, mode: "--live-heap" })).peakLiveHeapBytes!)
      }
      memory.set(`${client}:${keys}`, median(heaps))
      log(`${client}: live heap at ${keys}: ${heaps.map((b) => (b / 1024 / 1024).toFixed(1)).join(", ")} MB`)
    }
  }
}
await server.close()

// 5. Bundle ------------------------------------------------------------------------------------

const bundles = goals.has(5) ? await measureBundles() : undefined

// RESULTS.md ----------------------------------------------------------------------------------

const versionOf = (name: string, from = require): string =>
  (from(`${name}/package.json`) as { version: string }).version
const ms = (value: number) => `${value.toFixed(0)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const x = (value: number) => `${value.toFixed(2)}x`
/** A ratio against its goal, with a third decimal where two would hide which side of the goal it is on. */
const xAgainst = (value: number, goal: number) => x(value) === x(goal) ? `${value.toFixed(3)}x` : x(value)
const verdict = (value: number, goal: number) =>
  `${xAgainst(value, goal)} (goal ≤ ${x(goal)}: ${value <= goal ? "met" : "**missed**"})`
const command = `npm run bench${args.length === 0 ? "" : ` -- ${args.join(" ")}`}`
const cpus = Os.cpus()

/** The goals of issue 25, for both editions (the Effect 4 edition's are the ones the issue sets). */
const goal = {
  sequentialVsBare: 1.03,
  eightVsLimit: 1.10,
  eightVsSdk: 0.15,
  cpuVsSdk: 0.8,
  cpuVsLoop: 1.15,
  heapGrowth: 0.1,
  coldStartVsSdk: 0.5,
  bundleVsSdk: 1.25
}
/** Each goal's figure for the Effect 4 edition, gathered for the summary at the top. */
const summary: Array<string> = []
const summarise = (name: string, value: number, target: number, detail: string) =>
  summary.push(
    `| ${name} | ${xAgainst(value, target)} ${detail} | ≤ ${x(target)} | ${value <= target ? "met" : "**missed**"} |`
  )

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
  `- ${cores} cores, ${cpus[0]?.model ?? "unknown CPU"}, load average ${
    Os.loadavg().map((load) => load.toFixed(1)).join(", ")
  } (1, 5, 15 min) at the end; ${pinned ? "CPU-bound runs pinned (server CPU 0, client CPU 1)" : "nothing pinned"}`,
  `- Every client on Node ${nodeVersion} (the Effect 4 edition needs 22.19 or later; the SDK, the bare loop and the Effect 3`,
  `  edition run on the same binary); the server and the runner on Node ${process.version}`,
  `- Effect 3 edition: effect ${versionOf("effect")}, @effect/platform ${
    versionOf("@effect/platform")
  }, @effect/platform-node ${versionOf("@effect/platform-node")}; Effect 4 edition: effect ${
    versionOf("effect", requireEffect4)
  }, @effect/platform-node ${versionOf("@effect/platform-node", requireEffect4)}; @openrouter/sdk ${
    versionOf("@openrouter/sdk")
  }`,
  "",
  "SUMMARY"
]

if (latency !== undefined) {
  const bare = latency.get("bare")!
  const limitMillis = bare.wallMillis * 14 / 100
  const sdkSlow = latency.get("sdk")!
  lines.push(
    `## 1. Latency-bound: ${
      latencyKeys.toLocaleString("en-US")
    } credentials, ${limit} per page, ${latencyMillis} ms per answer`,
    "",
    "Each process lists once to warm up, then once timed. The limit at `concurrency: 8` is 14 of the bare loop's round trips.",
    "",
    "| client | listing | / bare loop | / limit (14 round trips) | / official SDK |",
    "|---|---:|---:|---:|---:|",
    `| ${labels.bare} | ${ms(bare.wallMillis)} | 1.00x | | |`,
    `| ${labels.sdk} | ${ms(sdkSlow.wallMillis)} | ${x(sdkSlow.wallMillis / bare.wallMillis)} | | 1.00x |`
  )
  for (const edition of ["fetch", "e4-fetch"] as const) {
    const seq = latency.get(`${edition}-1`)!
    const eight = latency.get(`${edition}-8`)!
    lines.push(
      `| ${labels[edition]}, sequential | ${ms(seq.wallMillis)} | ${
        verdict(seq.wallMillis / bare.wallMillis, goal.sequentialVsBare)
      } | | ${x(seq.wallMillis / sdkSlow.wallMillis)} |`,
      `| ${labels[edition]}, \`concurrency: 8\` | ${ms(eight.wallMillis)} | ${
        x(eight.wallMillis / bare.wallMillis)
      } | ${verdict(eight.wallMillis / limitMillis, goal.eightVsLimit)} | ${
        verdict(eight.wallMillis / sdkSlow.wallMillis, goal.eightVsSdk)
      } |`
    )
    if (edition === "e4-fetch") {
      summarise(
        "1. sequential / bare loop",
        seq.wallMillis / bare.wallMillis,
        goal.sequentialVsBare,
        `(${ms(seq.wallMillis)}, ${ms(bare.wallMillis)})`
      )
      summarise(
        "1. `concurrency: 8` / limit (14 round trips)",
        eight.wallMillis / limitMillis,
        goal.eightVsLimit,
        `(${ms(eight.wallMillis)}, ${ms(limitMillis)})`
      )
      summarise(
        "1. `concurrency: 8` / official SDK",
        eight.wallMillis / sdkSlow.wallMillis,
        goal.eightVsSdk,
        `(${ms(eight.wallMillis)}, ${ms(sdkSlow.wallMillis)})`
      )
    }
  }
  lines.push("")
}

if (cpuBound !== undefined) {
  const sdk = cpuBound.get("sdk")!
  const loopOf: Partial<Record<ClientId, ClientId>> = {
    fetch: "loop-fetch",
    undici: "loop-undici",
    "e4-fetch": "e4-loop-fetch",
    "e4-undici": "e4-loop-undici"
  }
  lines.push(
    `## 2. CPU-bound: ${cpuKeys.toLocaleString("en-US")} credentials, no latency`,
    "",
    "Each process lists twice: the first listing is a fresh process's (the JIT still compiling), the second the steady state.",
    "Each figure is the fastest of its runs, field by field: other work on a shared machine can only slow a CPU-bound run down.",
    `Goals (CPU of the second listing): at most ${x(goal.cpuVsSdk)} the official SDK's, and at most ${
      x(goal.cpuVsLoop)
    } the plain \`HttpClient\` loop's of the same edition on the same transport.`,
    "",
    "| client | first: wall | CPU | second: wall | CPU | wall / SDK | CPU / SDK | CPU / plain loop |",
    "|---|---:|---:|---:|---:|---:|---:|---:|"
  )
  for (const id of cpuClients) {
    const r = cpuBound.get(id)!
    const loopId = loopOf[id]
    const loop = loopId === undefined ? undefined : cpuBound.get(loopId as typeof cpuClients[number])
    const vsSdk = loop === undefined
      ? x(r.cpuMillis / sdk.cpuMillis)
      : verdict(r.cpuMillis / sdk.cpuMillis, goal.cpuVsSdk)
    const vsLoop = loop === undefined ? "" : verdict(r.cpuMillis / loop.cpuMillis, goal.cpuVsLoop)
    lines.push(
      `| ${labels[id]} | ${ms(r.firstWallMillis)} | ${ms(r.firstCpuMillis)} | ${ms(r.wallMillis)} | ${
        ms(r.cpuMillis)
      } | ${x(r.wallMillis / sdk.wallMillis)} | ${vsSdk} | ${vsLoop} |`
    )
    if (loop !== undefined && id.startsWith("e4-")) {
      const transport = id === "e4-fetch" ? "fetch" : "undici"
      summarise(
        `2. ${transport}, CPU / official SDK`,
        r.cpuMillis / sdk.cpuMillis,
        goal.cpuVsSdk,
        `(${ms(r.cpuMillis)}, ${ms(sdk.cpuMillis)})`
      )
      summarise(
        `2. ${transport}, CPU / plain Effect 4 loop`,
        r.cpuMillis / loop.cpuMillis,
        goal.cpuVsLoop,
        `(${ms(r.cpuMillis)}, ${ms(loop.cpuMillis)})`
      )
    }
  }
  lines.push("")
}

if (memory.size > 0) {
  lines.push(
    "## 3. Memory: live heap on FetchHttpClient",
    "",
    "The largest heap left after a forced garbage collection (every 250 ms, `--expose-gc`) during one listing.",
    "",
    "| client | 10,000 credentials | 100,000 credentials | growth |",
    "|---|---:|---:|---:|"
  )
  for (const client of memoryClients) {
    const small = memory.get(`${client}:10000`)!
    const large = memory.get(`${client}:${cpuKeys}`)!
    const growth = large / small - 1
    lines.push(
      `| ${labels[client]} | ${mb(small)} | ${mb(large)} | ${(growth * 100).toFixed(0)}% (goal ≤ +10%: ${
        growth <= goal.heapGrowth ? "met" : "**missed**"
      }) |`
    )
    if (client === "e4-fetch") {
      summary.push(
        `| 3. live heap, 100,000 against 10,000 | ${(growth * 100).toFixed(0)}% (${mb(small)}, ${
          mb(large)
        }) | ≤ +10% | ${growth <= goal.heapGrowth ? "met" : "**missed**"} |`
      )
    }
  }
  lines.push("")
}

if (coldStart !== undefined) {
  const sdkStart = coldStart.get("sdk")!.startMillis
  const library = coldStart.get("library")!.startMillis
  const effect4 = coldStart.get("effect4")!.startMillis
  lines.push(
    "## 4. Cold start: importing the client's module and building it",
    "",
    "bench/coldStart.mjs, a fresh process each run: each edition imported as installed (`dist/`, unbundled) with",
    "FetchHttpClient, and its layer built; the SDK's `byokList` and `OpenRouterCore` imported, and the core built.",
    "",
    "| client | cold start | / official SDK |",
    "|---|---:|---:|",
    `| ${labels.sdk} | ${ms(sdkStart)} | 1.00x |`,
    `| ${labels.fetch} | ${ms(library)} | ${verdict(library / sdkStart, goal.coldStartVsSdk)} |`,
    `| ${labels["e4-fetch"]} | ${ms(effect4)} | ${verdict(effect4 / sdkStart, goal.coldStartVsSdk)} |`,
    ""
  )
  summarise(
    "4. cold start / SDK's `byokList` import",
    effect4 / sdkStart,
    goal.coldStartVsSdk,
    `(${ms(effect4)}, ${ms(sdkStart)})`
  )
}

if (bundles !== undefined) {
  lines.push(
    "## 5. Bundle: a program that only lists keys",
    "",
    "bench/bundleSize.ts: bench/bundle/ and bench/effect4/bundle/, esbuild (minified, tree-shaken, ESM for node), gzip level 9.",
    "",
    "| program | minified | gzip -9 | / official SDK | largest parts (minified) |",
    "|---|---:|---:|---:|---|"
  )
  const official = bundles.official.gzippedBytes
  for (const [key, bundle] of Object.entries(bundles)) {
    const ratio = bundle.gzippedBytes / official
    const parts = bundle.minifiedByGroup.slice(0, 3).map(([group, bytes]) => `${group} ${kb(bytes)}`).join(", ")
    lines.push(
      `| ${bundle.program} | ${kb(bundle.minifiedBytes)} | ${kb(bundle.gzippedBytes)} | ${
        key === "ours" || key === "effect4" ? verdict(ratio, goal.bundleVsSdk) : x(ratio)
      } | ${parts} |`
    )
  }
  lines.push("")
  summarise(
    "5. bundle (gzip -9) / SDK's `byokList` program",
    bundles.effect4.gzippedBytes / official,
    goal.bundleVsSdk,
    `(${kb(bundles.effect4.gzippedBytes)}, ${kb(official)})`
  )
}

const summaryLines = summary.length === 0 ? [] : [
  "## The goals (issue 25), Effect 4 edition",
  "",
  "| goal | figure | target | |",
  "|---|---:|---:|---|",
  ...summary,
  ""
]
const markdown = lines.flatMap((line) => line === "SUMMARY" ? summaryLines : [line]).join("\n")
// A quick or partial run does not replace the full results; it is printed, and kept beside the build.
const resultsFile = quick
  ? Path.join(cacheDir, "RESULTS.quick.md")
  : partial
  ? Path.join(cacheDir, "RESULTS.partial.md")
  : Path.join(benchDir, "RESULTS.md")
Fs.mkdirSync(Path.dirname(resultsFile), { recursive: true })
Fs.writeFileSync(resultsFile, markdown)
process.stdout.write(markdown + "\n")
