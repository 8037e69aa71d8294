import { describe, expect, it } from "@effect/vitest"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { describeRequest } from "../../src/internal/request.js"
import { transportError } from "../../src/internal/transport.js"

const request = HttpClientRequest.get("https://openrouter.test/api/v1/byok", { urlParams: { offset: 0, limit: 50 } })
const label = describeRequest(request)

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })
const requestError = (cause: unknown) =>
  new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request, cause }) })

describe("transportError", () => {
  it("names the request as METHOD url with its query", () => {
    expect(label).toBe("GET https://openrouter.test/api/v1/byok?offset=0&limit=50")
  })

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
