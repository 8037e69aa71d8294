import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Struct from "effect/Struct"
import { type DocumentedStatus, isRedirect, redirectOrigin, retryAfterMillis } from "openrouter-byok-core"
import { ApiErrorDetail } from "../ByokKey.js"
import { DecodeError, fromStatus, type StatusErrorOf, type TransportError } from "../OpenRouterByokError.js"
import type { Operation } from "./operation.js"
import { firstIssue } from "./parseIssue.js"
import { transportError } from "./transport.js"

/** @internal */
export type AnswerError<S extends DocumentedStatus> = StatusErrorOf<S> | TransportError | DecodeError

/**
 * Reads a whole answer into the operation's decoded success value, or into the error of its
 * status (with the body's `error` object and any `Retry-After`).
 *
 * @internal
 */
export const readAnswer = <A, S extends DocumentedStatus>(
  response: HttpClientResponse.HttpClientResponse,
  request: string,
  operation: Operation<any, any, A, S>
): Effect.Effect<A, AnswerError<S>> =>
  Effect.flatMap(
    // A body that cannot be read to its end was cut off in transit: a transport fault, not a decoding one.
    Effect.mapError(response.text, (error) => transportError(request, error, "BodyIncomplete")),
    (text): Effect.Effect<A, AnswerError<S>> => {
      const status = response.status
      if (status >= 200 && status < 300) {
        if (status === noContentStatus && operation.noContent !== undefined) return Effect.succeed(operation.noContent)
        const json = parseJson(text)
        if (Result.isFailure(json)) {
          return Effect.fail(new DecodeError({ request, status, path: "", reason: json.failure }))
        }
        const decoded = operation.decode(json.success)
        return Result.isSuccess(decoded)
          ? Effect.succeed(decoded.success)
          : Effect.fail(decodeError(request, status, decoded.failure))
      }
      return Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const retryAfter = retryAfterMillis(response.headers, now)
        const detail = errorDetail(text)
        return Effect.fail(fromStatus(operation.documented, {
          status,
          request,
          ...(detail?.code === undefined ? {} : { code: detail.code }),
          ...(detail?.message === undefined ? {} : { serverMessage: detail.message }),
          ...(detail?.metadata == null ? {} : { metadata: detail.metadata }),
          ...(retryAfter === undefined ? {} : { retryAfterMillis: retryAfter }),
          ...(isRedirect(status) ? redirectField(response) : {})
        }))
      })
    }
  )

const noContentStatus = 204

/** Where a redirect points, as an origin only (a path or query could carry anything). */
const redirectField = (response: HttpClientResponse.HttpClientResponse) => {
  const location = redirectOrigin(response.headers["location"], response.request.url)
  return location === undefined ? {} : { location }
}

const parseJson = (text: string): Result.Result<unknown, string> => {
  try {
    return Result.succeed(JSON.parse(text))
  } catch (error) {
    return Result.fail(`the body is not JSON (${(error as Error).message})`)
  }
}

// Only `error` is read, and each of its fields on its own: a field of an unexpected type (a
// sibling of `error`, a metadata array, a code a newer server spells as a string) must not
// cost the error the fields that are as documented.
const readCode = Schema.decodeUnknownOption(ApiErrorDetail.mapFields(Struct.pick(["code"])))
const readMessage = Schema.decodeUnknownOption(ApiErrorDetail.mapFields(Struct.pick(["message"])))
const readMetadata = Schema.decodeUnknownOption(ApiErrorDetail.mapFields(Struct.pick(["metadata"])))

/** What a non-2xx body holds of the documented `error` object; nothing of anything else (an HTML page from a proxy). */
const errorDetail = (text: string) => {
  const json = parseJson(text)
  if (Result.isFailure(json)) return undefined
  const body = json.success
  const error: unknown = typeof body === "object" && body !== null && "error" in body ? body.error : undefined
  return {
    code: Option.getOrUndefined(readCode(error))?.code,
    message: Option.getOrUndefined(readMessage(error))?.message,
    metadata: Option.getOrUndefined(readMetadata(error))?.metadata
  }
}

/** @internal */
export const decodeError = (request: string, status: number, error: Schema.SchemaError): DecodeError => {
  const issue = firstIssue(error)
  // Cut to length with the other texts, once the secrets are redacted (serverText.ts).
  return new DecodeError({ request, status, path: issue.path, reason: issue.message })
}
