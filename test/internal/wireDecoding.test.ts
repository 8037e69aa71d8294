import { describe, expect, it } from "@effect/vitest"
import { ByokKey } from "effect-openrouter-byok"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { byokKeyWireNames, listWireNames } from "openrouter-byok-core"
import { WireFormat } from "openrouter-byok-scenarios"
import * as Operations from "../../src/internal/operations.js"
import { isWireKey } from "../../src/internal/wireDecoding.js"

const { anyValue, apply, mutation, wireKey, wireKeyWithUnknownFields } = WireFormat

/** What a decoder answered, comparable with `toStrictEqual`: the value with its keys in order, or the error's text. */
const outcome = (either: Either.Either<unknown, ParseResult.ParseError>) =>
  Either.isRight(either)
    ? { decoded: either.right, keys: keysOf(either.right) }
    : { error: ParseResult.TreeFormatter.formatErrorSync(either.left) }

const keysOf = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(keysOf)
    : typeof value === "object" && value !== null
    ? Object.entries(value).map(([key, field]) => [key, keysOf(field)])
    : null

const bySchema = {
  list: Schema.decodeUnknownEither(ByokKey.ListByokKeysResponse),
  get: Schema.decodeUnknownEither(ByokKey.ByokKeyResponse)
}

const pageOf = (data: ReadonlyArray<unknown>, totalCount: unknown = data.length) => ({ data, total_count: totalCount })

describe("decoding a success body", () => {
  describe("gives exactly what the Schema gives", () => {
    it("for pages of valid credentials, unknown fields included", () => {
      fc.assert(fc.property(fc.array(wireKeyWithUnknownFields, { maxLength: 4 }), (keys) => {
        const body = pageOf(keys.map(([key, unknown]) => ({ ...unknown, ...key })))
        expect(Either.isRight(Operations.list.decode(body))).toBe(true)
        expect(outcome(Operations.list.decode(body))).toStrictEqual(outcome(bySchema.list(body)))
      }))
    })

    it("for credentials with one field removed, replaced by any value, or added", () => {
      fc.assert(fc.property(wireKey, mutation, (key, change) => {
        const body = { data: apply(key, change) }
        expect(outcome(Operations.get.decode(body))).toStrictEqual(outcome(bySchema.get(body)))
      }))
    })

    it("for every field of a credential and total_count, absent or holding each kind of JSON value", () => {
      const valid = fc.sample(wireKey, { numRuns: 1, seed: 1 })[0]!
      const suspects = [null, true, false, 0, -1, -0, 1.5, 2 ** 53, -(2 ** 53), 1e300, "", "x", [], {}, ["a"], [1], [
        null
      ]]
      for (const field of Object.values(byokKeyWireNames)) {
        const { [field]: _removed, ...without } = valid
        for (const data of [without, ...suspects.map((value) => ({ ...valid, [field]: value }))]) {
          expect(outcome(Operations.get.decode({ data }))).toStrictEqual(outcome(bySchema.get({ data })))
        }
      }
      for (const page of [{ data: [valid] }, ...suspects.map((totalCount) => pageOf([valid], totalCount))]) {
        expect(outcome(Operations.list.decode(page))).toStrictEqual(outcome(bySchema.list(page)))
      }
    })

    it("for credentials and pages whose fields are inherited rather than their own", () => {
      const valid = fc.sample(wireKey, { numRuns: 1, seed: 2 })[0]!
      for (const field of Object.values(byokKeyWireNames)) {
        const { [field]: inherited, ...own } = valid
        const data = Object.assign(Object.create({ [field]: inherited }), own)
        expect(outcome(Operations.get.decode({ data }))).toStrictEqual(outcome(bySchema.get({ data })))
      }
      const page = Object.assign(Object.create({ total_count: 1 }), { data: [valid] })
      expect(outcome(Operations.list.decode(page))).toStrictEqual(outcome(bySchema.list(page)))
    })

    it("for any total_count, and any value in place of the page", () => {
      fc.assert(fc.property(fc.array(wireKey, { maxLength: 2 }), anyValue, anyValue, (keys, totalCount, body) => {
        const page = pageOf(keys, totalCount)
        expect(outcome(Operations.list.decode(page))).toStrictEqual(outcome(bySchema.list(page)))
        expect(outcome(Operations.list.decode(body))).toStrictEqual(outcome(bySchema.list(body)))
        expect(outcome(Operations.get.decode(body))).toStrictEqual(outcome(bySchema.get(body)))
      }))
    })

    it("for the answers of delete, which the Schema decodes alone", () => {
      fc.assert(fc.property(anyValue, (body) => {
        const wrapped = { deleted: body }
        const schema = Schema.decodeUnknownEither(ByokKey.DeleteByokKeyResponse)
        expect(outcome(Operations.del.decode(wrapped))).toStrictEqual(outcome(schema(wrapped)))
      }))
    })
  })

  it("takes the plain check, not the Schema, for every valid credential", () => {
    fc.assert(fc.property(wireKeyWithUnknownFields, ([key, unknown]) => {
      expect(isWireKey({ ...unknown, ...key })).toBe(true)
    }))
  })

  describe("the wire-name tables", () => {
    const jsonNamesOf = (schema: Schema.Schema.AnyNoContext) =>
      (Schema.encodedSchema(schema).ast as unknown as { readonly propertySignatures: ReadonlyArray<{ name: string }> })
        .propertySignatures.map((property) => property.name)

    it("name every field of the credential, in the Schema's order, with the Schema's JSON name", () => {
      expect(Object.keys(byokKeyWireNames)).toStrictEqual(Object.keys(ByokKey.ByokKey.fields))
      expect(Object.values(byokKeyWireNames)).toStrictEqual(jsonNamesOf(ByokKey.ByokKey))
    })

    it("name every field of a page, in the Schema's order, with the Schema's JSON name", () => {
      expect(Object.keys(listWireNames)).toStrictEqual(Object.keys(ByokKey.ListByokKeysResponse.fields))
      expect(Object.values(listWireNames)).toStrictEqual(jsonNamesOf(ByokKey.ListByokKeysResponse))
    })
  })
})
