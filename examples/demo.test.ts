/**
 * `npm start` is the first thing a newcomer runs: it must work with no key and no network,
 * show every part it promises, and exit 0.
 */
import { describe, expect, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

describe("npm start (examples/demo.ts) without OPENROUTER_API_KEY", () => {
  it("runs against the in-process mock server and exits 0", () => {
    const { OPENROUTER_API_KEY: _key, OPENROUTER_API_URL: _url, ...env } = process.env
    const demo = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./demo.ts", import.meta.url))], {
      env,
      encoding: "utf8",
      timeout: 25_000
    })
    expect(demo.status, demo.stderr).toBe(0)
    const out = demo.stdout
    expect(out).toContain("No OPENROUTER_API_KEY: running against the mock BYOK server at http://127.0.0.1:")
    expect(out).toContain("page 1 of 12, 25 keys so far")
    expect(out).toContain("page 12 of 12, 300 keys so far")
    expect(out).toMatch(/\(total\)\s+300/)
    expect(out).toMatch(/disabled\s+\d+/)
    expect(out).toMatch(/↻ retrying in \d+m?s after: Rate limited \(HTTP 429\)/)
    expect(out).toMatch(/↻ retrying in \d+ms after: Internal server error \(HTTP 500\)/)
    expect(out).toContain("NotFound handled with Effect.catchTag")
    expect(out).toContain("get now answers NotFound")
    expect(out).not.toContain("sk-proj-demo")
  }, 30_000)
})
