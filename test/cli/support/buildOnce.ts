/**
 * Vitest global setup: builds the package once before the tests, so the command-line tests
 * run the built `openrouter-byok` as it is installed, whatever layout the build gives `dist/`.
 */
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"

export default function buildOnce(): void {
  execFileSync("npm", ["run", "build", "--silent"], {
    cwd: fileURLToPath(new URL("../../..", import.meta.url)),
    stdio: ["ignore", "ignore", "inherit"]
  })
}
