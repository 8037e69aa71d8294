import { describe, expect, it } from "@effect/vitest"
import { openParcel, parcel } from "../../src/internal/parcel.js"

describe("parcel", () => {
  it("gives its contents when opened, and holds nothing afterwards", () => {
    const page = { data: ["a key"] }
    const sent = parcel(page)
    expect(openParcel(sent)).toBe(page)
    expect(sent.contents).toBeUndefined()
  })
})
