// npm run build: the ESM and the CommonJS builds of src/, each with its own declarations and
// source maps. dist/cjs/package.json marks that tree as CommonJS, so Node runs its .js files
// and TypeScript reads its .d.ts files as CommonJS (no declaration copies or renames needed).
import { execFileSync } from "node:child_process"
import { rmSync, writeFileSync } from "node:fs"

const tsc = (project) => execFileSync("npx", ["tsc", "-p", project], { stdio: "inherit" })

rmSync("dist", { recursive: true, force: true })
tsc("tsconfig.build.json")
tsc("tsconfig.build.cjs.json")
writeFileSync("dist/cjs/package.json", JSON.stringify({ type: "commonjs" }, null, 2) + "\n")
