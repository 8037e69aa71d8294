import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import { ApiErrorResponse } from "../../ByokKey.js"

const encodeErrorBody = HttpServerResponse.schemaJson(ApiErrorResponse)

/**
 * An error answer in the API's documented shape, `{"error":{"code":...,"message":...}}`,
 * encoded with the library's own Schema.
 *
 * @internal
 */
export const apiErrorResponse = (
  status: number,
  message: string,
  headers?: Readonly<Record<string, string>>
): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
  // The body is built here from an integer and a string, so it always encodes.
  Effect.orDie(
    encodeErrorBody({ error: { code: status, message } }, { status, ...(headers === undefined ? {} : { headers }) })
  )
