import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { describeRequest } from "../../src/internal/request.js"
import { transportError } from "../../src/internal/transport.js"

const request = HttpClientRequest.get("https://openrouter.test/api/v1/byok", { urlParams: { offset: 0, limit: 50 } })
const label = describeRequest(request)

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })
const requestError = (cause: unknown) => new HttpClientError.RequestError({ request, reason: "Transport", cause })

describe("transportError", () => {
  it("calls a refused connection ConnectionRefused (fetch wraps the socket error in cause)", () => {
    const error = transportError(
      label,
      requestError(new TypeError("fetch failed", { cause: withCode("connect", "ECONNREFUSED") }))
    )
    expect(error).toMatchObject({
      reason: "ConnectionRefused",
      request: label,
      description: "fetch failed: ECONNREFUSED"
    })
  })

  it.each(["ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"])(
    "calls %s ConnectionRefused: nothing was sent",
    (code) => {
      expect(transportError(label, requestError(withCode("x", code))).reason).toBe("ConnectionRefused")
    }
  )

  it("calls a connection refused on every address ConnectionRefused", () => {
    const all = new AggregateError([withCode("a", "ECONNREFUSED"), withCode("b", "ECONNREFUSED")])
    expect(transportError(label, requestError(new TypeError("fetch failed", { cause: all }))).reason).toBe(
      "ConnectionRefused"
    )
  })

  it("calls it ConnectionLost when one address of several got further than refusing", () => {
    const mixed = new AggregateError([withCode("a", "ECONNREFUSED"), withCode("b", "ECONNRESET")])
    expect(transportError(label, requestError(new TypeError("fetch failed", { cause: mixed }))).reason).toBe(
      "ConnectionLost"
    )
  })

  it.each(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"])(
    "calls %s ConnectionLost: the request may have been sent",
    (code) => {
      expect(transportError(label, requestError(withCode("x", code))).reason).toBe("ConnectionLost")
    }
  )

  it("keeps the reason it is given (a body cut off)", () => {
    expect(transportError(label, requestError(withCode("terminated", "ECONNRESET")), "BodyIncomplete").reason)
      .toBe("BodyIncomplete")
  })
})
