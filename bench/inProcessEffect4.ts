/**
 * What the Effect 4 edition costs a page above a plain Effect 4 loop, and how much of it is the
 * attempt timeout, without sockets: `npx tsx bench/inProcessEffect4.ts [--rounds N]`. Builds
 * bench/effect4/inProcess.ts with the edition's effect 4.1.5 and runs its three variants (`loop`,
 * `edition`, `edition-no-timeout`) in fresh processes on the Node 22 binary, in turn, `--rounds`
 * times (default 5), pinned to CPU 1 where `taskset` exists. Prints each variant's median CPU
 * time per page, its median ratio to the loop of the same round, and the bytes it allocates per page.
 */
import * as esbuild from "esbuild"
import { spawnSync } from "node:child_process"
import * as Path from "node:path"
import { node22Binary } from "../scripts/withNode22.mjs"
import { benchDir, cacheDir, effect4Resolution } from "./build.js"

const args = process.argv.slice(2)
const roundsAt = args.indexOf("--rounds")
const rounds = roundsAt === -1 ? 5 : Number(args[roundsAt + 1])
const outfile = Path.join(cacheDir, "inProcessEffect4.js")
await esbuild.build({
  entryPoints: [Path.join(benchDir, "effect4", "inProcess.ts")],
  outfile,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node22",
  logLevel: "warning",
  plugins: [effect4Resolution({ external: false })],
  banner: {
    js:
      "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
  }
})

const node = node22Binary()
const pinned = spawnSync("taskset", ["-c", "1", "true"]).status === 0
const variants = ["loop", "edition", "edition-no-timeout"] as const
interface Sample {
  readonly cpuMicrosPerPage: number
  readonly bytesPerPage: number
}
const samples = new Map<string, Array<Sample & { readonly vsLoop: number }>>(variants.map((v) => [v, []]))
for (let round = 0; round < rounds; round++) {
  const results = new Map<string, Sample>()
  for (const variant of variants) {
    const command = pinned
      ? ["taskset", ["-c", "1", node, outfile, variant]] as const
      : [node, [outfile, variant]] as const
    const child = spawnSync(command[0], command[1], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
    if (child.status !== 0) throw new Error(`${variant} exited with ${child.status}`)
    results.set(variant, JSON.parse(child.stdout))
  }
  for (const variant of variants) {
    const result = results.get(variant)!
    samples.get(variant)!.push({ ...result, vsLoop: result.cpuMicrosPerPage / results.get("loop")!.cpuMicrosPerPage })
  }
  console.error(
    `round ${round + 1}/${rounds}: ${
      variants.map((v) => `${v} ${results.get(v)!.cpuMicrosPerPage.toFixed(0)} us`).join(", ")
    }`
  )
}
const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
console.log("| variant | CPU per page | / plain loop (median of the rounds' ratios) | allocated per page |")
console.log("|---|---:|---:|---:|")
for (const variant of variants) {
  const of = samples.get(variant)!
  console.log(
    `| ${variant} | ${median(of.map((s) => s.cpuMicrosPerPage)).toFixed(0)} us | ${
      median(of.map((s) => s.vsLoop)).toFixed(2)
    }x | ${(median(of.map((s) => s.bytesPerPage)) / 1024).toFixed(1)} KiB |`
  )
}
