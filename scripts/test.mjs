// npm test: lint, then every package's tests: the root vitest run (the Effect 3 edition, the
// core, the mock server), then each workspace that runs its own (the Effect 4 edition and the
// tool built on it, each on its own vitest and Node). Arguments after `--` go to every vitest run; with
// `--json-reports DIR`, each run also writes its JSON report into DIR (for .ci/run's count).
// Every suite runs even when one fails; the exit code is the first failure's.
import { spawnSync } from "node:child_process"
import { mkdirSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"

const args = process.argv.slice(2)
const reportsAt = args.indexOf("--json-reports")
const reports = reportsAt === -1 ? undefined : resolve(args.splice(reportsAt, 2)[1])
if (reports !== undefined) mkdirSync(reports, { recursive: true })
const reporting = (name) =>
  reports === undefined
    ? []
    : ["--reporter=default", "--reporter=json", `--outputFile=${join(reports, `${name}.json`)}`]

const run = (command, commandArgs, cwd = ".") => {
  console.log(`\n> ${[command, ...commandArgs].join(" ")}${cwd === "." ? "" : ` (in ${cwd})`}`)
  return spawnSync(command, commandArgs, { cwd, stdio: "inherit" }).status ?? 1
}

const lint = run("npm", ["run", "lint", "--silent"])
if (lint !== 0) process.exit(lint)

const workspaces = JSON.parse(spawnSync("npm", ["query", ".workspace"], { encoding: "utf8" }).stdout)
  .filter((workspace) => JSON.parse(readFileSync(join(workspace.location, "package.json"), "utf8")).scripts?.test)
const statuses = [
  run("npx", ["vitest", "run", ...reporting("root"), ...args]),
  ...workspaces.map((workspace) =>
    run("npm", ["test", "--silent", "--", ...reporting(workspace.name), ...args], workspace.location)
  )
]
process.exit(statuses.find((status) => status !== 0) ?? 0)
