import { availableParallelism } from "node:os"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    // The sibling packages by name, to their sources, as the bundle sees them (build.mjs).
    alias: {
      "effect4-openrouter-byok": here("../effect4/src/index.ts"),
      "openrouter-byok-core": here("../core/src/index.ts"),
      "openrouter-byok-mock-server": here("../mock-server/src/index.ts")
    },
    // One effect for the tool, the Effect 4 edition's sources and the tests: this package's own.
    dedupe: ["effect", "@effect/platform-node"]
  },
  test: {
    // A file per core: vitest leaves one core idle by default, and these files spend much of
    // their time waiting on loopback sockets and child processes (docs/RELIABILITY.md, "Running time").
    maxWorkers: availableParallelism(),
    include: ["test/**/*.test.ts"],
    // The command-line tests run the bundled tool, as it is installed.
    globalSetup: ["test/support/buildOnce.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
