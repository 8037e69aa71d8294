/**
 * Profiles one client listing N keys: `npx tsx bench/profile.ts [client] [keys] [concurrency]`
 * (default `fetch 100000`; the clients of bench/client.ts and bench/effect4/client.ts, such as
 * `e4-fetch`), on the Node >= 22.19 the benchmark runs its clients on. Writes a `.cpuprofile` under bench/.cache/profiles (open it in Chrome
 * DevTools) and prints where the self time went, by function and by package.
 */
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { node22Binary } from "../scripts/withNode22.mjs"
import { buildClient, cacheDir } from "./build.js"
import { startServer } from "./server.js"

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: ReadonlyArray<number>
}
interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const [client = "fetch", keysArg = "100000", concurrency = "1"] = process.argv.slice(2)
const keys = Number(keysArg)
const scripts = await buildClient({ forProfile: true })
const script = client.startsWith("e4-") ? scripts.effect4 : scripts.effect3
const server = await startServer({ keys })
server.warm(100)
const dir = Path.join(cacheDir, "profiles")
Fs.rmSync(dir, { recursive: true, force: true })
Fs.mkdirSync(dir, { recursive: true })
// The server answers from this process, so the child must run asynchronously beside it.
const child = await new Promise<string>((resolve, reject) => {
  const proc = spawn(node22Binary(), [
    "--cpu-prof",
    "--cpu-prof-dir",
    dir,
    "--cpu-prof-interval",
    "200",
    script,
    client,
    server.apiUrl,
    "100",
    concurrency
  ])
  let out = ""
  proc.stdout.on("data", (chunk: Buffer) => (out += chunk))
  proc.stderr.pipe(process.stderr)
  proc.on("exit", (code: number) => (code === 0 ? resolve(out) : reject(new Error(`client exited with ${code}`))))
})
await server.close()
console.log(child.trim())

const file = Fs.readdirSync(dir).find((name) => name.endsWith(".cpuprofile"))
if (file === undefined) throw new Error("no profile written")
const profile = JSON.parse(Fs.readFileSync(Path.join(dir, file), "utf8")) as CpuProfile

const selfMicros = new Map<number, number>()
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0)

const packageOf = (url: string): string => {
  if (url === "") return "(native / VM)"
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (match !== null) return match[1]!
  if (url.startsWith("node:")) return "node internals"
  if (url.includes("/.cache/client-profile/")) return "this library + bench client"
  return url
}

const byFunction = new Map<string, number>()
const byPackage = new Map<string, number>()
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id) ?? 0
  if (micros === 0) continue
  const { functionName, lineNumber, url } = node.callFrame
  const name = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros)
  byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + micros)
}
const top = (map: Map<string, number>, count: number) =>
  [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([name, micros]) =>
      `${(micros / 1000).toFixed(1).padStart(8)} ms ${(100 * micros / total).toFixed(1).padStart(5)}%  ${name}`
    )
    .join("\n")
console.log(
  `\nprofile: ${Path.join(dir, file)} (${(total / 1000).toFixed(0)} ms sampled)\n\nself time by package:\n${
    top(byPackage, 12)
  }`
)
console.log(`\nself time by function:\n${top(byFunction, 40)}`)
