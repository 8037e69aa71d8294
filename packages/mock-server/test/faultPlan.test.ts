import { describe, expect, it } from "vitest"
import { FaultPlan } from "../src/faultPlan.js"
import snapshot from "./snapshotOfEffect3MockServer.json" with { type: "json" }

describe("FaultPlan", () => {
  it("draws, for a seed, the very faults and latencies the Effect 3 mock server drew", () => {
    const plan = new FaultPlan({
      seed: 5,
      transientRate: 0.3,
      nonJsonRate: 0.05,
      hangRate: 0.02,
      latencyMs: { min: 10, max: 90 }
    })
    const decisions = Array.from({ length: 40 }, () => {
      const decision = plan.decide()
      return { fault: decision.fault ?? null, latencyMs: decision.latencyMs }
    })
    expect(decisions).toEqual(
      snapshot.faultDecisions["seed 5, transientRate 0.3, nonJsonRate 0.05, hangRate 0.02, latencyMs 10-90"]
    )
  })

  it("gives scripted outcomes first, in order, while the draws go on underneath", () => {
    const scripted = new FaultPlan({ seed: 1, transientRate: 0.5 })
    const drawnOnly = new FaultPlan({ seed: 1, transientRate: 0.5 })
    scripted.script(["hang", "none", { status: 418 }])
    expect([scripted.decide(), scripted.decide(), scripted.decide()]).toMatchObject([
      { fault: "hang", answer: undefined },
      { fault: undefined, answer: undefined },
      { fault: undefined, answer: { status: 418 } }
    ])
    for (let i = 0; i < 3; i++) drawnOnly.decide()
    expect(scripted.decide()).toEqual(drawnOnly.decide())
  })

  it("restarts its draws from the seed when configured again, and forgets its script when cleared", () => {
    const plan = new FaultPlan({ seed: 9, transientRate: 0.5 })
    const first = Array.from({ length: 10 }, () => plan.decide().fault)
    plan.script(["hang"])
    plan.clearScript()
    plan.configure({ seed: 9, transientRate: 0.5 })
    expect(Array.from({ length: 10 }, () => plan.decide().fault)).toEqual(first)
  })
})
