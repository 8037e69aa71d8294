import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import {
  ByokKeyId,
  CreateByokKeyInput,
  type ListParams,
  ListParams as ListParamsSchema,
  UpdateByokKeyPatch
} from "../ByokKey.js"
import { InvalidRequest } from "../OpenRouterByokError.js"
import { describeIssue, firstIssue } from "./parseIssue.js"

// Argument checks shared by the HTTP client and the in-memory test layer, so both refuse the
// same arguments with the same `InvalidRequest`, before anything is sent.

const decodeListParams = Schema.decodeUnknownEither(ListParamsSchema)
const decodeId = Schema.decodeUnknownEither(ByokKeyId)
const encodeCreate = Schema.encodeEither(CreateByokKeyInput)
const encodeUpdate = Schema.encodeEither(UpdateByokKeyPatch)

const validated = <A>(operation: string, result: Either.Either<A, ParseResult.ParseError>) =>
  Either.isRight(result)
    ? Effect.succeed(result.right)
    : Effect.fail(new InvalidRequest({ operation, reason: describeIssue(firstIssue(result.left)) }))

/**
 * A provider key must arrive as a `Redacted`: a plain string would be refused by the schema
 * with a message that quotes it, so it is refused here first, without quoting it.
 */
const checkProviderKey = (operation: string, input: unknown, required: boolean) => {
  if (typeof input !== "object" || input === null) return Effect.void
  const key = (input as { readonly key?: unknown }).key
  if (key === undefined && !required) return Effect.void
  return Redacted.isRedacted(key)
    ? Effect.void
    : Effect.fail(new InvalidRequest({ operation, reason: "key must be a Redacted string (use Redacted.make)" }))
}

/** @internal */
export const listParams = (operation: string, params: ListParams | undefined) =>
  validated(operation, decodeListParams(params ?? {}))

/** @internal */
export const keyId = (operation: string, id: string) => validated(operation, decodeId(id))

/**
 * The `CreateBYOKKeyRequest` body (snake_case, the raw key in clear), or why the input is refused.
 *
 * @internal
 */
export const createBody = (operation: string, input: CreateByokKeyInput) =>
  Effect.zipRight(
    checkProviderKey(operation, input, true),
    validated(operation, encodeCreate(input))
  )

/**
 * The `UpdateBYOKKeyRequest` body (absent fields absent, `null` kept), or why the patch is refused.
 *
 * @internal
 */
export const updateBody = (operation: string, patch: UpdateByokKeyPatch) =>
  Effect.zipRight(
    checkProviderKey(operation, patch, false),
    validated(operation, encodeUpdate(patch))
  )
