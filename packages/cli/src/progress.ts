/**
 * The progress line of `list` and `audit`: pages fetched of the total and credentials so far,
 * on standard error, and only when standard error is a terminal (never in a pipe or a log).
 */
import * as Effect from "effect/Effect"
import type { ByokKey } from "effect4-openrouter-byok"

/** A progress line that data written to standard output never runs into. */
export interface Progress {
  /** Records a page; call it after the page's data is written. */
  readonly pageDone: (page: ByokKey.ByokKeyPage) => Effect.Effect<void>
  /** Erases the line; call it before writing data, and at the end. */
  readonly clear: Effect.Effect<void>
}

const eraseLine = "\r\x1b[2K"

const silent: Progress = { pageDone: () => Effect.void, clear: Effect.void }

/** The text of the progress line after `pages` pages holding `credentials` credentials. */
export const progressText = (pages: number, pageTotal: number, credentials: number): string =>
  `page ${pages} of ${pageTotal}, ${credentials} credentials so far`

/** A fresh progress line, silent unless standard error is a terminal. */
export const make: Effect.Effect<Progress> = Effect.sync(() => {
  if (process.stderr.isTTY !== true) return silent
  let pages = 0
  let credentials = 0
  let shown = false
  return {
    pageDone: (page) =>
      Effect.sync(() => {
        pages += 1
        credentials += page.data.length
        shown = true
        process.stderr.write(
          eraseLine + progressText(pages, Math.max(1, Math.ceil(page.totalCount / page.limit)), credentials)
        )
      }),
    clear: Effect.sync(() => {
      if (shown) process.stderr.write(eraseLine)
      shown = false
    })
  }
})
