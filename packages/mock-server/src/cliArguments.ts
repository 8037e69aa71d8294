import { parseArgs } from "node:util"
import * as ByokKeyFixtures from "./ByokKeyFixtures.js"
import { defaultTransientFaults, type FaultOptions, type TransientFault } from "./faultPlan.js"
import { defaultApiKey, type StartOptions } from "./server.js"

/** What the command line asks for. */
export type CliCommand =
  | { readonly _tag: "Help" }
  | {
    readonly _tag: "Serve"
    readonly server: StartOptions & { readonly port: number; readonly seed: number; readonly faults: FaultOptions }
    /** Print every request as it completes. */
    readonly logRequests: boolean
  }

/** The command line, parsed, or what is wrong with it. */
export type CliParse = { readonly ok: true; readonly command: CliCommand } | {
  readonly ok: false
  readonly error: string
}

export const usage = `Usage: openrouter-byok-mock-server [options]

Serves the OpenRouter BYOK API on 127.0.0.1 with seeded credentials, until stopped (Ctrl-C).

Options:
  --port N                 port to listen on (default 4010; 0 picks a free one)
  --keys N                 number of seeded credentials (default 100)
  --seed N                 seed of the credentials and of the faults (default 1)
  --api-key KEY            the management key to accept (default ${defaultApiKey})
  --non-management-key KEY a key answered with 403 (repeatable)
  --legacy-shape           serve the older shape, without declared_zdr, is_byok_only, is_required, declared_region
  --no-default-workspace   act as if the default workspace was deleted (400 without workspace_id)
  --fault-rate R           share of requests (0..1) that get a transient fault (default 0)
  --faults LIST            which transient faults, comma-separated (default ${defaultTransientFaults.join(",")};
                           also: slowAnswer)
  --retry-after S          Retry-After of injected 429 answers, in seconds (default 1)
  --slow-ms N              how long a slowAnswer takes (default 2000)
  --non-json-rate R        share of requests answered 200 with an HTML body (default 0)
  --hang-rate R            share of requests never answered (default 0)
  --latency-ms N|MIN-MAX   latency added to every answer (default 0)
  --quiet                  do not print each request
  --help                   show this help
`

const transientFaultNames: ReadonlyArray<TransientFault> = [...defaultTransientFaults, "slowAnswer"]

/** A flag's value refused: the message names the flag. */
class FlagError extends Error {}

const integer = (name: string, raw: string | undefined, min: number, max: number, fallback: number): number => {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (/^-?\d+$/.test(raw) && value >= min && value <= max) return value
  throw new FlagError(`--${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`)
}

const rate = (name: string, raw: string | undefined): number => {
  if (raw === undefined) return 0
  const value = Number(raw)
  if (raw.trim() !== "" && value >= 0 && value <= 1) return value
  throw new FlagError(`--${name} must be a number between 0 and 1, got ${JSON.stringify(raw)}`)
}

const latency = (raw: string | undefined): FaultOptions["latencyMs"] => {
  if (raw === undefined) return 0
  const match = /^(\d+)(?:(?:-|\.\.)(\d+))?$/.exec(raw)
  if (match === null) {
    throw new FlagError(`--latency-ms must be N or MIN-MAX (milliseconds), got ${JSON.stringify(raw)}`)
  }
  const min = Number(match[1])
  const max = match[2] === undefined ? min : Number(match[2])
  if (max < min) throw new FlagError("--latency-ms: MAX must not be below MIN")
  return { min, max }
}

const faultList = (raw: string | undefined): ReadonlyArray<TransientFault> => {
  if (raw === undefined) return defaultTransientFaults
  const names = raw.split(",").map((name) => name.trim()).filter((name) => name !== "")
  const unknown = names.filter((name) => !(transientFaultNames as ReadonlyArray<string>).includes(name))
  if (unknown.length > 0 || names.length === 0) {
    throw new FlagError(
      `--faults takes a comma-separated list of ${transientFaultNames.join(", ")}; got ${JSON.stringify(raw)}`
    )
  }
  return names as Array<TransientFault>
}

const parseFlags = (argv: ReadonlyArray<string>) =>
  parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      keys: { type: "string" },
      seed: { type: "string" },
      "api-key": { type: "string" },
      "non-management-key": { type: "string", multiple: true },
      "legacy-shape": { type: "boolean" },
      "no-default-workspace": { type: "boolean" },
      "fault-rate": { type: "string" },
      faults: { type: "string" },
      "retry-after": { type: "string" },
      "slow-ms": { type: "string" },
      "non-json-rate": { type: "string" },
      "hang-rate": { type: "string" },
      "latency-ms": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    }
  }).values

const commandOf = (argv: ReadonlyArray<string>): CliCommand => {
  const values = parseFlags(argv)
  if (values.help === true) return { _tag: "Help" }
  const port = integer("port", values.port, 0, 65535, 4010)
  const count = integer("keys", values.keys, 0, 1_000_000, 100)
  const seed = integer("seed", values.seed, -(2 ** 31), 2 ** 32 - 1, 1)
  const apiKey = values["api-key"]
  if (apiKey !== undefined && apiKey.trim() === "") throw new FlagError("--api-key must not be empty")
  const faults: FaultOptions = {
    seed,
    transientRate: rate("fault-rate", values["fault-rate"]),
    transientFaults: faultList(values.faults),
    retryAfterSeconds: integer("retry-after", values["retry-after"], 0, 3600, 1),
    slowAnswerMs: integer("slow-ms", values["slow-ms"], 0, 600_000, 2000),
    nonJsonRate: rate("non-json-rate", values["non-json-rate"]),
    hangRate: rate("hang-rate", values["hang-rate"]),
    latencyMs: latency(values["latency-ms"])
  }
  return {
    _tag: "Serve",
    logRequests: values.quiet !== true,
    server: {
      port,
      keys: ByokKeyFixtures.make({ count, seed }),
      seed,
      faults,
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(values["non-management-key"] === undefined ? {} : { nonManagementApiKeys: values["non-management-key"] }),
      ...(values["legacy-shape"] === true ? { shape: "legacy" as const } : {}),
      ...(values["no-default-workspace"] === true ? { defaultWorkspaceId: null } : {})
    }
  }
}

/** The command line of the mock server, or what is wrong with it (naming the flag). */
export const parseCommandLine = (argv: ReadonlyArray<string>): CliParse => {
  try {
    return { ok: true, command: commandOf(argv) }
  } catch (error) {
    // node:util's parseArgs says what is wrong with an unknown flag or a missing value the same way.
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}
