import { describe, expect, it } from "vitest"
import { checkConnection, requestHeaders, unsendableHeader, withoutUndefinedFields } from "../src/headers.js"

describe("checkConnection", () => {
  it("gives the default API URL when none is given", () => {
    expect(checkConnection({ apiKey: "sk-1" })).toEqual({ ok: true, url: "https://openrouter.ai/api/v1" })
  })

  it("names, and never quotes, a value a header cannot carry, before looking at the URL", () => {
    const check = checkConnection({ apiKey: "sk-1\nX-Injected: yes", apiUrl: "http://example.com" })
    expect(check).toEqual({
      ok: false,
      reason: "apiKey contains a line break or another character an HTTP header cannot carry"
    })
    expect(JSON.stringify(check)).not.toContain("X-Injected")
  })

  it("refuses plain http:// to a host that is not loopback", () => {
    expect(checkConnection({ apiKey: "sk-1", apiUrl: "http://example.com/api" }).ok).toBe(false)
  })
})

describe("requestHeaders", () => {
  it("asks for JSON and names the calling app with the headers OpenRouter reads, only those given", () => {
    expect(requestHeaders({ apiKey: "sk-1" })).toEqual({ accept: "application/json" })
    expect(requestHeaders({ apiKey: "sk-1", httpReferer: "https://a.example", appTitle: "t", appCategories: "c" }))
      .toEqual({
        accept: "application/json",
        "HTTP-Referer": "https://a.example",
        "X-OpenRouter-Title": "t",
        "X-OpenRouter-Categories": "c"
      })
  })

  it("never carries the key", () => {
    expect(Object.values(requestHeaders({ apiKey: "sk-secret", appTitle: "t" }))).not.toContain("sk-secret")
  })
})

describe("unsendableHeader and withoutUndefinedFields", () => {
  it("finds the first value with a control character", () => {
    expect(unsendableHeader({ a: "fine", b: "bad\r", c: "bad\n" })).toBe("b")
    expect(unsendableHeader({ a: "fine", b: undefined })).toBeUndefined()
  })

  it("drops fields set to undefined, as JSON does, and leaves everything else as it is", () => {
    expect(withoutUndefinedFields({ a: 1, b: undefined, c: null })).toEqual({ a: 1, c: null })
    const unchanged = { a: 1 }
    expect(withoutUndefinedFields(unchanged)).toBe(unchanged)
    expect(withoutUndefinedFields([undefined])).toEqual([undefined])
  })
})
