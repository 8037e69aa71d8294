import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { listingStub, onStub, stubbed } from "./support/clients.js"
import { apiKeyMarker, keyId, providerKey, providerKeyMarker } from "./support/fixtures.js"
import { oneKey } from "./support/scripts.js"

/** Runs `self` with a tracer that keeps every span it starts. */
const traced = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const spans: Array<Tracer.NativeSpan> = []
    const tracer = Tracer.make({
      span(options) {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      }
    })
    return Effect.map(Effect.exit(Effect.withTracer(self, tracer)), (exit) => ({ exit, spans }))
  })

const rendered = (spans: ReadonlyArray<Tracer.NativeSpan>) =>
  JSON.stringify(spans.map((span) => ({ name: span.name, attributes: Object.fromEntries(span.attributes) })))

describe("OpenRouterByok tracing", () => {
  it.effect("opens one span per operation, with its parameters, parent of its HTTP requests' spans", () =>
    Effect.gen(function*() {
      const getting = yield* stubbed([oneKey(1)])
      const listing = yield* onStub(listingStub(3))
      const { exit, spans } = yield* traced(
        Effect.andThen(
          getting.byok.get(keyId(1)),
          Stream.runDrain(listing.byok.list({ limit: 2, provider: "openai" }))
        )
      )
      expect(exit._tag).toBe("Success")
      const ours = spans.filter((span) => span.name.startsWith("OpenRouterByok."))
      expect(ours.map((span) => span.name)).toEqual(["OpenRouterByok.get", "OpenRouterByok.list"])
      const [get, list] = ours
      expect(get!.attributes.get("byok.id")).toBe(keyId(1))
      expect(Object.fromEntries(list!.attributes)).toMatchObject({ "byok.limit": 2, "byok.provider": "openai" })
      const requests = spans.filter((span) => span.kind === "client")
      expect(requests.map((span) => span.attributes.get("url.query"))).toEqual([
        undefined,
        "offset=0&limit=2&provider=openai",
        "offset=2&limit=2&provider=openai"
      ])
      expect(requests.map((span) => Option.getOrUndefined(span.parent))).toEqual([get, list, list])
    }))

  it.effect("lets no key into a span", () =>
    Effect.gen(function*() {
      const { byok } = yield* stubbed([oneKey(1)])
      const { exit, spans } = yield* traced(
        Effect.andThen(
          byok.create({ provider: "openai", key: providerKey }),
          byok.update(keyId(1), { key: providerKey })
        )
      )
      expect(exit._tag).toBe("Success")
      const requests = spans.filter((span) => span.kind === "client")
      expect(requests).toHaveLength(2)
      expect(requests[0]!.attributes.get("url.full")).toBe("https://openrouter.test/api/v1/byok")
      expect(rendered(spans)).not.toContain(apiKeyMarker)
      expect(rendered(spans)).not.toContain(providerKeyMarker)
    }))
})
