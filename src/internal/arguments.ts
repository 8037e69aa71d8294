import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { excerpt } from "openrouter-byok-core"
import { ByokKeyId, type ListParams, ListParams as ListParamsSchema } from "../ByokKey.js"
import { InvalidRequest } from "../OpenRouterByokError.js"
import { describeIssue, firstIssue } from "./parseIssue.js"

// Argument checks shared by the HTTP client and the in-memory test layer, so both refuse the
// same arguments with the same `InvalidRequest`, before anything is sent. Bodies are checked
// as they are encoded (request.ts).

const decodeListParams = Schema.decodeUnknownEither(ListParamsSchema)
const decodeId = Schema.decodeUnknownEither(ByokKeyId)

/**
 * Why a caller's value is refused, cut to length as server text is: a 100,000-character name
 * must not make an error as long. The caller's values hold no secret to redact first: a
 * provider key is refused before its Schema sees it.
 *
 * @internal
 */
export const refusal = (error: ParseResult.ParseError): string => excerpt(describeIssue(firstIssue(error)))

const validated = <A>(operation: string, result: Either.Either<A, ParseResult.ParseError>) =>
  Either.isRight(result)
    ? Effect.succeed(result.right)
    : Effect.fail(new InvalidRequest({ operation, reason: refusal(result.left) }))

/** @internal */
export const listParams = (operation: string, params: ListParams | undefined) =>
  validated(operation, decodeListParams(params ?? {}))

/** @internal */
export const keyId = (operation: string, id: string) => validated(operation, decodeId(id))

/**
 * A provider key must arrive as a `Redacted` string (required on create, optional on update):
 * a plain string, or a `Redacted` of anything else, would be refused by the body's Schema with
 * a message that quotes it, so it is refused here first, without quoting it. So is an input
 * that is not an object at all (it may be the raw key, passed in the wrong place).
 *
 * @internal
 */
export const providerKey = (
  operation: string,
  input: unknown,
  required: boolean
): Effect.Effect<void, InvalidRequest> => {
  if (typeof input !== "object" || input === null) {
    const what = input === null ? "null" : typeof input
    return Effect.fail(new InvalidRequest({ operation, reason: `expected an object, not ${what}` }))
  }
  const key = (input as { readonly key?: unknown }).key
  if (key === undefined && !required) return Effect.void
  return Redacted.isRedacted(key) && typeof Redacted.value(key) === "string"
    ? Effect.void
    : Effect.fail(new InvalidRequest({ operation, reason: "key must be a Redacted string (use Redacted.make)" }))
}
