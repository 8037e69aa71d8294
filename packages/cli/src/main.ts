#!/usr/bin/env node
/**
 * `openrouter-byok`: the command-line tool. Runs the command, prints a failure as one line on
 * standard error, and exits with the failure's class (see exitCode.ts).
 */
import * as Command from "@effect/cli/Command"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { coloursOnlyWhereShown } from "./colours.js"
import { UsageError } from "./commandErrors.js"
import { command, executableName } from "./commands.js"
import * as ExitCode from "./exitCode.js"
import { failureLine } from "./failureLine.js"
import { printable } from "./printable.js"
import { layerTerminalOnStderr } from "./userInput.js"
import { version } from "./version.js"

const run = Command.run(command, { name: executableName, version })

// A reader that stops early (`openrouter-byok list | head`) closes the pipe: stop there, quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error
    process.exit(ExitCode.readerGone)
  })
}

/** The exit code of the outcome, after the one line that explains a failure. */
const exitCodeOf = (exit: Exit.Exit<unknown, unknown>): Effect.Effect<ExitCode.ExitCode> => {
  if (Exit.isSuccess(exit)) return Effect.succeed(ExitCode.success)
  // Stopped by the user from inside the command (Ctrl-C at a prompt): nothing to explain.
  if (Cause.isInterruptedOnly(exit.cause)) return Effect.succeed(ExitCode.interrupted)
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) {
    // A defect is a bug of the tool: still one line, without the stack.
    const defect = Option.getOrUndefined(Cause.dieOption(exit.cause))
    const detail = defect instanceof Error ? defect.message : String(defect)
    return Console.error(printable(`Internal error: ${detail}`)).pipe(Effect.as(ExitCode.internalFailure))
  }
  const error = failure.value
  // @effect/cli has already printed what was wrong with the command line, with the usage.
  if (ValidationError.isValidationError(error)) return Effect.succeed(ExitCode.usage)
  const tagged = error as { readonly _tag: string; readonly message: string; readonly status?: number }
  return Console.error(failureLine(tagged)).pipe(Effect.as(ExitCode.exitCodeOf(tagged)))
}

// @effect/cli's --wizard asks for each argument on a terminal; without one it would wait for ever.
const refuseWizardWithoutTerminal = Effect.suspend(() =>
  process.argv.includes("--wizard") && !process.stdin.isTTY
    ? new UsageError({ message: "--wizard asks its questions on a terminal: without one, give the arguments instead" })
    : Effect.void
)

const main = Effect.zipRight(refuseWizardWithoutTerminal, Effect.suspend(() => run(process.argv))).pipe(
  Effect.provide(layerTerminalOnStderr.pipe(Layer.provideMerge(NodeContext.layer))),
  Effect.exit,
  Effect.flatMap(exitCodeOf),
  coloursOnlyWhereShown,
  // Exiting through exitCode (not process.exit) lets standard output drain into a pipe first.
  Effect.flatMap((code) => Effect.sync(() => (process.exitCode = code)))
)

// runMain interrupts the run alike on SIGINT and SIGTERM; the exit code tells which one it was.
let terminated = false
process.once("SIGTERM", () => (terminated = true))

// Only an interruption reaches the runtime as a failure, with the code shells give a signal.
NodeRuntime.runMain(main, {
  disableErrorReporting: true,
  teardown: (exit, onExit) =>
    onExit(
      Exit.isSuccess(exit) ? ExitCode.success : terminated ? ExitCode.terminated : ExitCode.interrupted
    )
})
