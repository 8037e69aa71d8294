import { describe, expect, it } from "vitest"
import { excerpt, redact, redactJson, secretsOf } from "../src/redaction.js"
import { redirectOrigin } from "../src/redirect.js"

describe("secretsOf", () => {
  const jsonBody = (value: unknown) => ({ _tag: "Uint8Array", body: new TextEncoder().encode(JSON.stringify(value)) })

  it("finds the bearer token and the key of a JSON body, as sent, JSON-escaped and URL-encoded", () => {
    const request = {
      headers: { authorization: "Bearer sk-or-v1-management" },
      body: jsonBody({ provider: "aws", key: "AKIA/secret+\"x\"" })
    }
    expect(secretsOf(request)).toEqual(expect.arrayContaining([
      "sk-or-v1-management",
      "AKIA/secret+\"x\"",
      "AKIA/secret+\\\"x\\\"",
      encodeURIComponent("AKIA/secret+\"x\"")
    ]))
  })

  it("finds nothing else in a request without a body", () => {
    expect(secretsOf({ headers: { authorization: "Bearer sk-1" }, body: { _tag: "Empty" } })).toEqual(["sk-1"])
  })

  it("finds no key in a body that is not JSON", () => {
    const body = { _tag: "Uint8Array", body: new TextEncoder().encode("key=sk-1") }
    expect(secretsOf({ headers: {}, body })).toEqual([])
  })
})

describe("redact", () => {
  it("replaces every occurrence of every secret", () => {
    expect(redact("a sk-1 b sk-1 c pk", ["sk-1", "pk"])).toBe("a <redacted> b <redacted> c <redacted>")
  })
})

describe("excerpt", () => {
  it("keeps short text as it is", () => {
    expect(excerpt("short", 10)).toBe("short")
  })

  it("cuts long text and says how long it was, never in the middle of a surrogate pair", () => {
    expect(excerpt("ab🔑cd", 3)).toBe("ab... (6 characters)")
  })
})

describe("redactJson", () => {
  it("redacts strings and keys at any depth it keeps, and replaces what lies deeper by a note", () => {
    const value = { "sk-1": ["sk-1", { nested: { deeper: 1 } }] }
    expect(redactJson(value, ["sk-1"], 3)).toEqual({
      "<redacted>": ["<redacted>", { nested: "<nested deeper than 3 levels>" }]
    })
  })

  it("keeps a __proto__ key as data", () => {
    const copy = redactJson(JSON.parse("{\"__proto__\":{\"polluted\":1}}"), []) as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.keys(copy)).toEqual(["__proto__"])
  })
})

describe("redirectOrigin", () => {
  it("is the origin of the Location, resolved against the request, without path or query", () => {
    expect(redirectOrigin("https://elsewhere.example:8443/steal?token=x", "https://openrouter.ai/api/v1/byok")).toBe(
      "https://elsewhere.example:8443"
    )
    expect(redirectOrigin("/api/v2/byok", "https://openrouter.ai/api/v1/byok")).toBe("https://openrouter.ai")
  })

  it("is undefined when there is no Location or it is not a URL", () => {
    expect(redirectOrigin(undefined, "https://openrouter.ai/")).toBeUndefined()
    expect(redirectOrigin("http://[bad", "https://openrouter.ai/")).toBeUndefined()
  })
})
