/**
 * @effect/cli styles its help with ANSI escapes whatever it writes to (a terminal, a pipe, a
 * file). Piped into a file, `grep` or `less` they are noise, so the tool keeps them only for a
 * terminal, and never when `NO_COLOR` is set (https://no-color.org).
 */
import type * as Console from "effect/Console"
import * as Effect from "effect/Effect"

/** SGR escapes (colours, bold, reset): what @effect/cli's styling is made of. */
// eslint-disable-next-line no-control-regex -- the escape character is what is matched
const styling = /\x1b\[[0-9;]*m/g

/** Whether text written to `stream` may keep its styling. */
export const showsColours = (
  stream: { readonly isTTY?: boolean | undefined },
  env: Readonly<Record<string, string | undefined>>
): boolean => stream.isTTY === true && (env["NO_COLOR"] === undefined || env["NO_COLOR"] === "")

/** `text` without its styling. */
export const withoutStyling = (text: string): string => text.replace(styling, "")

const withoutStylingEach = (args: ReadonlyArray<unknown>) =>
  args.map((arg) => typeof arg === "string" ? withoutStyling(arg) : arg)

/**
 * `console` with the styling taken out of what `log` (standard output) and `error` (standard
 * error) write, for each stream that does not show colours.
 */
export const withColoursWhereShown = (
  console: Console.Console,
  shown: { readonly stdout: boolean; readonly stderr: boolean }
): Console.Console => ({
  ...console,
  log: shown.stdout ? console.log : (...args) => console.log(...withoutStylingEach(args)),
  error: shown.stderr ? console.error : (...args) => console.error(...withoutStylingEach(args))
})

/** `program` writing through the console that keeps styling only for the streams that show it. */
export const coloursOnlyWhereShown = <A, E, R>(program: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.consoleWith((console) =>
    Effect.withConsole(
      program,
      withColoursWhereShown(console, {
        stdout: showsColours(process.stdout, process.env),
        stderr: showsColours(process.stderr, process.env)
      })
    )
  )
