import { describe, expect, it } from "@effect/vitest"
import { OpenRouterByokError } from "effect4-openrouter-byok"

const fields = { status: 0, request: "GET https://openrouter.ai/api/v1/byok/k1" }
const allDocumented = new Set([400, 401, 403, 404, 429, 500] as const)

const transport = (reason: OpenRouterByokError.TransportFailure) =>
  new OpenRouterByokError.TransportError({ reason, request: fields.request })

/** One error of each kind, built from the status mapping where there is one. */
const everyError: ReadonlyArray<OpenRouterByokError.OpenRouterByokError> = [
  ...[400, 401, 403, 404, 429, 500, 502, 503, 504, 418].map((status) =>
    OpenRouterByokError.fromStatus(allDocumented, { ...fields, status })
  ),
  transport("ConnectionRefused"),
  transport("ConnectionLost"),
  transport("BodyIncomplete"),
  transport("Timeout"),
  new OpenRouterByokError.DecodeError({ request: fields.request, status: 200, path: "data", reason: "missing" }),
  new OpenRouterByokError.InvalidRequest({ operation: "OpenRouterByok.get", reason: "id must be a non-empty string" }),
  new OpenRouterByokError.InconsistentPagination({ offset: 100, previousOffset: 0 })
]

describe("OpenRouterByokError", () => {
  describe("fromStatus", () => {
    it.each([
      [400, "BadRequest"],
      [401, "Unauthorized"],
      [403, "Forbidden"],
      [404, "NotFound"],
      [429, "RateLimited"],
      [500, "InternalServer"],
      [502, "UnexpectedStatus"],
      [503, "UnexpectedStatus"],
      [504, "UnexpectedStatus"],
      [418, "UnexpectedStatus"],
      [409, "UnexpectedStatus"]
    ])("maps %i to %s when the operation documents it", (status, tag) => {
      const error = OpenRouterByokError.fromStatus(allDocumented, { ...fields, status })
      expect(error._tag).toBe(tag)
      expect(error.status).toBe(status)
    })

    it("maps a status the operation does not document to UnexpectedStatus, keeping the status", () => {
      const error = OpenRouterByokError.fromStatus(new Set([400, 401, 500] as const), { ...fields, status: 404 })
      expect(error._tag).toBe("UnexpectedStatus")
      expect(error.status).toBe(404)
    })

    it("carries the body's code, message and metadata and the retry-after", () => {
      const error = OpenRouterByokError.fromStatus(allDocumented, {
        ...fields,
        status: 429,
        code: 429,
        serverMessage: "slow down",
        metadata: { limit: 10 },
        retryAfterMillis: 2000
      })
      expect(error).toMatchObject({
        code: 429,
        serverMessage: "slow down",
        metadata: { limit: 10 },
        retryAfterMillis: 2000
      })
      expect(error.message).toBe(
        "Rate limited (HTTP 429) on GET https://openrouter.ai/api/v1/byok/k1: slow down (retry after 2000 ms)"
      )
    })
  })

  describe("message", () => {
    it("quotes at most 300 characters of the server's message and says how long it was; serverMessage keeps it all", () => {
      const serverMessage = "x".repeat(5_000_000)
      const error = OpenRouterByokError.fromStatus(allDocumented, { ...fields, status: 500, serverMessage })
      expect(error.message).toBe(
        `Internal server error (HTTP 500) on ${fields.request}: ${"x".repeat(300)}... (5000000 characters)`
      )
      expect(error.serverMessage).toBe(serverMessage)
    })

    it("says a redirect was not followed and names the origin it pointed to", () => {
      const error = OpenRouterByokError.fromStatus(allDocumented, {
        ...fields,
        status: 307,
        location: "https://elsewhere.example"
      })
      expect(error.message).toBe(
        `Redirect not followed (it would take the key along) (HTTP 307) on ${fields.request} to https://elsewhere.example`
      )
    })

    it("does not call a 304 (Not Modified, from a cache) a redirect: it points nowhere", () => {
      const error = OpenRouterByokError.fromStatus(allDocumented, { ...fields, status: 304 })
      expect(error._tag).toBe("UnexpectedStatus")
      expect(error.message).toBe(`Unexpected status (HTTP 304) on ${fields.request}`)
    })

    it("says a browser's opaque redirect (status 0) was not followed", () => {
      const error = OpenRouterByokError.fromStatus(allDocumented, { ...fields, status: 0 })
      expect(error._tag).toBe("UnexpectedStatus")
      expect(error.message).toBe(
        `Redirect not followed (it would take the key along) (opaque redirect) on ${fields.request}`
      )
    })

    it("says which page of an inconsistent listing repeats which", () => {
      expect(new OpenRouterByokError.InconsistentPagination({ offset: 100, previousOffset: 0 }).message).toBe(
        "Inconsistent pagination: the page at offset 100 repeats the page at offset 0 (the server ignores offset); the listing stopped there"
      )
    })
  })

  describe("isTransient", () => {
    const tagsOf = (errors: ReadonlyArray<OpenRouterByokError.OpenRouterByokError>) =>
      errors.map((error) =>
        error._tag === "TransportError"
          ? `TransportError/${error.reason}`
          : "status" in error
          ? `${error._tag}/${error.status}`
          : error._tag
      )

    it("is true for 429, 500, 502, 503, 504 and every TransportError", () => {
      expect(tagsOf(everyError.filter(OpenRouterByokError.isTransient))).toEqual([
        "RateLimited/429",
        "InternalServer/500",
        "UnexpectedStatus/502",
        "UnexpectedStatus/503",
        "UnexpectedStatus/504",
        "TransportError/ConnectionRefused",
        "TransportError/ConnectionLost",
        "TransportError/BodyIncomplete",
        "TransportError/Timeout"
      ])
    })

    it("is false for 400, 401, 403, 404, DecodeError and InvalidRequest", () => {
      const permanent = everyError.filter((error) =>
        ["BadRequest", "Unauthorized", "Forbidden", "NotFound", "DecodeError", "InvalidRequest"].includes(error._tag)
      )
      expect(permanent).toHaveLength(6)
      expect(permanent.some(OpenRouterByokError.isTransient)).toBe(false)
    })

    it("is false for an unexpected status that a retry cannot fix (418)", () => {
      const error = OpenRouterByokError.fromStatus(allDocumented, { ...fields, status: 418 })
      expect(OpenRouterByokError.isTransient(error)).toBe(false)
    })
  })

  describe("certainlyNotApplied", () => {
    it("holds only for a 429 and a refused connection", () => {
      const certain = everyError.filter(OpenRouterByokError.certainlyNotApplied).map((error) =>
        error._tag === "TransportError" ? `TransportError/${error.reason}` : error._tag
      )
      expect(certain).toEqual(["RateLimited", "TransportError/ConnectionRefused"])
    })

    it("implies transient: whatever may be resent safely is worth resending", () => {
      for (const error of everyError.filter(OpenRouterByokError.certainlyNotApplied)) {
        expect(OpenRouterByokError.isTransient(error)).toBe(true)
      }
    })
  })

  describe("isOpenRouterByokError", () => {
    it("recognises every error of the library and nothing else", () => {
      expect(everyError.every(OpenRouterByokError.isOpenRouterByokError)).toBe(true)
      expect(OpenRouterByokError.isOpenRouterByokError(new Error("NotFound"))).toBe(false)
      expect(OpenRouterByokError.isOpenRouterByokError({ _tag: "NotFound" })).toBe(false)
      expect(OpenRouterByokError.isOpenRouterByokError(Object.assign(new Error("x"), { _tag: "constructor" }))).toBe(
        false
      )
    })
  })

  describe("messages", () => {
    it("say what happened and on which request", () => {
      expect(everyError.map((error) => error.message)).toMatchInlineSnapshot(`
        [
          "Bad request (HTTP 400) on GET https://openrouter.ai/api/v1/byok/k1",
          "Unauthorized: check the management API key (HTTP 401) on GET https://openrouter.ai/api/v1/byok/k1",
          "Forbidden: BYOK management needs a management key (HTTP 403) on GET https://openrouter.ai/api/v1/byok/k1",
          "Not found (HTTP 404) on GET https://openrouter.ai/api/v1/byok/k1",
          "Rate limited (HTTP 429) on GET https://openrouter.ai/api/v1/byok/k1",
          "Internal server error (HTTP 500) on GET https://openrouter.ai/api/v1/byok/k1",
          "Unexpected status (HTTP 502) on GET https://openrouter.ai/api/v1/byok/k1",
          "Unexpected status (HTTP 503) on GET https://openrouter.ai/api/v1/byok/k1",
          "Unexpected status (HTTP 504) on GET https://openrouter.ai/api/v1/byok/k1",
          "Unexpected status (HTTP 418) on GET https://openrouter.ai/api/v1/byok/k1",
          "Transport failure (ConnectionRefused) on GET https://openrouter.ai/api/v1/byok/k1",
          "Transport failure (ConnectionLost) on GET https://openrouter.ai/api/v1/byok/k1",
          "Transport failure (BodyIncomplete) on GET https://openrouter.ai/api/v1/byok/k1",
          "Transport failure (Timeout) on GET https://openrouter.ai/api/v1/byok/k1",
          "Could not decode the answer to GET https://openrouter.ai/api/v1/byok/k1 (HTTP 200) at data: missing",
          "Invalid arguments to OpenRouterByok.get: id must be a non-empty string",
          "Inconsistent pagination: the page at offset 100 repeats the page at offset 0 (the server ignores offset); the listing stopped there",
        ]
      `)
    })

    it("show the tag in String(error) and keep the fields in JSON", () => {
      const error = new OpenRouterByokError.NotFound({ ...fields, status: 404 })
      expect(String(error)).toContain("NotFound")
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({ _tag: "NotFound", status: 404 })
    })
  })
})
