/**
 * One measured listing, in its own process so that its peak RSS is its own:
 * `node client.mjs <client> <apiUrl> <limit> <concurrency>`. Prints one JSON line.
 */
import type { ListAllOptions, MakeListAll } from "./clients/ListAll.js"

const clients: Record<string, () => Promise<MakeListAll>> = {
  bare: async () => {
    const { listAll } = await import("./clients/bare.js")
    return async (options) => () => listAll(options)
  },
  sdk: async () => (await import("./clients/officialSdk.js")).make,
  fetch: async () => (await import("./clients/effectClient.js")).makeFetch,
  node: async () => (await import("./clients/effectClient.js")).makeNode
}

const [name = "", apiUrl = "", limit = "100", concurrency = "1"] = process.argv.slice(2)
const load = clients[name]
if (load === undefined) throw new Error(`unknown client ${name}; one of ${Object.keys(clients).join(", ")}`)
const options: ListAllOptions = { apiUrl, apiKey: "sk-or-v1-bench", limit: Number(limit), concurrency: Number(concurrency) }
const listAll = await (await load())(options)

const cpu = process.cpuUsage()
const start = performance.now()
const items = await listAll()
const wallMillis = performance.now() - start
const { user, system } = process.cpuUsage(cpu)
const result = {
  client: name,
  items,
  wallMillis,
  cpuMillis: (user + system) / 1000,
  maxRssBytes: process.resourceUsage().maxRSS * 1024
}
// Exit explicitly: keep-alive sockets of some clients would otherwise hold the process open.
process.stdout.write(JSON.stringify(result) + "\n", () => process.exit(0))
