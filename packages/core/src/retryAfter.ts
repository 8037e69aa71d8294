/**
 * Reads `Retry-After-ms` (milliseconds) or `Retry-After` (seconds, or an HTTP date, counted
 * from `nowMillis`) into a wait in milliseconds. Unparseable values are ignored.
 */
export const retryAfterMillis = (
  headers: Readonly<Record<string, string | undefined>>,
  nowMillis: number
): number | undefined => {
  const ms = headers["retry-after-ms"]
  if (ms !== undefined) {
    const value = Number(ms)
    if (ms.trim() !== "" && Number.isFinite(value) && value >= 0) return value
  }
  const header = headers["retry-after"]?.trim()
  if (header === undefined || header === "") return undefined
  if (/^\d+(\.\d+)?$/.test(header)) return Number(header) * 1000
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMillis)
}
