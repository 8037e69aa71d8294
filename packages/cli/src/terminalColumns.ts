/**
 * How many columns a text takes on a terminal, and a text cut to a number of columns. A
 * credential's name may be Chinese or hold emoji: a CJK character or an emoji takes two columns,
 * an accent combined with its letter none, and an emoji is two UTF-16 units that must not be
 * cut apart. Plain functions, no Effect.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" })

/** East Asian Wide and Fullwidth characters (Unicode's EastAsianWidth.txt, W and F, in blocks). */
const wide =
  /^[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u

/** Emoji drawn as pictures: two columns, as are characters followed by the emoji variation selector. */
const emoji = /^\p{Emoji_Presentation}|\ufe0f/u

/** Marks that combine with the character before them, and format characters: no column of their own. */
const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}]+$/u

/** The columns one grapheme (a user-perceived character) takes. */
const graphemeColumns = (grapheme: string): number =>
  zeroWidth.test(grapheme) ? 0 : wide.test(grapheme) || emoji.test(grapheme) ? 2 : 1

/** The columns `text` takes on a terminal. */
export const columnsOf = (text: string): number => {
  let columns = 0
  for (const { segment } of graphemes.segment(text)) columns += graphemeColumns(segment)
  return columns
}

/** `text` in exactly `width` columns: padded with spaces, or cut at a whole character and marked with an ellipsis. */
export const fitToColumns = (text: string, width: number): string => {
  const columns = columnsOf(text)
  if (columns <= width) return text + " ".repeat(width - columns)
  let kept = ""
  let used = 0
  for (const { segment } of graphemes.segment(text)) {
    const next = graphemeColumns(segment)
    if (used + next > width - 1) break
    kept += segment
    used += next
  }
  return `${kept}…${" ".repeat(width - 1 - used)}`
}
