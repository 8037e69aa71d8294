import { availableParallelism } from "node:os"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests and examples import the packages by their public names; resolve them to the sources.
    alias: [
      { find: /^effect4-openrouter-byok\/testing$/, replacement: source("./src/testing/index.ts") },
      { find: /^effect4-openrouter-byok$/, replacement: source("./src/index.ts") },
      { find: /^openrouter-byok-core$/, replacement: source("../core/src/index.ts") },
      { find: /^openrouter-byok-mock-server$/, replacement: source("../mock-server/src/index.ts") },
      { find: /^openrouter-byok-scenarios$/, replacement: source("../scenarios/src/index.ts") }
    ]
  },
  test: {
    // A file per core: vitest leaves one core idle by default, and these files spend much of
    // their time waiting on loopback sockets and child processes (docs/RELIABILITY.md, "Running time").
    maxWorkers: availableParallelism(),
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"]
  }
})
