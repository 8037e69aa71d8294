import { describe, expect, it } from "@effect/vitest"
import { ByokKey } from "effect-openrouter-byok"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { fastPath, makeDecoder, rejected } from "../../src/internal/jsonDecoder.js"
import { keyJson, listBody } from "../support/fixtures.js"

/** The body Schemas the client decodes, and a few shapes the fast path must also get right. */
const schemas = {
  ListByokKeysResponse: ByokKey.ListByokKeysResponse,
  ByokKeyResponse: ByokKey.ByokKeyResponse,
  DeleteByokKeyResponse: ByokKey.DeleteByokKeyResponse,
  ByokKey: ByokKey.ByokKey,
  Mixed: Schema.Struct({
    kind: Schema.Literal("a", 1, true, null),
    ratio: Schema.optionalWith(Schema.Number.pipe(Schema.between(0, 1)), { exact: true }),
    anything: Schema.Unknown,
    maybe: Schema.UndefinedOr(Schema.String),
    nested: Schema.Array(Schema.Array(Schema.NullOr(Schema.Int))),
    tags: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(2))),
    renamed: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("was_renamed"))
  })
}

const formatted = (result: Either.Either<unknown, ParseResult.ParseError>) =>
  Either.isLeft(result) ? ParseResult.ArrayFormatter.formatErrorSync(result.left) : result.right

/** The fast path either rejects, or gives exactly Schema's value (same keys, same order); the decoder is Schema's. */
const expectAgreement = <A, I>(schema: Schema.Schema<A, I>, input: unknown) => {
  const bySchema = Schema.decodeUnknownEither(schema)(input)
  const fast = fastPath(schema)!
  const value = fast(input)
  if (value !== rejected) {
    expect(Either.isRight(bySchema)).toBe(true)
    expect(value).toStrictEqual(Either.getOrThrow(bySchema))
    expect(JSON.stringify(value)).toBe(JSON.stringify(Either.getOrThrow(bySchema)))
  }
  expect(formatted(makeDecoder(schema)(input))).toStrictEqual(formatted(bySchema))
  return value
}

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** A valid wire value of the schema (a value of its Type side, encoded), as JSON would carry it. */
const wireValue = <A, I>(schema: Schema.Schema<A, I>) =>
  Arbitrary.make(schema).map((value) => viaJson(Schema.encodeSync(schema)(value)))

/** A value of the schema's Encoded side without its refinements: often valid, often just off. */
const nearWireValue = <A, I>(schema: Schema.Schema<A, I>) => Arbitrary.make(Schema.encodedSchema(schema)).map(viaJson)

const anyJson = fc.jsonValue({ maxDepth: 3 })
const anyValue = fc.anything({ maxDepth: 3, withNullPrototype: true, withBoxedValues: true, withSparseArray: true })

/** The field names of a credential on the wire, plus a few it does not have. */
const fieldNames = [
  ...Object.keys(keyJson(0)),
  "declared_zdr",
  "is_byok_only",
  "is_required",
  "workspaceId",
  "unknown_field",
  "constructor",
  "toString"
]

type Mutation = (key: Record<string, unknown>) => void

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.constantFrom(...fieldNames), anyJson).map(([name, value]): Mutation => (key) => {
    key[name] = value
  }),
  fc.constantFrom(...fieldNames).map((name): Mutation => (key) => {
    delete key[name]
  }),
  fc.constantFrom(...fieldNames).map((name): Mutation => (key) => {
    key[name] = undefined
  }),
  fc.tuple(fc.constantFrom(...fieldNames), fc.constantFrom(null, 1.5, -0, 2 ** 53, "", [], [1], ["a", null], {}, true))
    .map(
      ([name, value]): Mutation => (key) => {
        key[name] = value
      }
    )
)

const mutatedKey = fc.tuple(
  fc.oneof(wireValue(ByokKey.ByokKey), nearWireValue(ByokKey.ByokKey)),
  fc.array(mutation, { maxLength: 4 })
).map(([key, mutations]) => {
  const copy = { ...(key as Record<string, unknown>) }
  for (const mutate of mutations) mutate(copy)
  return copy
})

describe("jsonDecoder", () => {
  describe("the fast path", () => {
    it("is generated for every body the client decodes", () => {
      for (const schema of Object.values(schemas)) {
        expect(fastPath(schema as Schema.Schema<unknown, unknown>)).toBeTypeOf("function")
      }
    })

    it("accepts every valid list page (so decoding a page never falls back to Schema)", () => {
      fc.assert(
        fc.property(fc.array(wireValue(ByokKey.ByokKey), { maxLength: 5 }), fc.nat(), (data, total) => {
          expect(expectAgreement(ByokKey.ListByokKeysResponse, { data, total_count: total })).not.toBe(rejected)
        }),
        { numRuns: 300 }
      )
    })

    it("accepts the newest shape, unknown provider slugs and extra fields, and drops the extra fields", () => {
      const body = listBody(2, 0, 2)
      body.data[0] = keyJson(0, {
        provider: "a-provider-from-next-year",
        declared_zdr: null,
        is_byok_only: true,
        is_required: false,
        a_field_from_next_year: { nested: [1] }
      })
      const page = expectAgreement(ByokKey.ListByokKeysResponse, body) as ByokKey.ByokKeyPage
      expect(page.data[0]).toMatchObject({ provider: "a-provider-from-next-year", declaredZdr: null, isByokOnly: true })
      expect(page.data[0]).not.toHaveProperty("a_field_from_next_year")
      expect(page.data[1]).not.toHaveProperty("declaredZdr")
    })

    it("leaves Schemas it cannot reproduce exactly to Schema", () => {
      expect(fastPath(Schema.NumberFromString)).toBeUndefined()
      expect(fastPath(Schema.Record({ key: Schema.String, value: Schema.Number }))).toBeUndefined()
      expect(fastPath(ByokKey.ApiErrorResponse)).toBeUndefined()
      expect(fastPath(Schema.Struct({ a: Schema.String }).annotations({ parseOptions: { onExcessProperty: "error" } })))
        .toBeUndefined()
      expect(fastPath(Schema.Struct({ a: Schema.optionalWith(Schema.String, { default: () => "" }) }))).toBeUndefined()
      expect(fastPath(Schema.Union(Schema.Struct({ a: Schema.String }), Schema.Null))).toBeUndefined()
    })
  })

  describe("agrees with Schema", () => {
    for (const [name, schema] of Object.entries(schemas) as Array<[string, Schema.Schema<unknown, unknown>]>) {
      it(`${name}: on arbitrary JSON values`, () => {
        fc.assert(fc.property(anyJson, (input) => void expectAgreement(schema, input)), { numRuns: 500 })
      })

      it(`${name}: on arbitrary JavaScript values (null prototypes, boxed values, sparse arrays)`, () => {
        fc.assert(fc.property(anyValue, (input) => void expectAgreement(schema, input)), { numRuns: 500 })
      })

      it(`${name}: on valid values and their mutations`, () => {
        fc.assert(
          fc.property(
            fc.oneof(wireValue(schema), nearWireValue(schema)),
            fc.array(mutation, { maxLength: 3 }),
            (value, mutations) => {
              expectAgreement(schema, value)
              if (typeof value === "object" && value !== null && !Array.isArray(value)) {
                const copy = { ...(value as Record<string, unknown>) }
                for (const mutate of mutations) mutate(copy)
                expectAgreement(schema, copy)
              }
            }
          ),
          { numRuns: 300 }
        )
      })
    }

    it("on pages of mutated credentials", () => {
      fc.assert(
        fc.property(fc.array(mutatedKey, { maxLength: 5 }), fc.oneof(fc.nat(), anyJson), (data, total) => {
          expectAgreement(ByokKey.ListByokKeysResponse, { data, total_count: total })
        }),
        { numRuns: 1000 }
      )
    })

    it("on every field of a credential set to each of a grid of values, or removed", () => {
      const values = [
        null,
        undefined,
        true,
        false,
        0,
        -0,
        1.5,
        2 ** 53,
        NaN,
        "",
        "x",
        [],
        ["a"],
        ["a", null],
        [1],
        {},
        { a: 1 }
      ]
      const bases = [
        keyJson(1),
        keyJson(2, { declared_zdr: true, is_byok_only: false, is_required: true, allowed_models: ["m"] }),
        keyJson(3, { id: undefined, provider: undefined, label: undefined, name: undefined, disabled: undefined })
      ]
      for (const base of bases) {
        for (const name of fieldNames) {
          const removed: Record<string, unknown> = { ...base }
          delete removed[name]
          expectAgreement(ByokKey.ByokKey, removed)
          for (const value of values) {
            expectAgreement(ByokKey.ByokKey, { ...base, [name]: value })
            expectAgreement(ByokKey.ListByokKeysResponse, { data: [base, { ...base, [name]: value }], total_count: 2 })
          }
        }
      }
    })

    it("on values that are objects of another kind", () => {
      const key = keyJson(1)
      const inputs: Array<unknown> = [
        Object.assign([], key),
        Object.assign([], { data: [], total_count: 0 }),
        Object.assign(() => {}, { data: [], total_count: 0, deleted: true }),
        Object.assign(new Date(0), key),
        Object.assign(Object.create(null), key),
        new (class Credential {
          constructor() {
            Object.assign(this, key)
          }
        })(),
        Object.assign(new String("x"), key)
      ]
      for (const input of inputs) {
        for (const schema of Object.values(schemas)) expectAgreement(schema as Schema.Schema<unknown, unknown>, input)
      }
    })

    it("on credentials whose prototype has the fields (inherited values are not own properties)", () => {
      const inheriting = Object.create({ id: "inherited", is_fallback: true }) as Record<string, unknown>
      Object.assign(inheriting, keyJson(1, { is_fallback: undefined }))
      expectAgreement(ByokKey.ByokKey, inheriting)
      expectAgreement(ByokKey.ByokKey, Object.assign(Object.create(null), keyJson(2)))
    })
  })

  describe("a failing body", () => {
    it("gives Schema's error, with its path and reason", () => {
      const body = listBody(5, 0, 5)
      body.data[3] = keyJson(3, { sort_order: "third" })
      const result = makeDecoder(ByokKey.ListByokKeysResponse)(body)
      expect(formatted(result)).toStrictEqual(formatted(Schema.decodeUnknownEither(ByokKey.ListByokKeysResponse)(body)))
      expect(formatted(result)).toMatchObject([{ path: ["data", 3, "sort_order"] }])
    })
  })
})
