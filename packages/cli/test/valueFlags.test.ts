import { describe, expect, it } from "@effect/vitest"
import * as Completions from "effect/cli/Completions"
import { command } from "../src/commands.js"
import { attachDashedValues, valueFlagsOf } from "../src/valueFlags.js"

const valueFlags = valueFlagsOf(Completions.fromCommand(command))

describe("valueFlags", () => {
  it("knows the flags that take a value, of the root and of every command, and not the switches", () => {
    for (const flag of ["--api-url", "--timeout", "--deadline", "--workspace", "--format", "--allowed-model"]) {
      expect(valueFlags).toContain(flag)
    }
    for (const flag of ["--mock", "--yes", "-y", "--key-stdin", "--no-fallback"]) expect(valueFlags).not.toContain(flag)
  })

  it("attaches a value that starts with a dash to its flag, and leaves everything else as it is", () => {
    expect(attachDashedValues(["list", "--deadline", "-1s", "--mock"], valueFlags)).toEqual([
      "list",
      "--deadline=-1s",
      "--mock"
    ])
    expect(attachDashedValues(["update", "3f1c2d4e", "--name", "-staging", "--disable"], valueFlags)).toEqual([
      "update",
      "3f1c2d4e",
      "--name=-staging",
      "--disable"
    ])
    expect(attachDashedValues(["list", "--format", "json", "--mock", "-y"], valueFlags)).toEqual([
      "list",
      "--format",
      "json",
      "--mock",
      "-y"
    ])
  })

  it("changes nothing after --", () => {
    expect(attachDashedValues(["get", "--", "--name", "-x"], valueFlags)).toEqual(["get", "--", "--name", "-x"])
  })
})
