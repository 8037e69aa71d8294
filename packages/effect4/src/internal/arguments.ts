import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { excerpt } from "openrouter-byok-core"
import { ByokKeyId, type ListParams, ListParams as ListParamsSchema } from "../ByokKey.js"
import { InvalidRequest } from "../OpenRouterByokError.js"
import { describeIssue, firstIssue } from "./parseIssue.js"

// Argument checks, so that bad arguments are refused with an `InvalidRequest` before anything
// is sent. Bodies are checked as they are encoded (request.ts).

const decodeListParams = Schema.decodeUnknownResult(ListParamsSchema)
const decodeId = Schema.decodeUnknownResult(ByokKeyId)

/**
 * Why a caller's value is refused, cut to length as server text is: a 100,000-character name
 * must not make an error as long.
 *
 * @internal
 */
export const refusal = (error: Schema.SchemaError): string => excerpt(describeIssue(firstIssue(error)))

const validated = <A>(operation: string, result: Result.Result<A, Schema.SchemaError>) =>
  Result.isSuccess(result)
    ? Effect.succeed(result.success)
    : Effect.fail(new InvalidRequest({ operation, reason: refusal(result.failure) }))

/** @internal */
export const listParams = (operation: string, params: ListParams | undefined) =>
  validated(operation, decodeListParams(params ?? {}))

/** @internal */
export const keyId = (operation: string, id: string) => validated(operation, decodeId(id))

/**
 * A provider key must arrive as a `Redacted` string (required on create, optional on update):
 * a plain string, or a `Redacted` of anything else, is refused here, without quoting it. So is
 * an input that is not an object at all (it may be the raw key, passed in the wrong place).
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
