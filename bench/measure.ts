/**
 * What every child process of the benchmark does, whichever edition its clients are written on:
 * `node <client.js> <client> <apiUrl> <limit> <concurrency> [--live-heap]`. Prints one JSON line.
 *
 * By default it builds the client (timed as `startMillis`: importing the client's module and
 * building it), lists everything once to warm up (`firstWallMillis`, `firstCpuMillis`), then
 * once more, measured (`wallMillis`, `cpuMillis`).
 *
 * `--live-heap` (with node's `--expose-gc`)
 * lists once, forcing a garbage collection every 250 ms, and reports the largest heap left
 * after one (`peakLiveHeapBytes`): what the client holds, without uncollected garbage.
 *
 * It imports nothing from `effect`, so the Effect 3 and the Effect 4 clients share it
 * (bench/client.ts, bench/effect4/client.ts).
 */
import type { ListAllOptions, MakeListAll } from "./clients/ListAll.js"

export const measureClient = async (clients: Record<string, () => Promise<MakeListAll>>): Promise<void> => {
  const [name = "", apiUrl = "", limit = "100", concurrency = "1", mode] = process.argv.slice(2)
  const options: ListAllOptions = {
    apiUrl,
    apiKey: "sk-or-v1-bench",
    limit: Number(limit),
    concurrency: Number(concurrency)
  }

  const startedAt = performance.now()
  const load = clients[name]
  if (load === undefined) throw new Error(`unknown client ${name}; one of ${Object.keys(clients).join(", ")}`)
  const listAll = await (await load())(options)
  const startMillis = performance.now() - startedAt

  const timed = async () => {
    const cpu = process.cpuUsage()
    const start = performance.now()
    const items = await listAll()
    const wallMillis = performance.now() - start
    const { user, system } = process.cpuUsage(cpu)
    return { items, wallMillis, cpuMillis: (user + system) / 1000 }
  }

  const measure = async (): Promise<Record<string, number>> => {
    if (mode === "--live-heap") {
      let peakLiveHeapBytes = 0
      const gc = (globalThis as { gc?: () => void }).gc
      if (gc === undefined) throw new Error("--live-heap needs node --expose-gc")
      const sample = () => {
        gc()
        peakLiveHeapBytes = Math.max(peakLiveHeapBytes, process.memoryUsage().heapUsed)
      }
      const sampler = setInterval(sample, 250)
      const { items } = await timed()
      clearInterval(sampler)
      sample()
      return { items, peakLiveHeapBytes }
    }
    const first = await timed()
    const second = await timed()
    return { startMillis, firstWallMillis: first.wallMillis, firstCpuMillis: first.cpuMillis, ...second }
  }

  const result = { client: name, ...(await measure()) }
  // Exit explicitly: keep-alive sockets of some clients would otherwise hold the process open.
  process.stdout.write(JSON.stringify(result) + "\n", () => process.exit(0))
}
