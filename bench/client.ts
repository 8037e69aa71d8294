/**
 * One measured listing, in its own process so that its peak RSS is its own:
 * `node client.js <client> <apiUrl> <limit> <concurrency> [--live-heap | --twice]`. Prints one
 * JSON line.
 *
 * With `--twice` it lists everything twice and measures the second listing (the first one's
 * wall and CPU time are reported as `coldWallMillis` and `coldCpuMillis`): the steady state,
 * once the JIT has compiled the hot code.
 *
 * With `--live-heap` (and node's `--expose-gc`) it also forces a garbage collection every
 * 250 ms and reports the largest heap left after one: the memory the client really holds,
 * without the garbage V8 lets pile up between collections (which peak RSS includes).
 */
import type { ListAllOptions, MakeListAll } from "./clients/ListAll.js"

const clients: Record<string, () => Promise<MakeListAll>> = {
  bare: async () => (await import("./clients/bare.js")).make,
  sdk: async () => (await import("./clients/officialSdk.js")).make,
  fetch: async () => (await import("./clients/effectClient.js")).makeFetch,
  node: async () => (await import("./clients/effectClient.js")).makeNode,
  undici: async () => (await import("./clients/effectClient.js")).makeUndici,
  "effect-loop": async () => (await import("./clients/effectLoop.js")).makeFetch,
  "effect-loop-undici": async () => (await import("./clients/effectLoop.js")).makeUndici
}

const [name = "", apiUrl = "", limit = "100", concurrency = "1", mode] = process.argv.slice(2)
const load = clients[name]
if (load === undefined) throw new Error(`unknown client ${name}; one of ${Object.keys(clients).join(", ")}`)
const options: ListAllOptions = {
  apiUrl,
  apiKey: "sk-or-v1-bench",
  limit: Number(limit),
  concurrency: Number(concurrency)
}
const listAll = await (await load())(options)

let peakLiveHeapBytes = 0
const gc = (globalThis as { gc?: () => void }).gc
const sampleLiveHeap = () => {
  gc?.()
  peakLiveHeapBytes = Math.max(peakLiveHeapBytes, process.memoryUsage().heapUsed)
}
const sampler = mode === "--live-heap" ? setInterval(sampleLiveHeap, 250) : undefined

let cold: { wallMillis: number; cpuMillis: number } | undefined
if (mode === "--twice") {
  const coldCpu = process.cpuUsage()
  const coldStart = performance.now()
  await listAll()
  const wallMillis = performance.now() - coldStart
  const { user, system } = process.cpuUsage(coldCpu)
  cold = { wallMillis, cpuMillis: (user + system) / 1000 }
}

const cpu = process.cpuUsage()
const start = performance.now()
const items = await listAll()
const wallMillis = performance.now() - start
const { user, system } = process.cpuUsage(cpu)
if (sampler !== undefined) {
  clearInterval(sampler)
  sampleLiveHeap()
}
const result = {
  client: name,
  items,
  wallMillis,
  cpuMillis: (user + system) / 1000,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  ...(sampler === undefined ? {} : { peakLiveHeapBytes }),
  ...(cold === undefined ? {} : { coldWallMillis: cold.wallMillis, coldCpuMillis: cold.cpuMillis })
}
// Exit explicitly: keep-alive sockets of some clients would otherwise hold the process open.
process.stdout.write(JSON.stringify(result) + "\n", () => process.exit(0))
