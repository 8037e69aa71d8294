import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { describeRequest } from "../../src/internal/request.js"

const request = HttpClientRequest.get("https://openrouter.test/api/v1/byok", { urlParams: { offset: 0, limit: 50 } })
const label = describeRequest(request)

describe("describeRequest", () => {
  it("names the method, the URL and the query", () => {
    expect(label).toBe("GET https://openrouter.test/api/v1/byok?offset=0&limit=50")
  })

  it("never shows a header", () => {
    const withSecret = request.pipe(HttpClientRequest.bearerToken("sk-or-v1-MARKER"))
    expect(describeRequest(withSecret)).not.toContain("MARKER")
  })
})
