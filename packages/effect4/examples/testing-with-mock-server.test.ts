// examples/testing-with-mock-server.test.ts: the real client over HTTP against the mock server, with faults.
import { describe, expect, layer } from "@effect/vitest"
import { Effect, Layer, Schedule, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { OpenRouterByok } from "effect4-openrouter-byok"
import { ByokKeyFixtures, MockServer } from "effect4-openrouter-byok/testing"

// Your code: counts the disabled credentials.
const countDisabled = OpenRouterByok.listItems().pipe(
  Stream.filter((key) => key.disabled),
  Stream.runCount
)

const keys = ByokKeyFixtures.make({ count: 500, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })

// A server on 127.0.0.1 (a free port) where a quarter of the requests fail (429, 5xx, cut connections),
// and the real client pointed at it, with quick retries so the test stays fast.
const TestLayer = MockServer.layerClient({
  retrySchedule: Schedule.max([Schedule.spaced("5 millis"), Schedule.recurs(10)])
}).pipe(
  Layer.provideMerge(MockServer.layer({ keys, faults: { seed: 1, transientRate: 0.25, retryAfterSeconds: 0 } })),
  Layer.provide(FetchHttpClient.layer)
)

describe("countDisabled against a flaky server", () => {
  // Real sockets and real retry waits: no TestClock here.
  layer(TestLayer, { excludeTestServices: true })((it) => {
    it.effect("gets every page despite the faults", () =>
      Effect.gen(function*() {
        expect(yield* countDisabled).toBe(keys.filter((key) => key.disabled).length)
        // The server's log says what happened on the wire (it never holds a key).
        const counters = yield* MockServer.counters
        expect(counters.requests).toBeGreaterThan(5)
        expect(Object.keys(counters.byFault).length).toBeGreaterThan(0)
      }))
  })
})
