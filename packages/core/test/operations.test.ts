import { describe, expect, it } from "vitest"
import { deleteOperation, getOperation, listOperation, requestLabel } from "../src/operations.js"

describe("the operation descriptions", () => {
  it("address a credential by its id, encoded for a path", () => {
    expect(getOperation.path("a/b c")).toBe("/byok/a%2Fb%20c")
  })

  it("send a listing's filters under their wire names, and only those given", () => {
    expect(listOperation.query({ params: { workspaceId: "w", provider: "openai" }, offset: 100, limit: 50 })).toEqual({
      offset: 100,
      limit: 50,
      workspace_id: "w",
      provider: "openai"
    })
    expect(listOperation.query({ params: {}, offset: 0, limit: 100 })).toEqual({ offset: 0, limit: 100 })
  })

  it("take a 404 or a 204 to a delete as the credential gone", () => {
    expect([deleteOperation.gone, deleteOperation.noContent]).toEqual([{ deleted: true }, { deleted: true }])
  })
})

describe("requestLabel", () => {
  it("is METHOD url, with the query string after a ? only when there is one", () => {
    expect(requestLabel("GET", "/byok", "offset=0&limit=100")).toBe("GET /byok?offset=0&limit=100")
    expect(requestLabel("DELETE", "https://openrouter.ai/api/v1/byok/x")).toBe(
      "DELETE https://openrouter.ai/api/v1/byok/x"
    )
    expect(requestLabel("POST", "/byok", "")).toBe("POST /byok")
  })
})
