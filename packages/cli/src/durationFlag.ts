/**
 * The durations `--timeout` and `--deadline` take: `500ms`, `10s`, `2m`, `1h`, or a bare number
 * of seconds. Plain functions, no Effect.
 */

const millisPerUnit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const

const durationText = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/

/** `text` in milliseconds, or `undefined` when it is not a duration of at least a millisecond. */
export const parseDurationMillis = (text: string): number | undefined => {
  const match = durationText.exec(text.trim())
  if (match === null) return undefined
  const millis = Number(match[1]) * millisPerUnit[(match[2] ?? "s") as keyof typeof millisPerUnit]
  return Number.isFinite(millis) && millis >= 1 ? millis : undefined
}

/** What the tool says of a value `flag` does not take. */
export const badDurationMessage = (flag: string, text: string): string =>
  `Bad ${flag} ${JSON.stringify(text)}: give a duration such as 500ms, 10s or 2m (a bare number is seconds)`
