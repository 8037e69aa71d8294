import { describe, expect, it } from "vitest"
import { defaultApiUrl, validateApiUrl } from "../src/apiUrl.js"

describe("validateApiUrl", () => {
  it("accepts the default", () => {
    expect(validateApiUrl(defaultApiUrl)).toEqual({ ok: true, url: "https://openrouter.ai/api/v1" })
  })

  it("drops trailing slashes, so paths join with exactly one", () => {
    expect(validateApiUrl("https://openrouter.ai/api/v1//")).toEqual({ ok: true, url: "https://openrouter.ai/api/v1" })
  })

  it.each([
    "http://localhost:8080/api/v1",
    "http://127.0.0.1:3000",
    "http://127.8.9.10",
    "http://[::1]:3000/api/v1"
  ])("accepts plain http to the loopback host of %s", (url) => {
    expect(validateApiUrl(url).ok).toBe(true)
  })

  it.each([
    "http://openrouter.ai/api/v1",
    "http://10.0.0.5:8080",
    "http://localhost.evil.example",
    "http://mock.localhost/api/v1",
    "http://127.0.0.1.evil.example",
    "http://[::ffff:10.0.0.1]",
    "http://0.0.0.0:8080"
  ])("refuses plain http to the non-loopback host of %s, saying why", (url) => {
    const result = validateApiUrl(url)
    expect(!result.ok && result.reason).toContain("plain http:// to a non-loopback host")
  })

  it.each([
    ["ftp://openrouter.ai", "must be an https:// URL"],
    ["openrouter.ai/api/v1", "not a valid URL"],
    ["https://user:pass@openrouter.ai", "must not carry credentials"],
    ["https://openrouter.ai/api/v1?key=1", "must not have a query or a fragment"],
    ["https://openrouter.ai/api/v1#frag", "must not have a query or a fragment"]
  ])("refuses %s", (url, why) => {
    const result = validateApiUrl(url)
    expect(!result.ok && result.reason).toContain(why)
  })

  it("does not repeat credentials found in the URL", () => {
    const result = validateApiUrl("https://user:sk-or-v1-MARKER@openrouter.ai")
    expect(!result.ok && result.reason).not.toContain("sk-or-v1-MARKER")
  })

  it("does not quote a value that is not a URL, which may be a key passed in the wrong place", () => {
    const result = validateApiUrl("sk-or-v1-MARKER-swapped-with-the-url")
    expect(!result.ok && result.reason).toBe("apiUrl is not a valid URL")
  })
})
