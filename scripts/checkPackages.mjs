// npm run check:package: publint on every published package, and arethetypeswrong on each
// package that has entry points to import (the tool's package has only its bin).
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"

const dirs = [
  ".",
  ...JSON.parse(execFileSync("npm", ["query", ".workspace"], { encoding: "utf8" })).map((w) => w.location)
]

for (const dir of dirs) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
  if (manifest.private) continue
  console.log(`\n${manifest.name} (${dir})`)
  execFileSync("npx", ["publint", "--strict", dir], { stdio: "inherit" })
  if (manifest.exports !== undefined) {
    // ESM-only packages have no CommonJS entry to check.
    const profile = manifest.exports["."]?.require === undefined ? ["--profile", "esm-only"] : []
    execFileSync("npx", ["attw", "--pack", dir, ...profile], { stdio: "inherit" })
  }
}
