/**
 * Runs a shared scenario table with the Effect 4 edition: one test per scenario (per HTTP
 * stack when it asks for every one), checked with the shared `differences`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { differences, type Table } from "openrouter-byok-scenarios"
import { httpStacks, nodeStack, runScenario } from "./adapter.js"

export const runTable = (table: Table): void => {
  describe(table.name, () => {
    for (const scenario of table.scenarios) {
      for (const http of scenario.everyHttpStack === true ? httpStacks : [nodeStack]) {
        const name = scenario.everyHttpStack === true ? `${scenario.name} (over ${http.name})` : scenario.name
        const test = scenario.clock === "test" ? it.effect : it.live
        test(name, () =>
          Effect.gen(function*() {
            const observed = yield* runScenario(scenario, http)
            expect(differences(scenario.expect, observed)).toEqual([])
          }))
      }
    }
  })
}
