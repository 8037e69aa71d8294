// npm run test:consumer: installs the packed package into a scratch project, as a user would,
// then compiles and runs program.mts (ESM import) and program.cts (CommonJS require) with each
// TypeScript, each moduleResolution, on each Node. Prints the matrix; exits 1 if a cell failed.
// Needs a built package (npm run build). CONSUMER_DIR keeps the scratch project for a rerun.
import { execFile, execFileSync } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const here = fileURLToPath(new URL(".", import.meta.url))
const root = join(here, "../..")

// What users run. Effect and the platform at the versions the library's tests run; each Node
// from the npm package of its exact binary, so no download outside the registry is needed.
const typescripts = { "TS 5.9": "5.9.3", "TS 7": "7.0.2" }
const nodes = { "Node 20": "20.20.2", "Node 22": "22.23.3", "Node 24": "24.21.0" }
const rootLock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")).packages
const locked = (name) => rootLock[`node_modules/${name}`].version
const resolutions = {
  nodenext: { module: "NodeNext", moduleResolution: "NodeNext" },
  bundler: { module: "Preserve", moduleResolution: "Bundler" }
}
const formats = { "ESM import": "program.mts", "CJS require": "program.cts" }

const started = Date.now()
const seconds = () => ((Date.now() - started) / 1000).toFixed(0) + " s"
const dir = process.env.CONSUMER_DIR ?? mkdtempSync(join(tmpdir(), "byok-consumer-"))
mkdirSync(dir, { recursive: true })
for (const file of ["package.json", ...Object.values(formats)]) cpSync(join(here, file), join(dir, file))

if (!existsSync(join(dir, "node_modules/effect-openrouter-byok"))) {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: root, encoding: "utf8" })
  )[0]
  const binary = (version) => `npm:node-${process.platform}-${process.arch}@${version}`
  const specs = [
    join(dir, packed.filename),
    `effect@${locked("effect")}`,
    `@effect/platform@${locked("@effect/platform")}`,
    `@types/node@${locked("@types/node")}`,
    ...Object.values(typescripts).map((version) => `typescript-${version}@npm:typescript@${version}`),
    ...Object.values(nodes).map((version) => `node-${version}@${binary(version)}`)
  ]
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", ...specs], {
    cwd: dir,
    stdio: "inherit"
  })
  console.log(`installed ${packed.filename} (${packed.files.length} files, ${packed.size} bytes) in ${seconds()}`)
}

const run = (command, args) =>
  new Promise((resolve) => {
    execFile(command, args, { cwd: dir, encoding: "utf8", timeout: 180_000 }, (error, stdout, stderr) =>
      resolve({ ok: error === null, output: `${stdout}${stderr}${error ?? ""}`.trim() }))
  })

const rows = []
const record = (cell, result) => {
  rows.push({ cell, ok: result.ok })
  console.log(`${result.ok ? "pass" : "FAIL"}  ${cell}`)
  if (!result.ok) console.log(result.output.replace(/^/gm, "      "))
}

// One compiler run per TypeScript and resolution covers both programs (the libraries'
// declarations are checked once); the Node runs of a build go side by side.
for (const [tsName, tsVersion] of Object.entries(typescripts)) {
  for (const [resolution, options] of Object.entries(resolutions)) {
    const outDir = `out/${tsVersion}-${resolution}`
    const tsconfig = `tsconfig.${tsVersion}-${resolution}.json`
    writeFileSync(
      join(dir, tsconfig),
      JSON.stringify(
        {
          compilerOptions: {
            ...options,
            target: "ES2022",
            // @effect/platform's declarations name DOM types (Storage, MessagePort), as its users know.
            lib: ["ES2022", "DOM"],
            types: ["node"],
            strict: true,
            exactOptionalPropertyTypes: true,
            skipLibCheck: false,
            outDir,
            rootDir: "."
          },
          files: Object.values(formats)
        },
        null,
        2
      )
    )
    const compiled = await run(process.execPath, [`node_modules/typescript-${tsVersion}/bin/tsc`, "-p", tsconfig])
    record(`${tsName}, ${resolution}: compiles the ESM and the CJS program`, compiled)
    if (!compiled.ok) continue
    const cells = Object.entries(formats).flatMap(([format, program]) =>
      Object.entries(nodes).map(([nodeName, nodeVersion]) => ({
        cell: `${tsName}, ${resolution}, ${format}: runs on ${nodeName}`,
        node: `node_modules/node-${nodeVersion}/bin/node`,
        emitted: `${outDir}/${program.replace(/\.mts$/, ".mjs").replace(/\.cts$/, ".cjs")}`
      }))
    )
    const results = await Promise.all(cells.map(({ emitted, node }) => run(node, [emitted])))
    cells.forEach(({ cell }, i) => record(cell, results[i]))
  }
}

// The package's commands, as npx would start them: --help, and a listing from the embedded mock.
const installed = JSON.parse(readFileSync(join(dir, "node_modules/effect-openrouter-byok/package.json"), "utf8"))
for (const name of Object.keys(installed.bin ?? {})) {
  for (const [nodeName, nodeVersion] of Object.entries(nodes)) {
    const bin = join("node_modules/effect-openrouter-byok", installed.bin[name])
    for (const args of [["--help"], ["--mock", "list", "--format", "json"]]) {
      record(
        `bin ${name} ${args.join(" ")}: runs on ${nodeName}`,
        await run(`node_modules/node-${nodeVersion}/bin/node`, [bin, ...args])
      )
    }
  }
}

const failed = rows.filter((row) => !row.ok).length
console.log(`consumer matrix: ${rows.length - failed} passed, ${failed} failed, in ${seconds()} (${dir})`)
writeFileSync(
  join(here, "..", "..", ".consumer-results.json"),
  JSON.stringify({ passed: rows.length - failed, failed, rows })
)
process.exitCode = failed === 0 ? 0 : 1
