import { describe, expect, it } from "vitest"
import {
  decodeErrorMessage,
  inconsistentPaginationMessage,
  invalidRequestMessage,
  statusErrorMessage,
  transportErrorMessage
} from "../src/errorMessages.js"

const request = "GET https://openrouter.ai/api/v1/byok"

describe("statusErrorMessage", () => {
  it("says what a documented status means, the request, and what the server said", () => {
    expect(statusErrorMessage({ status: 401, request, serverMessage: "No auth" }, true)).toBe(
      `Unauthorized: check the management API key (HTTP 401) on ${request}: No auth`
    )
  })

  it("gives the wait a 429 asked for", () => {
    expect(statusErrorMessage({ status: 429, request, retryAfterMillis: 2000 }, true)).toBe(
      `Rate limited (HTTP 429) on ${request} (retry after 2000 ms)`
    )
  })

  it("names a status the operation does not document as unexpected, even one another operation documents", () => {
    expect(statusErrorMessage({ status: 400, request }, false)).toBe(`Unexpected status (HTTP 400) on ${request}`)
  })

  it("says a redirect was not followed, and where it pointed; a browser's opaque redirect by name", () => {
    expect(statusErrorMessage({ status: 302, request, location: "https://elsewhere.example" }, false)).toBe(
      `Redirect not followed (it would take the key along) (HTTP 302) on ${request} to https://elsewhere.example`
    )
    expect(statusErrorMessage({ status: 0, request }, false)).toContain("(opaque redirect)")
  })

  it("quotes at most a few hundred characters of the server", () => {
    const message = statusErrorMessage({ status: 500, request, serverMessage: "x".repeat(10_000) }, true)
    expect(message.length).toBeLessThan(500)
    expect(message).toContain("(10000 characters)")
  })
})

describe("the other errors' messages", () => {
  it("TransportError: the failure, the request, and its description cut short", () => {
    expect(transportErrorMessage({ reason: "Timeout", request })).toBe(`Transport failure (Timeout) on ${request}`)
    expect(transportErrorMessage({ reason: "ConnectionLost", request, description: "y".repeat(1000) }).length)
      .toBeLessThan(500)
  })

  it("DecodeError: where in the body, or the body itself", () => {
    expect(decodeErrorMessage({ request, status: 200, path: "data[3].is_fallback", reason: "Expected boolean" }))
      .toBe(`Could not decode the answer to ${request} (HTTP 200) at data[3].is_fallback: Expected boolean`)
    expect(decodeErrorMessage({ request, status: 200, path: "", reason: "not JSON" })).toContain("at the body:")
  })

  it("InvalidRequest and InconsistentPagination", () => {
    expect(invalidRequestMessage({ operation: "OpenRouterByok.list", reason: "limit: too big" })).toBe(
      "Invalid arguments to OpenRouterByok.list: limit: too big"
    )
    expect(inconsistentPaginationMessage({ offset: 100, previousOffset: 0 })).toContain(
      "the page at offset 100 repeats the page at offset 0"
    )
  })
})
