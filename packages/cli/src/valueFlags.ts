/**
 * A flag that takes a value takes the next argument as it, even one that starts with a dash:
 * `--deadline -1s` is a duration the tool refuses as one ("Bad --deadline"), and
 * `--name -staging` a name. effect/cli reads any argument that starts with a dash (a negative
 * number aside) as flags of its own, so such a value is attached to its flag first
 * (`--deadline=-1s`), which effect/cli reads as the flag's value. Plain functions, no Effect.
 */
import type * as Completions from "effect/cli/Completions"

/** The names (`--workspace`) of every flag of `command` and its subcommands that takes a value. */
export const valueFlagsOf = (command: Completions.CommandDescriptor): ReadonlySet<string> =>
  new Set([
    ...command.flags.filter((flag) => flag.type._tag !== "Boolean").flatMap((flag) =>
      [flag.name, ...flag.aliases].map((name) => name.length === 1 ? `-${name}` : `--${name}`)
    ),
    ...command.subcommands.flatMap((subcommand) => [...valueFlagsOf(subcommand)])
  ])

/** `args`, with each value that starts with a dash attached to the flag before it; nothing changes after `--`. */
export const attachDashedValues = (args: ReadonlyArray<string>, valueFlags: ReadonlySet<string>): Array<string> => {
  const attached: Array<string> = []
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!
    if (arg === "--") return [...attached, ...args.slice(index)]
    const value = args[index + 1]
    if (valueFlags.has(arg) && value !== undefined && value.startsWith("-")) {
      attached.push(`${arg}=${value}`)
      index++
    } else {
      attached.push(arg)
    }
  }
  return attached
}
