import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { type DocumentedStatus } from "openrouter-byok-core"
import type { DecodeError, InvalidRequest, StatusErrorOf, TransportError } from "../OpenRouterByokError.js"
import type { RetryRule } from "./retryPolicy.js"

/**
 * One operation of the API, described once: everything the client, the error types and the
 * retry policy need to know of it.
 *
 * @internal
 */
export interface Operation<Args, Body, A, S extends DocumentedStatus> {
  /** The span name, and the operation an `InvalidRequest` names. */
  readonly name: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  readonly path: (args: Args) => string
  readonly query?: ((args: Args) => Record<string, string | number>) | undefined
  /** The request body's Schema: its Type is what the caller passes, its Encoded what is sent. */
  readonly body?: Schema.Codec<Body, unknown> | undefined
  readonly success: Schema.Codec<A, unknown>
  /** The error statuses the API documents for it; any other non-2xx is `UnexpectedStatus`. */
  readonly statuses: ReadonlyArray<S>
  readonly retry: RetryRule
  /** For `transientThenGoneIsDone`: the success a 404 after an attempt that may have applied stands for. */
  readonly gone?: A | undefined
  /** The success a 204 No Content stands for, where HTTP allows one; elsewhere a 204 carries no data, a `DecodeError`. */
  readonly noContent?: A | undefined
  readonly documented: ReadonlySet<S>
  readonly decode: (body: unknown) => Result.Result<A, Schema.SchemaError>
  readonly encodeBody: (body: Body) => Result.Result<unknown, Schema.SchemaError>
}

/** @internal */
export const operation = <Args, A, S extends DocumentedStatus, Body = never>(
  description: Omit<Operation<Args, Body, A, S>, "documented" | "decode" | "encodeBody">
): Operation<Args, Body, A, S> => {
  const encode = description.body === undefined ? undefined : Schema.encodeUnknownResult(description.body)
  return {
    ...description,
    documented: new Set(description.statuses),
    decode: Schema.decodeUnknownResult(description.success),
    encodeBody: (body) => encode === undefined ? Result.succeed(undefined) : encode(body)
  }
}

/**
 * What an operation can fail with: its documented statuses' errors, `UnexpectedStatus`, and
 * the errors every operation has.
 *
 * @internal
 */
export type ErrorOf<O> = O extends { readonly statuses: ReadonlyArray<infer S extends DocumentedStatus> }
  ? StatusErrorOf<S> | InvalidRequest | TransportError | DecodeError
  : never
