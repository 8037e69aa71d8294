import { describe, expect, it } from "@effect/vitest"
import { ByokKeyFixtures, MockServer } from "effect-openrouter-byok/testing"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as CliArguments from "../../src/testing/internal/cliArguments.js"
import { json, send } from "./rawHttp.js"

const parse = (line: string) => CliArguments.parse(line === "" ? [] : line.split(" "))

const serving = (line: string) => {
  const command = parse(line)
  if (Either.isLeft(command) || command.right._tag !== "Serve") throw new Error(`not a serve command: ${line}`)
  return command.right
}

describe("npm run mock-server", () => {
  describe("its flags", () => {
    it("serves 100 seeded credentials on port 4010 without faults by default", () => {
      const command = serving("")
      expect(command.server).toMatchObject({
        port: 4010,
        seed: 1,
        faults: { transientRate: 0, hangRate: 0, nonJsonRate: 0 }
      })
      expect(command.server.keys).toEqual(ByokKeyFixtures.make({ count: 100, seed: 1 }))
      expect(command.logRequests).toBe(true)
    })

    it("reads every flag", () => {
      const command = serving(
        "--port 0 --keys 500 --seed 7 --api-key sk-test --non-management-key a --non-management-key b --legacy-shape " +
          "--no-default-workspace --fault-rate 0.1 --faults http503,slowAnswer --retry-after 2 --slow-ms 300 " +
          "--non-json-rate 0.01 --hang-rate 0.02 --latency-ms 20-40 --quiet"
      )
      expect(command.server.keys).toHaveLength(500)
      expect(command.server).toMatchObject({
        port: 0,
        seed: 7,
        apiKey: "sk-test",
        nonManagementApiKeys: ["a", "b"],
        shape: "legacy",
        defaultWorkspaceId: null,
        faults: {
          seed: 7,
          transientRate: 0.1,
          transientFaults: ["http503", "slowAnswer"],
          retryAfterSeconds: 2,
          slowAnswerMs: 300,
          nonJsonRate: 0.01,
          hangRate: 0.02,
          latencyMs: { min: 20, max: 40 }
        }
      })
      expect(command.logRequests).toBe(false)
    })

    it("refuses unknown flags and out-of-range values with a message naming the flag", () => {
      for (
        const [line, flag] of [
          ["--limit 3", "limit"],
          ["--port 70000", "--port"],
          ["--keys -1", "--keys"],
          ["--fault-rate 1.5", "--fault-rate"],
          ["--faults http418", "--faults"],
          ["--latency-ms 50-10", "--latency-ms"],
          ["--api-key ", "--api-key"]
        ] as const
      ) {
        const command = parse(line)
        expect(Either.isLeft(command), line).toBe(true)
        expect(Either.getLeft(command).pipe((left) => left._tag === "Some" ? left.value : ""), line).toContain(flag)
      }
    })

    it("shows the help", () => {
      expect(parse("--help")).toEqual(Either.right({ _tag: "Help" }))
      expect(CliArguments.usage).toContain("--fault-rate")
    })
  })

  it.live("on a port in use, says so in one line and exits 1", () =>
    Effect.gen(function*() {
      const taken = yield* MockServer.make()
      const port = new URL(taken.url).port
      const cli = fileURLToPath(new URL("../../src/testing/cli.ts", import.meta.url))
      const child = spawn(process.execPath, ["--import", "tsx", cli, "--port", port], {
        stdio: ["ignore", "pipe", "pipe"]
      })
      yield* Effect.addFinalizer(() => Effect.sync(() => child.kill("SIGKILL")))
      let stderr = ""
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
      const exitCode = yield* Effect.async<number | null>((resume) => {
        child.on("close", (code) => resume(Effect.succeed(code)))
      }).pipe(Effect.timeout("15 seconds"))
      expect(exitCode).toBe(1)
      expect(stderr.trimEnd().split("\n")).toEqual([
        `Cannot serve on port ${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}`
      ])
    }).pipe(Effect.scoped))

  it.live("prints its URL, serves until interrupted with Ctrl-C, then exits cleanly", () =>
    Effect.gen(function*() {
      const cli = fileURLToPath(new URL("../../src/testing/cli.ts", import.meta.url))
      const child = spawn(process.execPath, [
        "--import",
        "tsx",
        cli,
        "--port",
        "0",
        "--keys",
        "20",
        "--api-key",
        "sk-test"
      ], {
        stdio: ["ignore", "pipe", "pipe"]
      })
      yield* Effect.addFinalizer(() => Effect.sync(() => child.kill("SIGKILL")))
      let output = ""
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
      const url = yield* Effect.async<string>((resume) => {
        child.stdout.on("data", () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(output)
          if (match !== null) resume(Effect.succeed(match[1]!))
        })
      }).pipe(Effect.timeout("15 seconds"))
      const answer = yield* send(`${url}/byok?limit=100`, { apiKey: "sk-test" })
      expect(json(answer).total_count).toBeGreaterThan(0)
      expect(output).not.toContain("sk-test")
      const exitCode = yield* Effect.async<number | null>((resume) => {
        child.on("exit", (code) => resume(Effect.succeed(code)))
        child.kill("SIGINT")
      }).pipe(Effect.timeout("5 seconds"))
      expect(exitCode).toBe(0)
      expect(output).toContain("GET /api/v1/byok?limit=100 -> 200")
      expect(MockServer.defaultApiKey).not.toBe("sk-test")
    }).pipe(Effect.scoped), 30_000)
})
