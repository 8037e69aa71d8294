#!/usr/bin/env node
/**
 * `openrouter-byok`: the command-line tool. Runs the command, prints a failure as one line on
 * standard error, and exits with the failure's class (see exitCode.ts).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Cause from "effect/Cause"
import * as CliError from "effect/cli/CliError"
import * as CliOutput from "effect/cli/CliOutput"
import * as Command from "effect/cli/Command"
import * as Completions from "effect/cli/Completions"
import * as Prompt from "effect/cli/Prompt"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { showsColours } from "./colours.js"
import { UsageError } from "./commandErrors.js"
import { command } from "./commands.js"
import * as ExitCode from "./exitCode.js"
import { failureLine, usageErrorLine } from "./failureLine.js"
import { printable } from "./printable.js"
import { layerTerminalOnStderr } from "./userInput.js"
import { attachDashedValues, valueFlagsOf } from "./valueFlags.js"
import { version } from "./version.js"

const run = Command.runWith(command, { version })

// A reader that stops early (`openrouter-byok list | head`) closes the pipe: stop there, quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error
    process.exit(ExitCode.readerGone)
  })
}

/**
 * Help on standard output, as effect/cli writes it; the version alone (`0.1.0`), as scripts read
 * it; what is wrong with a command line as one line per mistake on standard error, without the
 * help around it (standard output is for data), pointing to the help instead.
 */
const presenter: CliOutput.Presenter = {
  present: (event) => {
    switch (event._tag) {
      case "InvalidInvocation":
        return Console.error(event.errors.map((error) => usageErrorLine(error, event.commandPath)).join("\n"))
      case "Version":
        return Console.log(event.version)
      case "Help":
        return CliOutput.defaultPresenter.present(event)
    }
  }
}

/** The exit code of the outcome, after the one line that explains a failure. */
const exitCodeOf = (exit: Exit.Exit<unknown, unknown>): Effect.Effect<ExitCode.ExitCode> => {
  if (Exit.isSuccess(exit)) return Effect.succeed(ExitCode.success)
  // Stopped by the user from inside the command (Ctrl-C at a prompt): nothing to explain.
  if (Cause.hasInterruptsOnly(exit.cause)) return Effect.succeed(ExitCode.interrupted)
  const failure = Cause.findErrorOption(exit.cause)
  if (Option.isNone(failure)) {
    // A defect is a bug of the tool: still one line, without the stack.
    const defect = Cause.findDefect(exit.cause)
    const detail = defect._tag === "Success" && defect.success instanceof Error
      ? defect.success.message
      : String(defect._tag === "Success" ? defect.success : Cause.pretty(exit.cause))
    return Console.error(printable(`Internal error: ${detail}`)).pipe(Effect.as(ExitCode.internalFailure))
  }
  const error = failure.value
  if (CliError.isCliError(error)) {
    // The help asked for by giving no command at all has been shown; a mistake has been said (see presenter).
    return Effect.succeed(error._tag === "ShowHelp" && error.errors.length === 0 ? ExitCode.success : ExitCode.usage)
  }
  const tagged = error as { readonly _tag: string; readonly message: string; readonly status?: number }
  return Console.error(failureLine(tagged)).pipe(Effect.as(ExitCode.exitCodeOf(tagged)))
}

// effect/cli's --wizard asks for each argument on a terminal; without one it would wait for ever.
const refuseWizardWithoutTerminal = Effect.suspend(() =>
  process.argv.includes("--wizard") && !process.stdin.isTTY
    ? new UsageError({ message: "--wizard asks its questions on a terminal: without one, give the arguments instead" })
    : Effect.void
)

const commandLine = () => attachDashedValues(process.argv.slice(2), valueFlagsOf(Completions.fromCommand(command)))

const main = Effect.andThen(refuseWizardWithoutTerminal, Effect.suspend(() => run(commandLine()))).pipe(
  Effect.provideService(CliOutput.Presenter, presenter),
  // Prompts are drawn on standard error: in colour only where that shows colours.
  Effect.provideServiceEffect(
    Prompt.Theme,
    Effect.sync(() => Prompt.makeTheme({ colors: showsColours(process.stderr, process.env) }))
  ),
  Effect.provide(layerTerminalOnStderr.pipe(Layer.provideMerge(NodeServices.layer))),
  Effect.exit,
  Effect.flatMap(exitCodeOf),
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
