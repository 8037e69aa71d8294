import type * as HttpClientError from "@effect/platform/HttpClientError"
import { transportFailureOf } from "openrouter-byok-core"
import { TransportError, type TransportFailure } from "../OpenRouterByokError.js"

/**
 * Maps what the HTTP stack failed with to a `TransportError`, keeping only codes and messages
 * (never the request, whose headers hold the API key).
 *
 * @internal
 */
export const transportError = (
  label: string,
  error: HttpClientError.HttpClientError | unknown,
  reason?: TransportFailure
): TransportError => {
  const { description, refused } = transportFailureOf(error)
  return new TransportError({
    reason: reason ?? (refused ? "ConnectionRefused" : "ConnectionLost"),
    request: label,
    ...(description === "" ? {} : { description })
  })
}
