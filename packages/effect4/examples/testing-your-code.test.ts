// examples/testing-your-code.test.ts: test your own program with the in-memory layer, no network.
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { OpenRouterByok, OpenRouterByokError } from "effect4-openrouter-byok"
import { ByokKeyFixtures, OpenRouterByokTest } from "effect4-openrouter-byok/testing"

// Your code: disables the enabled fallback credentials of a provider that no allowlist restricts.
const disableOpenFallbacks = (provider: string) =>
  Effect.gen(function*() {
    const targets = yield* OpenRouterByok.listItems({ provider }).pipe(
      Stream.filter((key) => key.isFallback && !key.disabled && key.allowedModels === null),
      Stream.runCollect
    )
    for (const key of targets) yield* OpenRouterByok.update(key.id, { disabled: true })
    return targets.map((key) => key.id)
  })

// 400 realistic credentials, the same on every run.
const keys = ByokKeyFixtures.make({ count: 400, seed: 1 })

describe("disableOpenFallbacks", () => {
  // One in-memory server shared by the tests of this block: changes carry over.
  it.layer(OpenRouterByokTest.layer(keys))((it) => {
    it.effect("disables the open fallbacks, one update each", () =>
      Effect.gen(function*() {
        const disabled = yield* disableOpenFallbacks("openai")
        expect(disabled.length).toBeGreaterThan(0)
        const stored = yield* OpenRouterByokTest.keys
        for (const id of disabled) expect(stored.find((key) => key.id === id)?.disabled).toBe(true)
        const updates = (yield* OpenRouterByokTest.requests).filter((request) => request.operation === "update")
        expect(updates).toHaveLength(disabled.length)
      }))

    it.effect("finds nothing left to do on a second run", () =>
      Effect.gen(function*() {
        expect(yield* disableOpenFallbacks("openai")).toEqual([])
      }))
  })

  // A fresh server for a test that makes the API fail.
  it.effect("stops at the first failed update and reports it", () =>
    Effect.gen(function*() {
      yield* OpenRouterByokTest.failNext(
        "update",
        new OpenRouterByokError.InternalServer({ status: 500, request: "PATCH /byok/x" })
      )
      const error = yield* Effect.flip(disableOpenFallbacks("openai"))
      expect(error._tag).toBe("InternalServer")
      expect((yield* OpenRouterByokTest.keys).filter((key) => key.disabled)).toHaveLength(
        keys.filter((key) => key.disabled).length
      )
    }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))
})
