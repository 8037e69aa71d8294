// npm run test:consumer: installs the packed packages into scratch projects, as users would,
// then compiles and runs program.mts (ESM import) and program.cts (CommonJS require) with each
// TypeScript, each moduleResolution, on each Node; checks that the library adds no third-party
// package beside its peers; and installs the command-line tool alone, globally into an empty
// prefix, and runs it. Then the Effect 4 edition's cells, in a project of their own
// (effect4/matrix.mjs). Prints the matrix; exits 1 if a cell failed. Needs a built repository
// (npm run build). CONSUMER_DIR keeps the scratch projects for a rerun.
import { execFile, execFileSync } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { effect4Cells } from "./effect4/matrix.mjs"

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
const peers = [`effect@${locked("effect")}`, `@effect/platform@${locked("@effect/platform")}`]

const started = Date.now()
const seconds = () => ((Date.now() - started) / 1000).toFixed(0) + " s"
const dir = process.env.CONSUMER_DIR ?? mkdtempSync(join(tmpdir(), "byok-consumer-"))
mkdirSync(dir, { recursive: true })
for (const file of ["package.json", ...Object.values(formats)]) cpSync(join(here, file), join(dir, file))
const tarballs = join(dir, "tarballs")
const peersOnly = join(dir, "peers-only")
const cliPrefix = join(dir, "cli-prefix")
const install = (cwd, specs) =>
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", ...specs], { cwd, stdio: "inherit" })

// The Effect 3 edition with the packages it depends on (the Effect-free core, the mock server),
// and the tool, each packed as npm publishes it.
const pack = (workspace) =>
  JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", tarballs, ...workspace], {
      cwd: root,
      encoding: "utf8"
    })
  )[0]
if (!existsSync(join(dir, "node_modules/effect-openrouter-byok"))) {
  mkdirSync(tarballs, { recursive: true })
  const library = [[], ...["openrouter-byok-core", "openrouter-byok-mock-server"].map((name) => ["-w", name])]
    .filter((workspace) => workspace.length === 0 || existsSync(join(root, "node_modules", workspace[1])))
    .map(pack)
  const cli = pack(["-w", "openrouter-byok-cli"])
  const binary = (version) => `npm:node-${process.platform}-${process.arch}@${version}`
  install(dir, [
    ...library.map((packed) => join(tarballs, packed.filename)),
    ...peers,
    `@types/node@${locked("@types/node")}`,
    ...Object.values(typescripts).map((version) => `typescript-${version}@npm:typescript@${version}`),
    ...Object.values(nodes).map((version) => `node-${version}@${binary(version)}`)
  ])
  for (const packed of library) {
    console.log(`installed ${packed.filename} (${packed.files.length} files, ${packed.size} bytes)`)
  }
  mkdirSync(peersOnly, { recursive: true })
  writeFileSync(join(peersOnly, "package.json"), JSON.stringify({ name: "peers-only", private: true }))
  install(peersOnly, peers)
  execFileSync(
    "npm",
    ["install", "-g", "--prefix", cliPrefix, "--no-audit", "--no-fund", join(tarballs, cli.filename)],
    {
      stdio: "inherit"
    }
  )
  console.log(`installed ${cli.filename} (${cli.files.length} files, ${cli.size} bytes) in ${seconds()}`)
}

const run = (command, args, cwd = dir) =>
  new Promise((resolve) => {
    execFile(command, args, { cwd, encoding: "utf8", timeout: 180_000 }, (error, stdout, stderr) =>
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

// Beside its peers, the library brings only this repository's own packages: every package
// reachable from it is one of ours or is installed by the peers alone too.
{
  const tree = (project) =>
    JSON.parse(execFileSync("npm", ["ls", "--all", "--json"], { cwd: project, encoding: "utf8" })).dependencies ?? {}
  const reachable = (dependencies, names = new Set()) => {
    for (const [name, node] of Object.entries(dependencies ?? {})) {
      if (!names.has(name)) reachable(node.dependencies, names.add(name))
    }
    return names
  }
  const withPeers = reachable(tree(peersOnly))
  const ours = ["effect-openrouter-byok", "openrouter-byok-core", "openrouter-byok-mock-server"]
  const library = tree(dir)["effect-openrouter-byok"]
  const added = [...reachable(library?.dependencies)].filter((name) => !withPeers.has(name) && !ours.includes(name))
  record("the library adds no third-party package beside effect and @effect/platform", {
    ok: library !== undefined && added.length === 0,
    output: `added: ${added.join(", ")}`
  })
}

// The tool installed alone, globally into an empty prefix: --help, and a listing from the embedded mock.
for (const [nodeName, nodeVersion] of Object.entries(nodes)) {
  const bin = join(cliPrefix, "bin/openrouter-byok")
  for (const args of [["--help"], ["--mock", "list", "--format", "json"]]) {
    record(
      `openrouter-byok ${args.join(" ")}, installed alone: runs on ${nodeName}`,
      await run(join(dir, `node_modules/node-${nodeVersion}/bin/node`), [bin, ...args])
    )
  }
}

// The Effect 4 edition, on the Nodes it supports (>= 22.19).
await effect4Cells({
  root,
  dir,
  typescripts,
  nodes: { "Node 22": nodes["Node 22"], "Node 24": nodes["Node 24"] },
  resolutions,
  typesNode: locked("@types/node"),
  run,
  record
})

const failed = rows.filter((row) => !row.ok).length
console.log(`consumer matrix: ${rows.length - failed} passed, ${failed} failed, in ${seconds()} (${dir})`)
writeFileSync(
  join(here, "..", "..", ".consumer-results.json"),
  JSON.stringify({ passed: rows.length - failed, failed, rows })
)
process.exitCode = failed === 0 ? 0 : 1
