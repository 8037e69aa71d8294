import { describe, expect, it } from "vitest"
import { fieldsKeptFromServer } from "../src/serverText.js"

const secrets = ["sk-secret"]

describe("fieldsKeptFromServer", () => {
  it("redacts a status error's server text, metadata and location, keeping its other fields", () => {
    const kept = fieldsKeptFromServer({
      _tag: "Unauthorized",
      status: 401,
      request: "GET /byok",
      serverMessage: "bad key sk-secret",
      metadata: { echoed: { authorization: "Bearer sk-secret" } },
      location: "https://x.example/sk-secret"
    }, secrets)
    expect(kept).toEqual({
      status: 401,
      request: "GET /byok",
      serverMessage: "bad key <redacted>",
      metadata: { echoed: { authorization: "Bearer <redacted>" } },
      location: "https://x.example/<redacted>"
    })
  })

  it("cuts a transport failure's description and a decode failure's reason after redacting them", () => {
    const transport = fieldsKeptFromServer(
      { _tag: "TransportError", description: "sk-secret" + "x".repeat(5000) },
      secrets
    )
    expect(transport?.description).toMatch(/^<redacted>x+\.\.\. \(5010 characters\)$/)
    const decode = fieldsKeptFromServer({ _tag: "DecodeError", path: "data", reason: "saw sk-secret" }, secrets)
    expect(decode).toEqual({ path: "data", reason: "saw <redacted>" })
  })

  it("keeps nothing new of an error that holds nothing from a server", () => {
    expect(fieldsKeptFromServer({ _tag: "InvalidRequest", reason: "limit: too big" }, secrets)).toBeUndefined()
  })
})
