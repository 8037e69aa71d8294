/**
 * `openrouter-byok` as a user runs it: the built tool in a child process, against the mock
 * server on 127.0.0.1 (started here, so its log and store can be inspected) or with `--mock`.
 */
import { describe, expect, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type { ByokKey as ByokKeyModule } from "effect4-openrouter-byok"
import { ByokKeyFixtures } from "openrouter-byok-mock-server"
import { withoutStyling } from "../src/colours.js"
import * as MockServer from "./support/mockServer.js"
import { type CliRun, packageJson, runCli, runCliOnTerminal } from "./support/runCli.js"

type ByokKey = ByokKeyModule.ByokKey

/** 230 credentials, all listed by a request that names no workspace: three pages of 100. */
const keys = ByokKeyFixtures.make({ count: 230, seed: 7, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })

const nonManagementKey = "sk-or-v1-not-a-management-key"

const serverEnv = (server: MockServer.Service, apiKey: string = MockServer.defaultApiKey) => ({
  OPENROUTER_API_KEY: apiKey,
  OPENROUTER_API_URL: server.url
})

const againstServer = (
  args: ReadonlyArray<string>,
  options: { readonly stdin?: string; readonly apiKey?: string } = {}
) =>
  Effect.flatMap(
    MockServer.MockServer,
    (server) => runCli(args, { env: serverEnv(server, options.apiKey), stdin: options.stdin })
  )

/** A credential with `undefined` for what it lacks, as JSON and CSV write absent fields. */
const asWritten = (key: ByokKey) => JSON.parse(JSON.stringify(key)) as unknown

const succeeded = (run: CliRun) => {
  expect(run.stderr).toBe("")
  expect(run.exitCode).toBe(0)
  return run.stdout
}

/**
 * RFC 4180, as far as the tool writes it: each record ends with CRLF; quoted cells with doubled
 * quotes, possibly with commas and line breaks. A line break outside quotes that is not CRLF throws.
 */
const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let cell = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quoted) {
      if (char === "\"" && text[i + 1] === "\"") {
        cell += "\""
        i++
      } else if (char === "\"") quoted = false
      else cell += char
    } else if (char === "\"") quoted = true
    else if (char === ",") {
      row.push(cell)
      cell = ""
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ""
      i++
    } else if (char === "\r" || char === "\n") {
      throw new Error(`A record ends with ${JSON.stringify(char)} at ${i}, not CRLF`)
    } else cell += char
  }
  if (row.length > 0 || cell !== "") throw new Error("The last record does not end with CRLF")
  return rows
}

/** A CSV cell back to its value: empty is null, allowlists are JSON arrays. */
const csvValue = (column: string, cell: string): unknown => {
  if (cell === "") return null
  if (cell === "true" || cell === "false") return cell === "true"
  if (column === "sortOrder") return Number(cell)
  if (column.startsWith("allowed")) return JSON.parse(cell)
  return cell
}

const withNulls = (key: ByokKey, columns: ReadonlyArray<string>) =>
  Object.fromEntries(columns.map((column) => [column, (key as Record<string, unknown>)[column] ?? null]))

layer(MockServer.layer({ keys, nonManagementApiKeys: [nonManagementKey] }), { excludeTestServices: true })((it) => {
  describe("list, in each format, against the mock server", () => {
    it.effect("json is one array of every credential, as stored", () =>
      Effect.gen(function*() {
        const stdout = succeeded(yield* againstServer(["list", "--format", "json"]))
        expect(JSON.parse(stdout)).toEqual(keys.map(asWritten))
      }))

    it.effect("ndjson is one credential per line, in listing order", () =>
      Effect.gen(function*() {
        const lines = succeeded(yield* againstServer(["list", "--format", "ndjson", "--concurrency", "1"])).trimEnd()
          .split("\n")
        expect(lines.map((line) => JSON.parse(line))).toEqual(keys.map(asWritten))
      }))

    it.effect("csv has a header row and a row per credential, quoted where needed, each ended by CRLF", () =>
      Effect.gen(function*() {
        const [header, ...rows] = parseCsv(succeeded(yield* againstServer(["list", "--format", "csv"])))
        expect(header).toContain("id")
        const parsed = rows.map((row) =>
          Object.fromEntries(row.map((cell, index) => [header![index]!, csvValue(header![index]!, cell)]))
        )
        expect(parsed).toEqual(keys.map((key) => withNulls(key, header!)))
      }))

    it.effect("table fits 80 columns: a row per credential with its short id, provider and flags", () =>
      Effect.gen(function*() {
        const [header, ...rows] = succeeded(yield* againstServer(["list"])).trimEnd().split("\n")
        expect(header).toMatch(/^ID\s+PROVIDER\s+LABEL\s+NAME\s+WORKSPACE\s+FLAGS$/)
        expect(rows).toHaveLength(keys.length)
        for (const line of [header!, ...rows]) expect(line.length).toBeLessThanOrEqual(80)
        rows.forEach((row, index) => {
          const key = keys[index]!
          expect(row.startsWith(`${key.id.slice(0, 8)}  `)).toBe(true)
          expect(row.slice(10, 24).trimEnd()).toBe(
            key.provider.length <= 14 ? key.provider : `${key.provider.slice(0, 13)}…`
          )
          const flags = `${key.disabled ? "D" : ""}${key.isFallback ? "F" : ""}`
          expect(row.slice(75).replace("R", "")).toBe(flags)
        })
      }))

    it.effect("json stays one array when the listing fails midway: the credentials so far, and the failure's exit code", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.MockServer
        yield* server.injectAnswers([
          "none",
          MockServer.jsonAnswer(400, { error: { code: 400, message: "Refused on the second page" } })
        ])
        const run = yield* againstServer(["list", "--format", "json", "--concurrency", "1"])
        expect(run.exitCode).toBe(2)
        expect(run.stderr).toContain("Refused on the second page")
        expect(JSON.parse(run.stdout)).toEqual(keys.slice(0, 100).map(asWritten))
      }))

    for (const [signal, exitCode] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
      it.effect(`json stays one array when ${signal} stops the listing midway, and the exit code is ${exitCode}`, () =>
        Effect.gen(function*() {
          const server = yield* MockServer.MockServer
          // The second page is never answered: the tool is stopped while it waits for it.
          yield* server.injectFaults(["none", "hang"])
          const before = (yield* server.requests).length
          const run = yield* runCli(["list", "--format", "json", "--concurrency", "1"], {
            env: serverEnv(server),
            signal: { name: signal, after: server.awaitRequests((requests) => requests.length === before + 2) }
          })
          expect(run.exitCode).toBe(exitCode)
          expect(run.stderr).toBe("")
          expect(JSON.parse(run.stdout)).toEqual(keys.slice(0, 100).map(asWritten))
        }))
    }

    it.effect("the filters keep only what they name", () =>
      Effect.gen(function*() {
        const listed = (args: ReadonlyArray<string>) =>
          Effect.map(againstServer(["list", "--format", "json", ...args]), (run) =>
            JSON.parse(succeeded(run)) as Array<ByokKey>)
        expect(yield* listed(["--disabled"])).toEqual(
          keys.filter((key) =>
            key.disabled
          ).map(asWritten)
        )
        expect(yield* listed(["--enabled", "--fallback"])).toEqual(
          keys.filter((key) => !key.disabled && key.isFallback).map(asWritten)
        )
        expect(yield* listed(["--provider", "openai"])).toEqual(
          keys.filter((key) => key.provider === "openai").map(asWritten)
        )
      }))
  })

  describe("get and audit", () => {
    it.effect("get takes a full id or the start of one, in capitals or not (ids are UUIDs)", () =>
      Effect.gen(function*() {
        const key = keys[42]!
        for (const prefix of [key.id, key.id.toUpperCase(), key.id.slice(0, 8), key.id.slice(0, 8).toUpperCase()]) {
          expect(JSON.parse(succeeded(yield* againstServer(["get", prefix, "--format", "json"])))).toEqual(
            asWritten(key)
          )
        }
      }))

    it.effect("audit counts what the credentials add up to", () =>
      Effect.gen(function*() {
        const audit = JSON.parse(succeeded(yield* againstServer(["audit", "--format", "json"])))
        expect(audit).toMatchObject({
          total: keys.length,
          disabled: keys.filter((key) => key.disabled).length,
          fallback: keys.filter((key) => key.isFallback).length,
          global: keys.filter((key) => key.workspaceId === null).length,
          unrestricted: keys.filter((key) =>
            key.allowedModels === null && key.allowedApiKeyHashes === null && key.allowedUserIds === null
          ).length
        })
        expect(audit.byProvider.openai.total).toBe(keys.filter((key) => key.provider === "openai").length)
      }))
  })

  describe("exit codes", () => {
    const exitCodeOf = (args: ReadonlyArray<string>, options?: { readonly apiKey?: string }) =>
      Effect.map(againstServer(args, options), (run) => {
        // Every failure is one line on stderr, never a stack trace.
        if (run.exitCode !== 0) expect(run.stderr.trimEnd().split("\n").length).toBeLessThanOrEqual(3)
        expect(run.stderr).not.toMatch(/\n\s+at /)
        return run.exitCode
      })

    it.effect("0 on success", () => Effect.map(exitCodeOf(["list"]), (code) => expect(code).toBe(0)))

    it.effect("2 for an unknown flag, a missing argument, bad input and a refused request", () =>
      Effect.gen(function*() {
        expect(yield* exitCodeOf(["list", "--no-such-flag"])).toBe(2)
        expect(yield* exitCodeOf(["get"])).toBe(2)
        expect(yield* exitCodeOf(["list", "--concurrency", "0"])).toBe(2) // InvalidRequest
        expect(yield* exitCodeOf(["list", "--workspace", "not-a-uuid"])).toBe(2) // BadRequest
      }))

    it.effect("0 with OPENROUTER_API_KEY read from a file, the line break after the key and all", () =>
      Effect.map(exitCodeOf(["list"], { apiKey: `  ${MockServer.defaultApiKey}\r\n` }), (code) => expect(code).toBe(0)))

    it.effect("3 for no key, a wrong key (401) and a key that may not manage BYOK (403)", () =>
      Effect.gen(function*() {
        const noKey = yield* runCli(["list"])
        expect(noKey.exitCode).toBe(3)
        expect(noKey.stderr).toContain("set OPENROUTER_API_KEY")
        const wrongKey = yield* againstServer(["list"], { apiKey: "sk-or-v1-wrong" })
        expect(wrongKey.exitCode).toBe(3)
        expect(wrongKey.stderr).toBe(
          "401 Unauthorized: BYOK management needs a management key; set OPENROUTER_API_KEY\n"
        )
        expect(wrongKey.stdout).toBe("")
        expect(yield* exitCodeOf(["list"], { apiKey: nonManagementKey })).toBe(3)
      }))

    it.effect("141 (a writer whose reader has gone), without a word, when standard output is closed early", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.MockServer
        for (const format of ["table", "json", "ndjson", "csv"]) {
          const run = yield* runCli(["list", "--format", format], { env: serverEnv(server), stdoutClosed: true })
          expect({ format, exitCode: run.exitCode, stderr: run.stderr }).toEqual({ format, exitCode: 141, stderr: "" })
        }
      }))

    it.effect("2, with what an id looks like, and nothing sent, for an argument no id can start with", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.MockServer
        const notAnId = "x".repeat(100)
        const cases = [
          ["get", notAnId],
          ["update", notAnId, "--disable"],
          ["delete", notAnId, "--yes"],
          ["get", "abcd-ef01"], // a dash where a UUID has none
          ["get", `${keys[0]!.id}0`], // longer than a UUID
          ["get", "0123456789abcdef0123"] // no dash where a UUID has one
        ]
        for (const args of cases) {
          yield* server.clearRequests
          const run = yield* againstServer(args)
          expect({ args, exitCode: run.exitCode, stdout: run.stdout }).toEqual({ args, exitCode: 2, stdout: "" })
          expect(run.stderr).toMatch(
            /^Not a credential id: "[^"]*"; an id is a UUID \(e\.g\. [0-9a-f-]{36}\), or its first 4 or more characters: hexadecimal digits, with dashes where the UUID has them\n$/
          )
          expect(yield* server.requests).toEqual([])
        }
      }))

    it.effect("an undocumented 4xx counts by its status (2 refused, 4 nothing there): not retried, not \"try again later\"", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.MockServer
        const id = keys[5]!.id
        const cases = [
          { args: ["get", id], status: 400, exitCode: 2 }, // GET /byok/{id} documents no 400
          { args: ["get", id], status: 422, exitCode: 2 },
          { args: ["delete", id, "--yes"], status: 400, exitCode: 2 },
          { args: ["list", "--concurrency", "1"], status: 404, exitCode: 4 } // GET /byok documents no 404
        ]
        for (const { args, exitCode, status } of cases) {
          yield* server.clearRequests
          yield* server.injectAnswers([
            MockServer.jsonAnswer(status, { error: { code: status, message: "Refused by the test" } })
          ])
          const run = yield* againstServer(args)
          expect({ args, status, exitCode: run.exitCode }).toEqual({ args, status, exitCode })
          expect(run.stderr).toMatch(
            new RegExp(`^${status} [A-Z][A-Za-z ]+: .* \\(the server said: Refused by the test\\); check [^\n]*\n$`)
          )
          expect(run.stderr).not.toMatch(/retries|try again/)
          expect((yield* server.requests).length).toBe(1)
        }
        expect((yield* server.keys).map((key) => key.id)).toContain(id)
      }))

    it.effect("5 for a create the server failed, without \"after the retries\": a create that may have been applied is not sent again", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.MockServer
        yield* server.clearRequests
        yield* server.injectFaults(["http500"])
        const run = yield* againstServer(["create", "--provider", "openai", "--key-stdin"], {
          stdin: "sk-proj-cli-create-500-1a2b"
        })
        expect(run.exitCode).toBe(5)
        expect(run.stderr).toMatch(
          /^500 Internal Server Error: the server failed on POST \S+ \(the server said: [^)]*\); try again later\n$/
        )
        expect((yield* server.requests).length).toBe(1)
      }))

    it.effect("4 for an id that is not there", () =>
      Effect.gen(function*() {
        expect(yield* exitCodeOf(["get", "00000000-0000-4000-8000-000000000000"])).toBe(4)
        expect(yield* exitCodeOf(["get", "ffffffff"])).toBe(4) // a prefix nothing starts with
      }))
  })

  describe("secrets", () => {
    const rawKey = "sk-proj-cli-secret-7f3a9c1e5b"

    it.effect("--key-stdin never shows the key: not in stdout, stderr, or the server's request log", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.MockServer
        const created = yield* againstServer(
          [
            "create",
            "--provider",
            "openai",
            "--name",
            "From the CLI",
            "--declared-region",
            "europe",
            "--key-stdin",
            "--format",
            "json"
          ],
          { stdin: `${rawKey}\n` }
        )
        const key = JSON.parse(succeeded(created)) as ByokKey
        expect(key).toMatchObject({
          provider: "openai",
          name: "From the CLI",
          declaredRegion: "europe",
          label: ByokKeyFixtures.maskedLabel(rawKey)
        })
        const rotated = yield* againstServer(["update", key.id, "--rotate-key-stdin", "--disable"], {
          stdin: `${rawKey}-2`
        })
        succeeded(rotated)
        for (const output of [created.stdout, created.stderr, rotated.stdout, rotated.stderr]) {
          expect(output).not.toContain(rawKey)
          expect(output).not.toContain(rawKey.slice(0, -4))
        }
        expect(JSON.stringify(yield* server.requests)).not.toContain(rawKey.slice(0, -4))
        expect((yield* server.keys).find((stored) => stored.id === key.id)).toMatchObject({
          disabled: true,
          label: ByokKeyFixtures.maskedLabel(`${rawKey}-2`)
        })
        yield* againstServer(["delete", key.id, "--yes"])
      }))

    it.effect("create refuses a key given any other way than standard input", () =>
      Effect.gen(function*() {
        const withoutFlag = yield* againstServer(["create", "--provider", "openai"], { stdin: rawKey })
        expect(withoutFlag.exitCode).toBe(2)
        const empty = yield* againstServer(["create", "--provider", "openai", "--key-stdin"], { stdin: "\n" })
        expect(empty.exitCode).toBe(2)
        const asArgument = yield* againstServer(["create", "--provider", "openai", "--key", rawKey])
        expect(asArgument.exitCode).toBe(2)
        for (const run of [withoutFlag, empty, asArgument]) {
          expect(run.stdout + run.stderr).not.toContain(rawKey.slice(0, -4))
        }
      }))
    it.effect("create refuses standard input that holds more than the key (a second line, a space), and shows none of it", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.MockServer
        const before = yield* server.keys
        // `pass show` writes the password, then the entry's notes.
        for (const stdin of [`${rawKey}\nlogin: ops@example.com\n`, `${rawKey} ${rawKey}\n`]) {
          const run = yield* againstServer(["create", "--provider", "openai", "--key-stdin"], { stdin })
          expect(run.exitCode).toBe(2)
          expect(run.stderr).toContain("pipe the key alone")
          expect(run.stdout + run.stderr).not.toContain(rawKey.slice(0, -4))
        }
        expect(yield* server.keys).toEqual(before)
      }))
  })

  describe("delete", () => {
    it.effect("without a terminal and without --yes, refuses and changes nothing", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.MockServer
        yield* server.clearRequests
        const before = yield* server.keys
        const run = yield* againstServer(["delete", keys[0]!.id], { stdin: "y\n" })
        expect(run.exitCode).toBe(2)
        expect(run.stderr).toContain("--yes")
        expect(yield* server.keys).toEqual(before)
        expect((yield* server.requests).filter((request) => request.method === "DELETE")).toEqual([])
      }))

    it.effect("names the credential it deleted with its control characters written out", () =>
      Effect.gen(function*() {
        // A server's id that the prefix names: the tool takes no such id as an argument.
        const hostile = { ...keys[2]!, id: "abcdef01-\x1b]0;owned\x07id" }
        const server = yield* MockServer.make({ keys: [hostile] })
        const run = yield* runCli(["delete", "abcdef01", "--yes"], { env: serverEnv(server) })
        expect(run.exitCode).toBe(0)
        expect(run.stderr).toContain("Deleted abcdef01-\\u{1b}]0;owned\\u{7}id.")
        expect(run.stderr).not.toContain("\x1b")
      }))

    it.effect("with --yes, deletes the credential the prefix names", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.MockServer
        const victim = keys[1]!
        const run = yield* againstServer(["delete", victim.id.slice(0, 8), "--yes"])
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toBe("")
        expect((yield* server.keys).map((key) => key.id)).not.toContain(victim.id)
      }))
  })
})

describe("exit codes of a failing server", () => {
  layer(MockServer.layer({ keys, faults: { transientRate: 1, transientFaults: ["http500"] } }), {
    excludeTestServices: true
  })((it) => {
    it.effect("5 when the server still fails after the retries", () =>
      Effect.gen(function*() {
        const run = yield* againstServer(["list"])
        expect(run.exitCode).toBe(5)
        expect(run.stderr).toMatch(/^500 Internal Server Error: .* after the retries.*; try again later\n$/)
        // Four retries: the line says so because they happened.
        expect((yield* MockServer.requests).length).toBe(5)
      }))
  })

  layer(MockServer.layer({ keys, faults: { nonJsonRate: 1 } }), { excludeTestServices: true })((it) => {
    it.effect("6 when the answer does not match the contract", () =>
      Effect.gen(function*() {
        const run = yield* againstServer(["get", keys[0]!.id])
        expect(run.exitCode).toBe(6)
        expect(run.stderr).toMatch(/^Unexpected answer: .*\n$/)
      }))
  })
})

describe("--timeout and --deadline, against a server that never answers", () => {
  /** The run, and how long it took, on a mock server that accepts every request and answers none. */
  const againstHangingServer = (args: ReadonlyArray<string>, options: { readonly stdin?: string } = {}) =>
    Effect.gen(function*() {
      const server = yield* MockServer.make({ keys, faults: { hangRate: 1 } })
      const started = Date.now()
      const run = yield* runCli(args, { env: serverEnv(server), stdin: options.stdin })
      return { ...run, seconds: (Date.now() - started) / 1000, requests: (yield* server.requests).length }
    })

  /** Five attempts of the default 30 seconds and the waits between them. */
  const retriesFullSeconds = 150

  it.live("--timeout limits each attempt: a get ends after its retries in seconds, with exit 5 and one line", () =>
    Effect.gen(function*() {
      const run = yield* againstHangingServer(["--timeout", "200ms", "get", keys[0]!.id])
      expect(run.exitCode).toBe(5)
      expect(run.stderr).toMatch(
        /^Timed out on GET \S+ after the retries: no complete answer within 200ms; check the connection and --api-url \(or OPENROUTER_API_URL\), or allow each attempt longer with --timeout\n$/
      )
      expect(run.seconds).toBeLessThan(retriesFullSeconds / 10)
      expect(run.requests).toBe(5)
    }))

  it.live("--timeout on a create, which is not sent again, ends after its one attempt, without \"after the retries\"", () =>
    Effect.gen(function*() {
      const run = yield* againstHangingServer(["create", "--provider", "openai", "--key-stdin", "--timeout", "0.3"], {
        stdin: "sk-proj-cli-timeout-9c8d"
      })
      expect(run.exitCode).toBe(5)
      expect(run.stderr).toMatch(/^Timed out on POST \S+: no complete answer within 300ms; .*--timeout\n$/)
      expect(run.seconds).toBeLessThan(5)
      expect(run.requests).toBe(1)
    }))

  it.live("--deadline limits the whole command, retries included: exit 5 and one line, at the deadline", () =>
    Effect.gen(function*() {
      const run = yield* againstHangingServer(["list", "--format", "json", "--deadline", "1s"])
      expect(run.exitCode).toBe(5)
      expect(run.stderr).toBe(
        "Deadline exceeded: the API did not finish answering within 1s (--deadline), retries included; " +
          "check the connection and --api-url (or OPENROUTER_API_URL), or allow longer with --deadline\n"
      )
      expect(run.stdout).toBe("")
      expect(run.seconds).toBeGreaterThanOrEqual(1)
      expect(run.seconds).toBeLessThan(6)
    }))

  it.live("--deadline cuts the retries of attempts that each time out", () =>
    Effect.gen(function*() {
      const run = yield* againstHangingServer(["--deadline", "1500ms", "--timeout", "200ms", "get", keys[0]!.id])
      expect(run.exitCode).toBe(5)
      expect(run.stderr).toMatch(/^Deadline exceeded: .* within 1500ms \(--deadline\)/)
      expect(run.seconds).toBeLessThan(6)
      expect(run.requests).toBeGreaterThan(1)
      expect(run.requests).toBeLessThan(5)
    }))
})

describe("--timeout and --deadline values", () => {
  layer(MockServer.layer({ keys }), { excludeTestServices: true })((it) => {
    it.effect("take 500ms, 10s, 2m, 1.5 (seconds) and the like, before or after the command", () =>
      Effect.gen(function*() {
        for (
          const args of [
            ["list", "--timeout", "500ms", "--deadline", "2m"],
            ["--timeout", "10s", "--deadline", "1.5m", "list"],
            ["--deadline", "90", "list", "--timeout", "1.5"]
          ]
        ) {
          expect(succeeded(yield* againstServer(args)).split("\n").length).toBe(keys.length + 2)
        }
      }))

    it.effect("refuse anything else with exit 2 and one line, before any request", () =>
      Effect.gen(function*() {
        const server = yield* MockServer.MockServer
        yield* server.clearRequests
        for (
          const [flag, value] of [
            ["--timeout", "abc"],
            ["--timeout", "10x"],
            ["--timeout", "0"],
            ["--deadline", "-1s"],
            ["--deadline", "1 m"],
            ["--deadline", ""]
          ]
        ) {
          const run = yield* againstServer(["list", flag!, value!])
          expect({ flag, value, exitCode: run.exitCode, stdout: run.stdout }).toEqual({
            flag,
            value,
            exitCode: 2,
            stdout: ""
          })
          expect(run.stderr).toBe(
            `Bad ${flag} ${
              JSON.stringify(value)
            }: give a duration such as 500ms, 10s or 2m (a bare number is seconds)\n`
          )
        }
        expect(yield* server.requests).toEqual([])
      }))
  })
})

describe("server text in csv", () => {
  const named = { ...keys[0]!, name: "a\x1b[31mred\x07, two\nlines \u202e" }
  layer(MockServer.layer({ keys: [named] }), { excludeTestServices: true })((it) => {
    it.effect("csv writes a name's control characters as \\u{…}, unchanged in a pipe, and keeps its line break quoted", () =>
      Effect.gen(function*() {
        const [header, row] = parseCsv(succeeded(yield* againstServer(["list", "--format", "csv"])))
        expect(row![header!.indexOf("name")]).toBe("a\\u{1b}[31mred\\u{7}, two\nlines \\u{202e}")
      }))
  })
})

describe("--mock", () => {
  const seeded = ByokKeyFixtures.make({ count: 250, seed: 1 }).filter((key) =>
    key.workspaceId === null || key.workspaceId === ByokKeyFixtures.defaultWorkspaceId
  )

  {
    it.live("lists the seeded credentials with no key and no network, before or after the command", () =>
      Effect.gen(function*() {
        for (const args of [["--mock", "list", "--format", "json"], ["list", "--mock", "--format", "json"]]) {
          const stdout = succeeded(yield* runCli(args))
          expect(JSON.parse(stdout)).toEqual(seeded.map(asWritten))
        }
      }))

    it.live("shows progress on a terminal, and none when piped", () =>
      Effect.gen(function*() {
        const onTerminal = yield* runCliOnTerminal(["--mock", "list", "--format", "ndjson"])
        expect(onTerminal.exitCode).toBe(0)
        expect(onTerminal.stdout).toContain(`page 1 of 2, 100 credentials so far`)
        expect(onTerminal.stdout).toContain(`page 2 of 2, ${seeded.length} credentials so far`)
        const audit = yield* runCliOnTerminal(["--mock", "audit"])
        expect(audit.stdout).toContain("page 2 of 2")
        const piped = yield* runCli(["--mock", "audit"])
        expect(piped.stderr).toBe("")
        expect(piped.stdout).not.toContain("page 1 of")
      }))

    it.live("on a terminal, reads the key at a prompt that does not show it", () =>
      Effect.gen(function*() {
        const rawKey = "sk-proj-typed-at-the-prompt-4d2b"
        const run = yield* runCliOnTerminal([
          "--mock",
          "create",
          "--provider",
          "openai",
          "--key-stdin",
          "--format",
          "json"
        ], {
          reply: { after: "Provider key", text: `${rawKey}\r` }
        })
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toContain(`"label": "${ByokKeyFixtures.maskedLabel(rawKey)}"`)
        expect(run.stdout).not.toContain(rawKey.slice(0, -4))
      }))

    it.live("on a terminal, Ctrl-C at the key prompt stops the run with 130 and creates nothing", () =>
      Effect.gen(function*() {
        const run = yield* runCliOnTerminal(["--mock", "create", "--provider", "openai", "--key-stdin"], {
          reply: { after: "Provider key", text: "\x03" }
        })
        expect(run.exitCode).toBe(130)
        expect(run.stdout).not.toContain("No provider key")
        expect(run.stdout).not.toContain("label")
      }))

    it.live("on a terminal, delete asks first and deletes on yes", () =>
      Effect.gen(function*() {
        const run = yield* runCliOnTerminal(["--mock", "delete", seeded[0]!.id.slice(0, 8)], {
          reply: { after: "(y/N)", text: "y\r" }
        })
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toContain(`Delete ${seeded[0]!.provider} credential ${seeded[0]!.id}`)
        expect(run.stdout).toContain(`Deleted ${seeded[0]!.id}.`)
      }))

    it.live("on a terminal, the time the delete prompt waits for its answer does not count against --deadline", () =>
      Effect.gen(function*() {
        const run = yield* runCliOnTerminal(["--mock", "delete", seeded[3]!.id.slice(0, 8), "--deadline", "1s"], {
          reply: { after: "(y/N)", text: "y\r", thinkingMillis: 1500 }
        })
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toContain(`Deleted ${seeded[3]!.id}.`)
      }))

    it.live("on a terminal with NO_COLOR, the delete prompt is drawn without colours", () =>
      Effect.gen(function*() {
        const run = yield* runCliOnTerminal(["--mock", "delete", seeded[0]!.id.slice(0, 8)], {
          env: { NO_COLOR: "1" },
          reply: { after: "(y/N)", text: "n\r" }
        })
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toContain("Nothing deleted.")
        expect(withoutStyling(run.stdout)).toBe(run.stdout)
      }))

    it.live("--help names every exit code the tool can end with", () =>
      Effect.gen(function*() {
        const help = succeeded(yield* runCli(["--help"])).replace(/\s+/g, " ")
        for (const code of ["0", "1", "2", "3", "4", "5", "6", "130", "141", "143"]) {
          expect(help).toMatch(new RegExp(`[:,] ${code} [a-z]`))
        }
      }))

    it.live("--help shows examples for every command, each a command line that runs the command", () =>
      Effect.gen(function*() {
        const commands = ["list", "get", "audit", "create", "update", "delete"]
        for (const command of commands) {
          const help = succeeded(yield* runCli([command, "--help"]))
          const examples = help.split("\n").filter((line) => line.startsWith("  $ ")).map((line) => line.slice(4))
          expect(examples.length).toBeGreaterThan(0)
          for (const example of examples) {
            // In a pipeline, the tool runs in one of its stages; whichever stage it is, it runs this command.
            const runs = example.split(" | ").filter((stage) => stage.startsWith("openrouter-byok "))
            expect([example, runs.length]).toEqual([example, 1])
            expect([example, runs[0]!.replace(/^openrouter-byok (--mock )?/, "").split(" ")[0]]).toEqual([
              example,
              command
            ])
          }
        }
      }))

    it.live("a mistake on the command line is one line on stderr that names the help, nothing on stdout, and exit 2", () =>
      Effect.gen(function*() {
        const cases = [
          [
            ["list", "--fromat", "json"],
            "Unrecognized flag: --fromat in command openrouter-byok list; did you mean --format? (see openrouter-byok list --help)"
          ],
          [
            ["lst"],
            "Unknown subcommand \"lst\" for \"openrouter-byok\"; did you mean list? (see openrouter-byok --help)"
          ],
          [["get"], "Missing required argument: id (see openrouter-byok get --help)"],
          [
            ["list", "--format", "xml"],
            "Invalid value for flag --format: \"xml\". Expected: \"table\" | \"json\" | \"ndjson\" | \"csv\" (see openrouter-byok list --help)"
          ]
        ] as const
        for (const [args, line] of cases) {
          expect({ args, ...(yield* runCli(args)) }).toEqual({ args, exitCode: 2, stdout: "", stderr: `${line}\n` })
        }
      }))

    it.live("--version prints the version alone; no command at all prints the help", () =>
      Effect.gen(function*() {
        expect(succeeded(yield* runCli(["--version"]))).toBe(`${packageJson.version}\n`)
        expect(succeeded(yield* runCli([]))).toContain("SUBCOMMANDS")
      }))

    it.live("--wizard without a terminal says it needs one and exits 2, instead of waiting for answers", () =>
      Effect.gen(function*() {
        for (const args of [["--wizard"], ["--mock", "list", "--wizard"]]) {
          // Without the check, effect/cli's wizard prompts on the pipe and never returns.
          const run = yield* runCli(args).pipe(Effect.timeout("20 seconds"))
          expect(run.exitCode).toBe(2)
          expect(run.stderr).toContain("--wizard asks its questions on a terminal")
          expect(run.stdout).toBe("")
        }
      }))

    it.live("styles its help on a terminal only, writes no escape codes into a pipe, and none at all with NO_COLOR", () =>
      Effect.gen(function*() {
        const escape = "\x1b["
        const piped = yield* runCli(["list", "--help"])
        expect(piped.stdout).toContain("USAGE")
        expect(piped.stdout).not.toContain(escape)
        const misused = yield* runCli(["list", "--no-such-option"])
        expect(misused.exitCode).toBe(2)
        expect(misused.stderr).not.toBe("")
        expect(misused.stdout + misused.stderr).not.toContain(escape)

        const onTerminal = yield* runCliOnTerminal(["list", "--help"])
        expect(onTerminal.stdout).toContain(escape)
        const noColor = yield* runCliOnTerminal(["list", "--help"], { env: { NO_COLOR: "1" } })
        expect(noColor.stdout).toContain("USAGE")
        expect(noColor.stdout).not.toContain(escape)
      }))
  }
})
