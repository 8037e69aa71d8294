/**
 * `npm run start:effect4` is the first thing a newcomer runs: with no key and no network it must show
 * every part it promises and succeed. (The file runs `main` when executed; here it is imported.)
 */
import { describe, expect, it, vi } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import { main } from "./demo.js"

describe("npm run start:effect4 (examples/demo.ts) without OPENROUTER_API_KEY", () => {
  it.live("runs the real client against the in-process mock server, and succeeds", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const log = vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) =>
        void lines.push(args.join(" "))
      )
      yield* Effect.addFinalizer(() => Effect.sync(() => log.mockRestore()))
      yield* main.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnvRecord({})))
      const out = lines.join("\n")
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
    }))
})
