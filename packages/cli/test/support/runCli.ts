/**
 * Runs the built `openrouter-byok` as a user would: a child process of `node` on the file the
 * package's `bin` names, with a clean environment, a chosen standard input, and its outputs and
 * exit code collected. `runCliOnTerminal` runs it under a pseudo-terminal (`script` from util-linux).
 */
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const packageRoot = fileURLToPath(new URL("../..", import.meta.url))

/** The package's manifest. */
export const packageJson = JSON.parse(readFileSync(`${packageRoot}package.json`, "utf8")) as {
  readonly version: string
  readonly bin: Readonly<Record<string, string>>
  readonly files: ReadonlyArray<string>
  readonly dependencies?: Readonly<Record<string, string>>
  readonly peerDependencies?: Readonly<Record<string, string>>
  readonly optionalDependencies?: Readonly<Record<string, string>>
}

/** The built entry `npx openrouter-byok` runs, wherever the build puts it. */
export const binPath = `${packageRoot}${packageJson.bin["openrouter-byok"]}`

/** What a run of the tool left behind. */
export interface CliRun {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  /** Environment variables beside PATH (nothing else of the test's environment leaks in). */
  readonly env?: Readonly<Record<string, string>> | undefined
  /** Written to standard input, which is then closed. Default: nothing. */
  readonly stdin?: string | undefined
  /**
   * Instead of `stdin`: typed once the output shows `after` (a prompt), as a user answers it;
   * `thinkingMillis` later when given, as a user who takes their time.
   */
  readonly reply?:
    | { readonly after: string; readonly text: string; readonly thinkingMillis?: number | undefined }
    | undefined
  /** Close the reading end of standard output at once, as `openrouter-byok ... | true` does. */
  readonly stdoutClosed?: boolean | undefined
  /**
   * Sent to the tool once `after` has completed (the tool is then waiting on something), as
   * Ctrl-C or a supervisor stopping it would. Standard input stays open meanwhile.
   */
  readonly signal?: { readonly name: NodeJS.Signals; readonly after: Effect.Effect<unknown> } | undefined
}

const spawnCollecting = (command: string, args: ReadonlyArray<string>, options: RunOptions) =>
  Effect.suspend(() => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    let replied = false
    const collect = (chunk: string, into: "stdout" | "stderr") => {
      if (into === "stdout") stdout += chunk
      else stderr += chunk
      if (options.reply !== undefined && !replied && (stdout + stderr).includes(options.reply.after)) {
        replied = true
        const { text, thinkingMillis } = options.reply
        if (thinkingMillis === undefined) child.stdin.write(text)
        else setTimeout(() => child.stdin.write(text), thinkingMillis)
      }
    }
    if (options.stdoutClosed === true) child.stdout.destroy()
    else child.stdout.setEncoding("utf8").on("data", (chunk: string) => collect(chunk, "stdout"))
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => collect(chunk, "stderr"))
    if (options.reply === undefined && options.signal === undefined) child.stdin.end(options.stdin ?? "")
    const closed = Effect.callback<CliRun>((resume) => {
      child.on("close", (exitCode) => resume(Effect.succeed({ exitCode, stdout, stderr })))
      return Effect.sync(() => child.kill())
    })
    const { signal } = options
    if (signal === undefined) return closed
    const signalled = Effect.andThen(signal.after, Effect.sync(() => child.kill(signal.name)))
    // A tool that ends before `after` completes is not waited for: the test sees how it ended.
    return Effect.flatMap(Effect.forkChild(signalled), (signalling) => Effect.tap(closed, Fiber.interrupt(signalling)))
  })

/** Runs `openrouter-byok args...` with pipes for its standard streams. */
export const runCli = (args: ReadonlyArray<string>, options: RunOptions = {}): Effect.Effect<CliRun> =>
  spawnCollecting(process.execPath, [binPath, ...args], options)

const shellQuote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`

/** Runs `openrouter-byok args...` on a pseudo-terminal: standard output and error both reach `stdout`. */
export const runCliOnTerminal = (args: ReadonlyArray<string>, options: RunOptions = {}): Effect.Effect<CliRun> =>
  spawnCollecting(
    "script",
    ["-qec", [process.execPath, binPath, ...args].map(shellQuote).join(" "), "/dev/null"],
    options
  )
