/**
 * How to test your own code that uses the client: provide `OpenRouterByokTest.layer` instead
 * of `OpenRouterByok.layer`. No network, no key; the same semantics as the API (pages,
 * filters, NotFound, BadRequest, create / update / delete), plus controls to read what your
 * code asked and to make the next request fail.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { OpenRouterByok, OpenRouterByokError } from "effect-openrouter-byok"
import { ByokKeyFixtures, OpenRouterByokTest } from "effect-openrouter-byok/testing"

// ---------------------------------------------------------------------------------------------
// The code under test: yours, written against the OpenRouterByok service.
// ---------------------------------------------------------------------------------------------

/**
 * Disables every enabled fallback credential of `provider` that is not restricted to some
 * models, and returns the ids it disabled.
 */
const disableUnrestrictedFallbacks = (provider: string) =>
  Effect.gen(function*() {
    const targets = yield* OpenRouterByok.listItems({ provider }).pipe(
      Stream.filter((key) => key.isFallback && key.disabled !== true && key.allowedModels === null),
      Stream.runCollect
    )
    const disabled: Array<string> = []
    for (const key of targets) {
      yield* OpenRouterByok.update(key.id!, { disabled: true })
      disabled.push(key.id!)
    }
    return disabled
  })

// ---------------------------------------------------------------------------------------------
// Its tests.
// ---------------------------------------------------------------------------------------------

const keys = ByokKeyFixtures.make({ count: 400, seed: 1 })
const inDefaultWorkspace = (key: (typeof keys)[number]) =>
  key.workspaceId === ByokKeyFixtures.defaultWorkspaceId || key.workspaceId === null
const expectedTargets = keys.filter((key) =>
  inDefaultWorkspace(key) && key.provider === "openai" && key.isFallback && !key.disabled && key.allowedModels === null
)

describe("disableUnrestrictedFallbacks", () => {
  // One in-memory server for the tests of this block: state carries over from test to test.
  it.layer(OpenRouterByokTest.layer(keys))((it) => {
    it.effect("disables exactly the enabled, unrestricted fallback credentials of the provider", () =>
      Effect.gen(function*() {
        expect(expectedTargets.length).toBeGreaterThan(0)
        const disabled = yield* disableUnrestrictedFallbacks("openai")
        expect(disabled).toEqual(expectedTargets.map((key) => key.id))

        // Read the store to check the effect, and the request log to check how it got there.
        const now = yield* OpenRouterByokTest.keys
        for (const id of disabled) expect(now.find((key) => key.id === id)?.disabled).toBe(true)
        const requests = yield* OpenRouterByokTest.requests
        expect(requests.filter((request) => request.operation === "list")).toHaveLength(
          Math.max(1, Math.ceil(keys.filter((key) => inDefaultWorkspace(key) && key.provider === "openai").length / 100))
        )
        expect(requests.filter((request) => request.operation === "update")).toHaveLength(disabled.length)
      }))

    it.effect("has nothing left to do when run again", () =>
      Effect.gen(function*() {
        yield* OpenRouterByokTest.clearRequests
        expect(yield* disableUnrestrictedFallbacks("openai")).toEqual([])
        expect((yield* OpenRouterByokTest.requests).every((request) => request.operation === "list")).toBe(true)
      }))
  })

  // A fresh server per test when a test must not see another's changes.
  it.effect("stops at the first failed update and reports it, leaving the rest untouched", () =>
    Effect.gen(function*() {
      yield* OpenRouterByokTest.failNext(
        "update",
        new OpenRouterByokError.InternalServer({ status: 500, request: "PATCH /byok/..." })
      )
      const error = yield* Effect.flip(disableUnrestrictedFallbacks("openai"))
      expect(error._tag).toBe("InternalServer")
      const updates = (yield* OpenRouterByokTest.requests).filter((request) => request.operation === "update")
      expect(updates).toHaveLength(1)
      expect((yield* OpenRouterByokTest.keys).filter((key) => key.disabled).length).toBe(
        keys.filter((key) => key.disabled).length
      )
    }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

  it.effect("works on hand-written credentials too", () =>
    Effect.gen(function*() {
      expect(yield* disableUnrestrictedFallbacks("anthropic")).toEqual(["fallback-open"])
    }).pipe(Effect.provide(OpenRouterByokTest.layer([
      credential({ id: "primary", isFallback: false }),
      credential({ id: "fallback-open", isFallback: true }),
      credential({ id: "fallback-restricted", isFallback: true, allowedModels: ["anthropic/claude-sonnet-4"] })
    ]))))
})

/** A minimal credential; the in-memory server fills in the optional fields. */
function credential(fields: { readonly id: string; readonly isFallback: boolean; readonly allowedModels?: Array<string> }) {
  return {
    provider: "anthropic",
    workspaceId: null,
    allowedModels: null,
    allowedApiKeyHashes: null,
    allowedUserIds: null,
    sortOrder: 0,
    createdAt: "2025-08-24T10:30:00Z",
    ...fields
  }
}
