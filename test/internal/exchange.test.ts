import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { ByokKey } from "effect-openrouter-byok"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { decodeError, describeRequest, transportError } from "../../src/internal/exchange.js"
import { keyJson } from "../support/fixtures.js"

const request = HttpClientRequest.get("https://openrouter.test/api/v1/byok", { urlParams: { offset: 0, limit: 50 } })
const label = describeRequest(request)

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })
const requestError = (cause: unknown) => new HttpClientError.RequestError({ request, reason: "Transport", cause })

describe("describeRequest", () => {
  it("names the method, the URL and the query", () => {
    expect(label).toBe("GET https://openrouter.test/api/v1/byok?offset=0&limit=50")
  })

  it("never shows a header", () => {
    const withSecret = request.pipe(HttpClientRequest.bearerToken("sk-or-v1-MARKER"))
    expect(describeRequest(withSecret)).not.toContain("MARKER")
  })
})

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

  it.each(["ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"])(
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

describe("decodeError", () => {
  const decode = Schema.decodeUnknownEither(ByokKey.ListByokKeysResponse)
  const failure = (body: unknown) => {
    const result = decode(body)
    if (Either.isRight(result)) throw new Error("expected a decoding failure")
    return decodeError(label, 200, result.left)
  }

  it("names the wire path of the first problem, with array indices", () => {
    const error = failure({
      data: [keyJson(0), keyJson(1), keyJson(2), keyJson(3, { sort_order: "3" })],
      total_count: 4
    })
    expect(error).toMatchObject({ path: "data[3].sort_order", status: 200, request: label })
    expect(error.message).toContain("at data[3].sort_order")
  })

  it("names a missing top-level field", () => {
    expect(failure({ data: [] }).path).toBe("total_count")
  })

  it("keeps its message short when the reason is long", () => {
    const error = failure({ data: [keyJson(0, { sort_order: "x".repeat(5000) })], total_count: 1 })
    expect(error.message.length).toBeLessThan(500)
  })
})
