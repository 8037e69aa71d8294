import { describe, expect, it } from "vitest"
import { transportFailureOf } from "../src/transportFailure.js"

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })
/** How an HTTP library wraps what fetch failed with. */
const wrapped = (cause: unknown) => new Error("Transport error (GET https://openrouter.test/api/v1/byok)", { cause })

describe("transportFailureOf", () => {
  it("finds a refused connection below fetch's own error, and names the causes, not the error itself", () => {
    expect(transportFailureOf(wrapped(new TypeError("fetch failed", { cause: withCode("connect", "ECONNREFUSED") }))))
      .toEqual({ refused: true, description: "fetch failed: ECONNREFUSED" })
  })

  it.each(["ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"])(
    "counts %s as refused: nothing was sent",
    (code) => {
      expect(transportFailureOf(wrapped(withCode("x", code))).refused).toBe(true)
    }
  )

  it("counts a connection refused on every address as refused, and one that got further on any as not", () => {
    const all = new AggregateError([withCode("a", "ECONNREFUSED"), withCode("b", "ECONNREFUSED")])
    const mixed = new AggregateError([withCode("a", "ECONNREFUSED"), withCode("b", "ECONNRESET")])
    expect(transportFailureOf(wrapped(new TypeError("fetch failed", { cause: all }))).refused).toBe(true)
    expect(transportFailureOf(wrapped(new TypeError("fetch failed", { cause: mixed }))).refused).toBe(false)
  })

  it.each(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"])("does not count %s as refused: it may have been sent", (code) => {
    expect(transportFailureOf(wrapped(withCode("x", code))).refused).toBe(false)
  })
})
