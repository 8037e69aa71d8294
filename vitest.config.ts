import { availableParallelism } from "node:os"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    alias: [
      // Tests and examples import the package by its public name; resolve it to the sources.
      {
        find: /^effect-openrouter-byok\/testing$/,
        replacement: fileURLToPath(new URL("./src/testing/index.ts", import.meta.url))
      },
      { find: /^effect-openrouter-byok$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
      // The sibling packages, likewise by name, to their sources.
      {
        find: /^openrouter-byok-core$/,
        replacement: fileURLToPath(new URL("./packages/core/src/index.ts", import.meta.url))
      },
      {
        find: /^openrouter-byok-mock-server$/,
        replacement: fileURLToPath(new URL("./packages/mock-server/src/index.ts", import.meta.url))
      },
      {
        find: /^openrouter-byok-scenarios$/,
        replacement: fileURLToPath(new URL("./packages/scenarios/src/index.ts", import.meta.url))
      }
    ]
  },
  test: {
    // A file per core: vitest leaves one core idle by default, and these files spend much of
    // their time waiting on loopback sockets and child processes (docs/RELIABILITY.md, "Running time").
    maxWorkers: availableParallelism(),
    include: [
      "test/**/*.test.ts",
      "examples/**/*.test.ts",
      "packages/core/test/**/*.test.ts",
      "packages/mock-server/test/**/*.test.ts",
      "packages/scenarios/test/**/*.test.ts"
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
