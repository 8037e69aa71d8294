// node scripts/withNode22.mjs <command> [args...]: runs the command on Node >= 22.19, which
// Effect 4, @effect/platform-node 4 and vitest 5 need. On such a Node it runs the command as it
// is. On an older one it installs the npm registry's package of the exact Node binary
// (node-<platform>-<arch>) once into a git-ignored cache in the repository, and runs the command
// with that binary's folder first on PATH, so `node` and the `#!/usr/bin/env node` of npm bins
// resolve to it. The exit code and the signals are forwarded.
//
// Imported, it runs nothing: `node22Binary()` returns the path of a Node >= 22.19 binary (the
// running one when it is recent enough), for programs that start Node 22 children themselves
// (bench/run.ts).
import { execFileSync, spawn } from "node:child_process"
import { existsSync, realpathSync } from "node:fs"
import { delimiter, join } from "node:path"
import { fileURLToPath } from "node:url"

const version = "22.23.3"
const minimum = [22, 19]

const [major, minor] = process.versions.node.split(".").map(Number)
const recentEnough = major > minimum[0] || (major === minimum[0] && minor >= minimum[1])

const nodeBinDir = () => {
  const root = fileURLToPath(new URL("..", import.meta.url))
  const cache = join(root, ".cache", `node-${version}`)
  const name = `node-${process.platform}-${process.arch}`
  const bin = join(cache, "node_modules", name, "bin")
  const executable = join(bin, process.platform === "win32" ? "node.exe" : "node")
  if (!existsSync(executable)) {
    console.error(`withNode22: Node ${process.versions.node} is too old; installing ${name}@${version} into .cache/`)
    execFileSync(
      "npm",
      ["install", "--prefix", cache, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `${name}@${version}`],
      { stdio: "inherit", shell: process.platform === "win32" }
    )
  }
  return bin
}

/** The path of a Node >= 22.19 binary: the running one if it is recent enough, else the cached Node 22.23.3 (installed on first use). */
export const node22Binary = () =>
  recentEnough ? process.execPath : join(nodeBinDir(), process.platform === "win32" ? "node.exe" : "node")

const main = () => {
  const [command, ...args] = process.argv.slice(2)
  if (command === undefined) {
    console.error("usage: node scripts/withNode22.mjs <command> [args...]")
    process.exit(2)
  }

  const env = recentEnough
    ? process.env
    : { ...process.env, PATH: `${nodeBinDir()}${delimiter}${process.env.PATH ?? ""}` }

  // npm scripts put node_modules/.bin folders on PATH, so `vitest` resolves as in any npm script.
  const child = spawn(command, args, { stdio: "inherit", env, shell: process.platform === "win32" })

  const forwarded = ["SIGINT", "SIGTERM", "SIGHUP"]
  for (const signal of forwarded) process.on(signal, () => child.kill(signal))

  child.on("error", (error) => {
    console.error(`withNode22: could not run ${command}: ${error.message}`)
    process.exit(127)
  })
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      for (const forwardedSignal of forwarded) process.removeAllListeners(forwardedSignal)
      process.kill(process.pid, signal)
    } else {
      process.exit(code ?? 1)
    }
  })
}

// Run as a program (node resolves its own path through symbolic links; so is argv[1] here), not imported.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main()
