/**
 * `openrouter-byok completion bash|zsh|fish`: a completion script for each shell, naming the
 * tool's commands and their flags, run from the built tool as a user installs it.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { spawnSync } from "node:child_process"
import { runCli } from "./support/runCli.js"

const commands = ["list", "get", "audit", "create", "update", "delete", "completion"]

describe("completion", () => {
  for (const shell of ["bash", "zsh", "fish"]) {
    it.live(`${shell}: prints a script that names the tool, every command and their flags`, () =>
      Effect.gen(function*() {
        const run = yield* runCli(["completion", shell])
        expect(run.stderr).toBe("")
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toContain("openrouter-byok")
        for (const command of commands) expect(run.stdout).toContain(command)
        for (const flag of ["mock", "deadline", "format", "key-stdin", "rotate-key-stdin"]) {
          expect(run.stdout).toContain(flag)
        }
      }))
  }

  it.live("refuses a shell it has no script for, with exit 2", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["completion", "tcsh"])
      expect(run.exitCode).toBe(2)
      expect(run.stdout).toBe("")
      expect(run.stderr).toContain("\"bash\" | \"zsh\" | \"fish\"")
    }))

  it.live("bash completes the commands, the flags and the values of --format", () =>
    Effect.gen(function*() {
      const script = (yield* runCli(["completion", "bash"])).stdout
      /**
       * What bash offers for the command line `line` (the tool's name and the words typed so
       * far), calling the function the script registers as bash does: with the command, the
       * word being completed and the one before it.
       */
      const offered = (line: string) => {
        const words = line.split(" ")
        const quoted = words.map((word) => `"${word}"`)
        const result = spawnSync("bash", [
          "-c",
          `${script}\nCOMP_WORDS=(${quoted.join(" ")}); COMP_CWORD=${words.length - 1}; ` +
          `COMP_LINE="${line}"; COMP_POINT=\${#COMP_LINE}; ` +
          `$(complete -p openrouter-byok | sed -E 's/.*-F ([^ ]+).*/\\1/') ${quoted[0]} ${quoted.at(-1)} ${
            quoted.at(-2)
          }; ` +
          `echo "\${COMPREPLY[@]}"`
        ], { encoding: "utf8" })
        return result.stdout.trim().split(" ")
      }
      expect(offered("openrouter-byok li")).toEqual(["list"])
      expect(offered("openrouter-byok list --fo")).toEqual(["--format"])
      expect(offered("openrouter-byok list --format ")).toEqual(["table", "json", "ndjson", "csv"])
    }))
})
