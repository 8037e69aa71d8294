import { describe, expect, it } from "@effect/vitest"
import { columnsOf, fitToColumns } from "../src/terminalColumns.js"

describe("terminalColumns", () => {
  it("counts a CJK character or an emoji as two columns, a combining accent as none", () => {
    expect(columnsOf("Production")).toBe(10)
    expect(columnsOf("生产环境")).toBe(8)
    expect(columnsOf("키")).toBe(2)
    expect(columnsOf("🔑 key")).toBe(6)
    expect(columnsOf("👩‍💻")).toBe(2)
    expect(columnsOf("cafe\u0301")).toBe(4)
    expect(columnsOf("ünïcode ✓ —")).toBe(11)
  })

  it("pads a text that fits to exactly the width, in columns", () => {
    expect(fitToColumns("abc", 6)).toBe("abc   ")
    expect(fitToColumns("生产", 6)).toBe("生产  ")
  })

  it("cuts a text that does not fit at a whole character, ends it with an ellipsis, and fills the width", () => {
    expect(fitToColumns("abcdefgh", 6)).toBe("abcde…")
    expect(fitToColumns("生产环境的密钥", 6)).toBe("生产… ")
    expect(fitToColumns("a🔑🔑🔑🔑", 6)).toBe("a🔑🔑…")
    expect(fitToColumns("🔑🔑🔑🔑", 6)).toBe("🔑🔑… ")
    expect(fitToColumns("cafe\u0301 au lait", 6)).toBe("cafe\u0301 …")
  })
})
