// npm run build: each package's ESM and CommonJS builds, each with its own declarations and
// source maps, the Effect-free packages first (the editions' builds read their declarations
// through their package names). dist/cjs/package.json marks that tree as CommonJS, so Node
// runs its .js files and TypeScript reads its .d.ts files as CommonJS. The Effect 4 edition is
// ESM only, as Effect 4 is.
import { execFileSync } from "node:child_process"
import { rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const tsc = (project) => execFileSync("npx", ["tsc", "-p", project], { stdio: "inherit" })

export const buildDual = (dir) => {
  rmSync(join(dir, "dist"), { recursive: true, force: true })
  tsc(join(dir, "tsconfig.build.json"))
  tsc(join(dir, "tsconfig.build.cjs.json"))
  writeFileSync(join(dir, "dist/cjs/package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n")
}

export const buildEsm = (dir) => {
  rmSync(join(dir, "dist"), { recursive: true, force: true })
  tsc(join(dir, "tsconfig.build.json"))
}

for (const dir of ["packages/core", "packages/mock-server", "."]) buildDual(dir)
buildEsm("packages/effect4")
execFileSync("npm", ["run", "build", "--silent", "-w", "openrouter-byok-cli"], { stdio: "inherit" })
