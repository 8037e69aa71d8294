/**
 * Styling (ANSI colours) only where it can be shown: piped into a file, `grep` or `less` it is
 * noise. `effect/cli` styles help on standard output only when that is a terminal and
 * `NO_COLOR` is not set (https://no-color.org); the prompts, drawn on standard error, follow
 * the same rule for standard error.
 */

/** SGR escapes (colours, bold, reset): what help and prompt styling is made of. */
// eslint-disable-next-line no-control-regex -- the escape character is what is matched
const styling = /\x1b\[[0-9;]*m/g

/** Whether text written to `stream` may keep its styling. */
export const showsColours = (
  stream: { readonly isTTY?: boolean | undefined },
  env: Readonly<Record<string, string | undefined>>
): boolean => stream.isTTY === true && (env["NO_COLOR"] === undefined || env["NO_COLOR"] === "")

/** `text` without its styling. */
export const withoutStyling = (text: string): string => text.replace(styling, "")
