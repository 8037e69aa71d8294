import { describe, expect, it } from "vitest"
import { retryAfterMillis } from "../src/retryAfter.js"

describe("retryAfterMillis", () => {
  it.each(
    [
      [{ "retry-after-ms": "1500" }, 1500],
      [{ "retry-after-ms": "0" }, 0],
      [{ "retry-after": "2" }, 2000],
      [{ "retry-after": " 3 " }, 3000],
      [{ "retry-after": "1.5" }, 1500],
      [{ "retry-after-ms": "250", "retry-after": "9" }, 250],
      [{ "retry-after-ms": "-5", "retry-after": "1" }, 1000],
      [{ "retry-after-ms": "soon", "retry-after": "1" }, 1000],
      [{ "retry-after": "soon" }, undefined],
      [{ "retry-after": "" }, undefined],
      [{}, undefined]
    ] as const
  )("reads %j as %s ms", (headers, expected) => expect(retryAfterMillis(headers, 0)).toBe(expected))

  it("reads an HTTP date as the time left until then", () => {
    expect(retryAfterMillis({ "retry-after": "Sun, 01 Mar 2026 12:00:07 GMT" }, Date.parse("2026-03-01T12:00:00Z")))
      .toBe(7000)
  })

  it("reads an HTTP date in the past as no wait", () => {
    expect(retryAfterMillis({ "retry-after": "Sun, 01 Mar 2026 11:00:00 GMT" }, Date.parse("2026-03-01T12:00:00Z")))
      .toBe(0)
  })
})
