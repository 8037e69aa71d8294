import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { secretsOf } from "openrouter-byok-core"

// The core reads a request by its shape; these prove an Effect 3 HttpClientRequest has that shape.
describe("secretsOf on an HttpClientRequest", () => {
  it("finds the bearer token and the key of a JSON body, as sent, JSON-escaped and URL-encoded", () => {
    const request = HttpClientRequest.post("https://openrouter.ai/api/v1/byok").pipe(
      HttpClientRequest.bearerToken("sk-or-v1-management"),
      HttpClientRequest.bodyUnsafeJson({ provider: "aws", key: "AKIA/secret+\"x\"" })
    )
    expect(secretsOf(request)).toEqual(expect.arrayContaining([
      "sk-or-v1-management",
      "AKIA/secret+\"x\"",
      "AKIA/secret+\\\"x\\\"",
      encodeURIComponent("AKIA/secret+\"x\"")
    ]))
  })

  it("finds nothing else in a request without a body", () => {
    const request = HttpClientRequest.get("https://openrouter.ai/api/v1/byok").pipe(
      HttpClientRequest.bearerToken("sk-1")
    )
    expect(secretsOf(request)).toEqual(["sk-1"])
  })
})
