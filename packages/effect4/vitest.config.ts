import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    alias: {
      "effect4-openrouter-byok": fileURLToPath(new URL("./src/index.ts", import.meta.url)),
      "openrouter-byok-core": fileURLToPath(new URL("../core/src/index.ts", import.meta.url)),
      "openrouter-byok-mock-server": fileURLToPath(new URL("../mock-server/src/index.ts", import.meta.url)),
      "openrouter-byok-scenarios": fileURLToPath(new URL("../scenarios/src/index.ts", import.meta.url))
    }
  },
  test: {
    include: ["test/**/*.test.ts"]
  }
})
