import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"
import { type CliCommand, parseCommandLine, usage } from "../src/cliArguments.js"
import { ByokKeyFixtures, defaultApiKey, start } from "../src/index.js"
import { json, send } from "./support/http.js"

const parse = (line: string) => parseCommandLine(line === "" ? [] : line.split(" "))

const serving = (line: string): Extract<CliCommand, { _tag: "Serve" }> => {
  const parsed = parse(line)
  if (!parsed.ok || parsed.command._tag !== "Serve") throw new Error(`not a serve command: ${line}`)
  return parsed.command
}

const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))

const children: Array<ChildProcess> = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL")
})

/** The bin from its sources, as `npm run mock-server` runs it. */
const runBin = (args: ReadonlyArray<string>) => {
  const child = spawn(process.execPath, ["--import", "tsx", bin, ...args], { stdio: ["ignore", "pipe", "pipe"] })
  children.push(child)
  const output = { stdout: "", stderr: "" }
  child.stdout!.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()))
  child.stderr!.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return { child, output, exited }
}

describe("openrouter-byok-mock-server (the bin)", () => {
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
        const parsed = parse(line)
        expect(parsed.ok, line).toBe(false)
        expect(parsed.ok ? "" : parsed.error, line).toContain(flag)
      }
    })

    it("shows the help", () => {
      expect(parse("--help")).toEqual({ ok: true, command: { _tag: "Help" } })
      expect(usage).toContain("--fault-rate")
    })
  })

  it("on a port in use, says so in one line and exits 1", async () => {
    const taken = await start()
    try {
      const { exited, output } = runBin(["--port", String(taken.port)])
      expect(await exited).toBe(1)
      expect(output.stderr.trimEnd().split("\n")).toEqual([
        `Cannot serve on port ${taken.port}: listen EADDRINUSE: address already in use 127.0.0.1:${taken.port}`
      ])
    } finally {
      await taken.close()
    }
  })

  it("refuses a bad flag with the usage and exit code 2", async () => {
    const { exited, output } = runBin(["--keys", "many"])
    expect(await exited).toBe(2)
    expect(output.stderr).toContain("--keys must be an integer")
    expect(output.stderr).toContain("Usage: openrouter-byok-mock-server")
  })

  it("prints its URL, serves the seeded credentials with the key of --api-key until Ctrl-C, then exits cleanly", async () => {
    const { child, exited, output } = runBin(["--port", "0", "--keys", "20", "--api-key", "sk-test"])
    const url = await new Promise<string>((resolve) => {
      child.stdout!.on("data", () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(output.stdout)
        if (match !== null) resolve(match[1]!)
      })
    })
    const answer = await send(`${url}/byok?limit=100&workspace_id=${ByokKeyFixtures.workspaceIds[0]}`, {
      apiKey: "sk-test"
    })
    const seeded = ByokKeyFixtures.make({ count: 20, seed: 1 }).filter((key) =>
      key.workspaceId === ByokKeyFixtures.defaultWorkspaceId || key.workspaceId === null
    )
    expect(json(answer).data.map((key: { id: string }) => key.id)).toEqual(seeded.map((key) => key.id))
    expect(await send(`${url}/byok`, { apiKey: defaultApiKey })).toMatchObject({ status: 401 })
    expect(output.stdout).not.toContain("sk-test")
    child.kill("SIGINT")
    expect(await exited).toBe(0)
    expect(output.stdout).toContain(`/api/v1/byok?limit=100&workspace_id=${ByokKeyFixtures.workspaceIds[0]} -> 200`)
    expect(output.stdout).toContain("/api/v1/byok -> 401 [auth invalid]")
  })
})
