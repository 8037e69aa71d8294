/**
 * Text from the server (a credential's name, a provider slug, an error message) is written to
 * a terminal as characters, never as instructions: a control character in a name could
 * restyle the terminal, set its title or erase the lines above, and a line break or a
 * bidirectional override could make one credential's row pass for another's.
 */

/** DEL and C1 controls; the line and paragraph separators; the bidirectional embeddings, overrides and isolates. */
const beyondC0 = "\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069"

/** The C0 controls, and what `beyondC0` names. */
const unprintable = new RegExp(`[\u0000-\u001f${beyondC0}]`, "g")

/** `text` with each character a terminal would act on, instead of showing, written as `\u{…}`. */
export const printable = (text: string): string => text.replace(unprintable, written)

const written = (character: string): string => `\\u{${character.codePointAt(0)!.toString(16)}}`

/** `printable`, keeping the tabs and line breaks that a quoted CSV cell holds as data. */
export const printableInCsvCell = (text: string): string =>
  text.replace(unprintable, (character) => /[\t\n\r]/.test(character) ? character : written(character))

/** What `unprintable` matches beside the C0 controls, which JSON.stringify already escapes inside strings. */
const unprintableInJson = new RegExp(`[${beyondC0}]`, "g")

/**
 * `value` as JSON in which every character a terminal would act on is a `\u` escape: the same
 * value to any parser, and text to a terminal. Outside strings JSON holds none of them.
 */
export const printableJson = (value: unknown, indent?: number): string =>
  JSON.stringify(value, null, indent).replace(
    unprintableInJson,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`
  )
