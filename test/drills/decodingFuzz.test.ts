/**
 * Drill: decoding under fuzz. Bodies are served to the real client (`get` and `list`, through
 * a stub `HttpClient`), so what is fuzzed is the production decoder, fast path and fallback
 * alike. Whatever the body, the outcome is a decoded value or a `DecodeError` naming where the
 * body is wrong, never a defect, and it agrees with Schema's own decoding of the same JSON.
 * What the wire format accepts is predicted independently (`WireFormat` in
 * openrouter-byok-scenarios, which the Effect 4 edition's fuzz shares). Every
 * valid credential round-trips: decoded, then encoded, it is the wire JSON again, less the
 * fields the API does not have. Seeded: the same cases every run.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import { ByokKey, OpenRouterByok } from "effect-openrouter-byok"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import { WireFormat } from "openrouter-byok-scenarios"
import { decodeError } from "../../src/internal/response.js"
import { apiKey, keyId } from "../support/fixtures.js"
import * as StubHttpClient from "../support/StubHttpClient.js"
import { Reply } from "../support/StubHttpClient.js"
import { figuresRequested, printTable } from "./support/figures.js"

const { anyValue, apply, breaks, knownFieldsOf, mutation, wireKey, wireKeyWithUnknownFields } = WireFormat

const seed = 20_261_122

/** Cases per property; the figures in docs/RELIABILITY.md are the sum. */
const runs = {
  anyJson: 500,
  anyText: 300,
  mutatedKey: 800,
  mutatedPage: 400,
  roundTrip: 300,
  roundTripPage: 100
}

type Route = "get" | "list"

/** How the client ended on a body: a decoded value (the credential, or the page's data and total), or a DecodeError's path. */
type Outcome = { readonly _tag: "Decoded"; readonly value: unknown } | {
  readonly _tag: "DecodeError"
  readonly path: string
}

/** Serves `text` as a complete 200 answer to `route` and decodes it with the real client; a defect or any other error fails the test. */
const serve = (route: Route, text: string): Promise<Outcome> =>
  Effect.runPromise(Effect.gen(function*() {
    const stub = StubHttpClient.replies(Reply.text(200, text, { "content-type": "application/json" }))
    const byok = yield* OpenRouterByok.make({ apiKey, apiUrl: StubHttpClient.stubApiUrl, retrySchedule: Schedule.stop })
      .pipe(
        Effect.provideService(HttpClient.HttpClient, stub.client)
      )
    const decoded: Effect.Effect<unknown, OpenRouterByok.GetError | OpenRouterByok.ListError> = route === "get"
      ? byok.get(keyId(1))
      : Effect.map(Stream.runHead(byok.list()), (page) => {
        const { data, totalCount } = Option.getOrThrow(page)
        return { data, totalCount }
      })
    // Tracing off: a failed span's stack trace costs more than the decoding this drill is about.
    const exit = yield* Effect.exit(Effect.withTracerEnabled(decoded, false))
    if (Exit.isSuccess(exit)) return { _tag: "Decoded", value: exit.value } as const
    const failure = Cause.failureOption(exit.cause)
    if (Option.isSome(failure) && failure.value._tag === "DecodeError" && Cause.isFailType(exit.cause)) {
      return { _tag: "DecodeError", path: failure.value.path } as const
    }
    throw new Error(`not a value nor a DecodeError:\n${Cause.pretty(exit.cause)}`)
  }))

/** What Schema itself makes of the same JSON: the oracle the client's decoder must agree with. */
const schemaOutcome = (route: Route, text: string): Outcome => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { _tag: "DecodeError", path: "" }
  }
  const decoded: Either.Either<unknown, ParseResult.ParseError> = route === "get"
    ? Either.map(Schema.decodeUnknownEither(ByokKey.ByokKeyResponse)(json), (body) => body.data)
    : Schema.decodeUnknownEither(ByokKey.ListByokKeysResponse)(json)
  return Either.isRight(decoded)
    ? { _tag: "Decoded", value: decoded.right }
    : { _tag: "DecodeError", path: decodeError("", 200, decoded.left).path }
}

/** Serves `text` to `route` and checks the client agrees with Schema; returns the client's outcome. */
const serveAndCompare = async (route: Route, text: string): Promise<Outcome> => {
  const outcome = await serve(route, text)
  expect(outcome).toEqual(schemaOutcome(route, text))
  return outcome
}

/** Whether a DecodeError's path names `path` (or a place inside it, e.g. an array item). */
const names = (outcome: Outcome, path: string) =>
  outcome._tag === "DecodeError" &&
  (outcome.path === path || outcome.path.startsWith(`${path}[`) || outcome.path.startsWith(`${path}.`))

const check = <A>(name: keyof typeof runs, arbitrary: fc.Arbitrary<A>, property: (value: A) => Promise<void>) =>
  Effect.promise(() => fc.assert(fc.asyncProperty(arbitrary, property), { seed, numRuns: runs[name] }))

const encodeKey = Schema.encodeSync(ByokKey.ByokKey)

describe("decoding under fuzz (seed 20261122)", () => {
  it.effect("any JSON value as a credential's or a page's body: a value or a DecodeError, as Schema decides", () =>
    check(
      "anyJson",
      fc.tuple(
        fc.constantFrom<Route>("get", "list"),
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          fc.record({ data: fc.jsonValue({ maxDepth: 3 }), total_count: fc.jsonValue({ maxDepth: 1 }) })
        )
      ),
      async ([route, value]) => {
        await serveAndCompare(route, JSON.stringify(value))
      }
    ))

  it.effect("any text as a body: a body that is not JSON is a DecodeError of the whole body", () =>
    check(
      "anyText",
      fc.tuple(
        fc.constantFrom<Route>("get", "list"),
        fc.oneof(fc.string({ unit: "binary" }), fc.json().map((json) => json.slice(0, -1)))
      ),
      async ([route, text]) => {
        const outcome = await serveAndCompare(route, text)
        let isJson = true
        try {
          JSON.parse(text)
        } catch {
          isJson = false
        }
        if (!isJson) expect(outcome).toEqual({ _tag: "DecodeError", path: "" })
      }
    ))

  it.effect("a credential with one field removed, replaced (wrong type, null, huge string, unknown provider) or added: decoded exactly when the wire format allows it, else a DecodeError naming the field", () =>
    check("mutatedKey", fc.tuple(wireKey, mutation), async ([key, change]) => {
      const outcome = await serveAndCompare("get", JSON.stringify({ data: apply(key, change) }))
      const broken = breaks(change)
      if (broken === undefined) expect(outcome._tag).toBe("Decoded")
      else expect(names(outcome, `data.${broken}`), JSON.stringify(outcome)).toBe(true)
    }))

  it.effect("a page with one credential mutated, or its total_count or data broken: the same, with the credential's index in the path", () =>
    check(
      "mutatedPage",
      fc.tuple(
        fc.array(wireKey, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        mutation,
        fc.option(fc.constantFrom("total_count", "data"), { freq: 4 }),
        anyValue
      ),
      async ([keys, at, change, pageField, value]) => {
        const index = at % keys.length
        const data = keys.map((key, i) => i === index ? apply(key, change) : key)
        const page: Record<string, unknown> = { data, total_count: keys.length }
        if (pageField !== null) page[pageField] = value
        const outcome = await serveAndCompare("list", JSON.stringify(page))
        const pageBroken = pageField === "total_count"
          ? (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? undefined : "total_count")
          : pageField === "data" && !Array.isArray(value)
          ? "data"
          : undefined
        const broken = breaks(change)
        if (pageField === "data") return // a replaced data array is judged by the comparison with Schema alone
        if (pageBroken === undefined && broken === undefined) expect(outcome._tag).toBe("Decoded")
        else if (broken !== undefined && pageBroken === undefined) {
          expect(names(outcome, `data[${index}].${broken}`), JSON.stringify(outcome)).toBe(true)
        } else expect(outcome._tag).toBe("DecodeError")
      }
    ))

  it.effect("every valid credential round-trips: decoded then encoded, it is the wire JSON again, less unknown fields", () =>
    check("roundTrip", wireKeyWithUnknownFields, async ([key, unknown]) => {
      const wire = JSON.stringify({ ...unknown, ...key })
      const outcome = await serveAndCompare("get", JSON.stringify({ data: JSON.parse(wire) }))
      expect(outcome._tag).toBe("Decoded")
      const decoded = (outcome as { readonly value: ByokKey.ByokKey }).value
      expect(encodeKey(decoded)).toEqual(knownFieldsOf(JSON.parse(wire)))
    }))

  it.effect("every valid page round-trips the same way, in order", () =>
    check("roundTripPage", fc.array(wireKeyWithUnknownFields, { maxLength: 20 }), async (keys) => {
      const data = keys.map(([key, unknown]) =>
        JSON.parse(JSON.stringify({ ...unknown, ...key })) as Record<string, unknown>
      )
      const outcome = await serveAndCompare("list", JSON.stringify({ data, total_count: data.length }))
      expect(outcome._tag).toBe("Decoded")
      const page =
        (outcome as { readonly value: { readonly data: ReadonlyArray<ByokKey.ByokKey>; readonly totalCount: number } })
          .value
      expect(page.totalCount).toBe(data.length)
      expect(page.data.map((key) => encodeKey(key))).toEqual(data.map(knownFieldsOf))
    }))
})

if (figuresRequested) {
  printTable("decoding fuzz (seed 20261122)", Object.entries(runs).map(([property, cases]) => ({ property, cases })))
}
