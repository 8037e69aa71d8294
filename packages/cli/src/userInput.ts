/**
 * What the tool asks its user for: a raw provider key, read from standard input and never
 * echoed, and the confirmation of a deletion. Prompts are drawn on standard error, so that
 * standard output carries data only.
 */
import * as NodeStream from "@effect/platform-node/NodeStream"
import * as Prompt from "effect/cli/Prompt"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Terminal from "effect/Terminal"
import { UsageError } from "./commandErrors.js"

/** The platform's terminal, drawing on standard error instead of standard output. */
export const layerTerminalOnStderr: Layer.Layer<Terminal.Terminal, never, Terminal.Terminal> = Layer.effect(
  Terminal.Terminal,
  Effect.gen(function*() {
    const terminal = yield* Terminal.Terminal
    return Terminal.make({
      ...terminal,
      columns: Effect.sync(() => process.stderr.columns ?? 0),
      rows: Effect.sync(() => process.stderr.rows ?? 0),
      display: (text) => Effect.callback<void>((resume) => void process.stderr.write(text, () => resume(Effect.void)))
    })
  })
)

/** Whether someone can answer a question: standard input and standard error are both a terminal. */
export const isInteractive = (): boolean => process.stdin.isTTY === true && process.stderr.isTTY === true

const noKey = new UsageError({
  message:
    "No provider key on standard input: pipe the key in, e.g. `pass show openai | openrouter-byok create ... --key-stdin`"
})

// `pass show` writes the password, then lines of notes: sending them all would store a key that never works.
const moreThanAKey = new UsageError({
  message: "Standard input holds more than a key (a space or a second line): pipe the key alone, " +
    "e.g. `pass show openai | head -n 1 | openrouter-byok create ... --key-stdin`"
})

/**
 * The raw provider key: typed at a hidden prompt when standard input is a terminal, otherwise all of standard input
 * with surrounding whitespace removed, refused if whitespace is left inside. It goes straight into a `Redacted` and
 * is never written anywhere.
 */
export const readProviderKey: Effect.Effect<Redacted.Redacted<string>, UsageError, Prompt.Environment> = Effect
  .suspend(() =>
    // Reading a terminal as a stream would echo the key as it is typed: a terminal gets the hidden prompt.
    process.stdin.isTTY === true
      ? Prompt.run(Prompt.Hidden({ message: "Provider key (not shown)" })).pipe(
        // Ctrl-C at the prompt stops the run, as it does anywhere else (exit code 130).
        Effect.catch(() => Effect.interrupt)
      )
      : NodeStream.fromReadable({ evaluate: () => process.stdin, onError: () => noKey }).pipe(
        Stream.decodeText(),
        Stream.mkString,
        // A key never holds whitespace; the line break `echo` or a file adds is not part of it.
        Effect.map((text) => Redacted.make(text.trim()))
      )
  ).pipe(
    Effect.filterOrFail((key) => Redacted.value(key).trim().length > 0, () => noKey),
    Effect.filterOrFail((key) => !/\s/.test(Redacted.value(key).trim()), () => moreThanAKey)
  )

/** Asks a yes/no question on the terminal; no means no, and so does Ctrl-C. */
export const confirm = (message: string): Effect.Effect<boolean, never, Prompt.Environment> =>
  Prompt.run(Prompt.Confirm({ message, initial: false })).pipe(Effect.orElseSucceed(() => false))
