import { describe, expect, it } from "vitest"
import { afterPage, seen } from "../src/pageSequence.js"

describe("afterPage", () => {
  it("continues after a page that does not reach totalCount", () => {
    expect(afterPage({ data: [0, 1], totalCount: 5, offset: 0 }, undefined)).toEqual({ _tag: "Next", offset: 2 })
  })

  it("stops after the page that reaches totalCount", () => {
    expect(afterPage({ data: [3, 4], totalCount: 5, offset: 3 }, undefined)).toEqual({ _tag: "Last" })
  })

  it("stops after an empty page, even when totalCount says there is more", () => {
    expect(afterPage({ data: [], totalCount: 500, offset: 100 }, undefined)).toEqual({ _tag: "Last" })
  })

  it("stops when a page goes beyond a totalCount that shrank meanwhile", () => {
    expect(afterPage({ data: [4, 5, 6], totalCount: 5, offset: 4 }, undefined)).toEqual({ _tag: "Last" })
  })

  it("continues after a short page that is not the last: the next one starts where it ends", () => {
    expect(afterPage({ data: [0, 1, 2], totalCount: 50, offset: 0 }, undefined)).toEqual({ _tag: "Next", offset: 3 })
  })

  it("reports a page whose credentials are those of the page before it (a server that ignores offset)", () => {
    const previous = { data: [{ id: "a" }, { id: "b" }], totalCount: 10, offset: 0 }
    const page = { data: [{ id: "a" }, { id: "b" }], totalCount: 10, offset: 2 }
    expect(afterPage(page, seen(previous))).toEqual({ _tag: "Repeated", previousOffset: 0 })
  })

  it("does not take a page that shares some credentials with the one before it for a repeat", () => {
    const previous = { data: [{ id: "a" }, { id: "b" }], totalCount: 10, offset: 0 }
    const page = { data: [{ id: "b" }, { id: "c" }], totalCount: 10, offset: 2 }
    expect(afterPage(page, seen(previous))).toEqual({ _tag: "Next", offset: 4 })
  })

  it("remembers a page by its offset and its credentials' ids, not by the credentials", () => {
    const page = { data: [{ id: "a", name: "first" }, { id: "b", name: "second" }], totalCount: 10, offset: 4 }
    expect(seen(page)).toEqual({ offset: 4, identities: ["a", "b"] })
  })
})
