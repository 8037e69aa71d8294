/**
 * Every program in examples/ runs as a user would run it: `tsx examples/X.ts` in its own
 * process (on the Node these tests run on), configured by OPENROUTER_API_KEY /
 * OPENROUTER_API_URL, here pointed at the mock server. tsx resolves the package's own name to
 * its sources through the package's tsconfig.json.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { ByokKeyFixtures, MockServer } from "effect4-openrouter-byok/testing"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))

const runExample = (file: string, env: Record<string, string>, args: ReadonlyArray<string> = []) =>
  Effect.callback<{ readonly code: number; readonly output: string }>((resume) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", file, ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resume(Effect.succeed({ code: error === null ? 0 : (child.exitCode ?? 1), output: stdout + stderr }))
    )
    return Effect.sync(() => child.kill())
  })

const expectations: ReadonlyArray<readonly [file: string, expected: ReadonlyArray<RegExp>]> = [
  ["examples/list.ts", [
    /page at offset 0: 50 of 120 credentials/,
    /page at offset 100: 20 of 120/,
    /credentials per provider/
  ]],
  ["examples/get.ts", [/sk-\.\.\./, /not found, as expected: Not found \(HTTP 404\)/]],
  ["examples/lifecycle.ts", [
    /created .+ with label sk-\.\.\./,
    /rotated: label sk-\.\.\.\S+ -> sk-\.\.\./,
    /disabled: true, allowed models: null/,
    /deleted: gone/
  ]],
  ["examples/layers.ts", [/first page: 10 of 120/]],
  ["examples/retry.ts", [/patient: not found/, /no retries: not found/]]
]

describe("examples/", () => {
  it.live("each example runs to success against the mock server", () =>
    Effect.gen(function*() {
      const keys = ByokKeyFixtures.make({ count: 120, seed: 7, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })
      // A server each, so that one example's writes (lifecycle) cannot change what another one lists.
      const runs = yield* Effect.forEach(expectations, ([file]) =>
        Effect.scoped(Effect.gen(function*() {
          const server = yield* MockServer.make({ keys, apiKey: "sk-or-v1-examples" })
          return yield* runExample(file, {
            OPENROUTER_API_KEY: Redacted.value(server.apiKey),
            OPENROUTER_API_URL: server.url
          })
        })), { concurrency: "unbounded" })
      runs.forEach((run, index) => {
        const [file, expected] = expectations[index]!
        expect(run.code, `${file} failed:\n${run.output}`).toBe(0)
        for (const pattern of expected) expect(run.output, file).toMatch(pattern)
        expect(run.output, `${file} printed the API key`).not.toContain("sk-or-v1-examples")
      })
    }), { timeout: 90_000 })
})
