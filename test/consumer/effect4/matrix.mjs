// The Effect 4 edition's cells of the consumer matrix (called by ../run.mjs). In an empty
// project of its own, as an Effect 4 user starts: `npm install effect@latest` first, then the
// packed tarballs of effect4-openrouter-byok and the packages it depends on. Then `npm ls`
// must exit 0 (the peer range accepts the effect that npm chose), and program.mts must compile
// with each TypeScript under each resolution (strict, exactOptionalPropertyTypes, no
// skipLibCheck) and run on each Node the edition supports. ESM only, as Effect 4 is.
import { execFileSync } from "node:child_process"
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const here = fileURLToPath(new URL(".", import.meta.url))
const packages = ["effect4-openrouter-byok", "openrouter-byok-core", "openrouter-byok-mock-server"]

/**
 * Records the cells through `record(cell, { ok, output })`, as run.mjs records its own.
 * `typescripts` and `nodes` name the compilers and binaries run.mjs installed, by version.
 */
export const effect4Cells = async ({ root, dir, typescripts, nodes, resolutions, typesNode, run, record }) => {
  const project = join(dir, "effect4")
  const tarballs = join(project, "tarballs")
  mkdirSync(project, { recursive: true })
  for (const file of ["package.json", "program.mts"]) cpSync(join(here, file), join(project, file))
  const npm = (args) => execFileSync("npm", args, { cwd: project, stdio: "inherit" })
  if (!existsSync(join(project, "node_modules/effect4-openrouter-byok"))) {
    mkdirSync(tarballs, { recursive: true })
    const packed = packages.map((name) =>
      JSON.parse(
        execFileSync("npm", ["pack", "--json", "--pack-destination", tarballs, "-w", name], {
          cwd: root,
          encoding: "utf8"
        })
      )[0]
    )
    npm(["install", "--no-audit", "--no-fund", "effect@latest"])
    npm([
      "install",
      "--no-audit",
      "--no-fund",
      ...packed.map((tarball) => join(tarballs, tarball.filename)),
      `@types/node@${typesNode}`
    ])
    for (const tarball of packed) {
      console.log(`installed ${tarball.filename} (${tarball.files.length} files, ${tarball.size} bytes)`)
    }
  }
  const effectVersion = JSON.parse(readFileSync(join(project, "node_modules/effect/package.json"), "utf8")).version
  console.log(`effect@latest installed effect ${effectVersion}`)

  const listed = await run("npm", ["ls", "--all"], project)
  record("Effect 4 edition, effect@latest and the packed packages: npm ls exits 0", listed)

  for (const [tsName, tsVersion] of Object.entries(typescripts)) {
    for (const [resolution, options] of Object.entries(resolutions)) {
      const outDir = `out/${tsVersion}-${resolution}`
      const tsconfig = `tsconfig.${tsVersion}-${resolution}.json`
      writeFileSync(
        join(project, tsconfig),
        JSON.stringify(
          {
            compilerOptions: {
              ...options,
              target: "ES2022",
              // effect 4's own declarations name a DOM type (Storage, in persistence/KeyValueStore).
              lib: ["ES2022", "DOM"],
              types: ["node"],
              strict: true,
              exactOptionalPropertyTypes: true,
              skipLibCheck: false,
              outDir,
              rootDir: "."
            },
            files: ["program.mts"]
          },
          null,
          2
        )
      )
      const compiled = await run(
        process.execPath,
        [join(dir, `node_modules/typescript-${tsVersion}/bin/tsc`), "-p", tsconfig],
        project
      )
      record(`Effect 4 edition, ${tsName}, ${resolution}: compiles the ESM program`, compiled)
      if (!compiled.ok) continue
      const cells = Object.entries(nodes).map(([nodeName, nodeVersion]) => ({
        cell: `Effect 4 edition, ${tsName}, ${resolution}, ESM import: runs on ${nodeName}`,
        node: join(dir, `node_modules/node-${nodeVersion}/bin/node`)
      }))
      const results = await Promise.all(cells.map(({ node }) => run(node, [`${outDir}/program.mjs`], project)))
      cells.forEach(({ cell }, i) => record(cell, results[i]))
    }
  }
}
