/**
 * The README's "Command line" section shows real output: each `$ openrouter-byok ...` line of
 * its text blocks is run again here (through bash, on the built tool) and must print what the
 * README says it prints.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { binPath } from "./support/runCli.js"

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8")
const section = readme.slice(readme.indexOf("## Command line\n"), readme.indexOf("## Testing your code\n"))

/** Each command of the section's text blocks, with the output printed beneath it. */
const transcripts = [...section.matchAll(/```text\n([\s\S]*?)```/g)].flatMap(([, block]) =>
  block!.split(/^\$ /m).slice(1).map((entry) => {
    const [command, ...output] = entry.trimEnd().split("\n")
    return { command: command!, output: output.join("\n") }
  })
)

/** The raw key the README's `create` example pipes in. */
const exampleKey = "sk-proj-example-0001"

const shell = (command: string) =>
  Effect.callback<string>((resume) => {
    const child = spawn("bash", [
      "-c",
      `exec 2>&1\nopenrouter-byok() { "${process.execPath}" "${binPath}" "$@"; }\n${command}`
    ], {
      env: { PATH: process.env.PATH ?? "", OPENAI_KEY: exampleKey }
    })
    let output = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk))
    child.on("close", () => resume(Effect.succeed(output.trimEnd())))
    return Effect.sync(() => child.kill())
  })

/** A created credential's `createdAt` is the time of the run. */
const withoutCreationTimes = (text: string) => text.replace(/^(createdAt\s+)\S+$/gm, "$1<time>")

describe("README: Command line", () => {
  it("has commands to check", () => {
    expect(transcripts.length).toBeGreaterThan(5)
  })

  for (const { command, output } of transcripts) {
    it.live(`prints what it shows for: ${command}`, () =>
      Effect.gen(function*() {
        const printed = yield* shell(command)
        expect(withoutCreationTimes(printed)).toBe(withoutCreationTimes(output))
        expect(printed).not.toContain(exampleKey)
      }))
  }
})
