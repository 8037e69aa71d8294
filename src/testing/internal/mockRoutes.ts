import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import {
  ByokKeyResponse,
  CreateByokKeyInput,
  DeleteByokKeyResponse,
  maxPageSize,
  UpdateByokKeyPatch
} from "../../ByokKey.js"
import { describeIssue, firstIssue } from "../../internal/parseIssue.js"
import { apiErrorResponse } from "./apiErrorResponse.js"
import type { AuthorizationKind } from "./authorization.js"
import * as CredentialStore from "./credentialStore.js"
import { listAnswer, type MisbehaviourSetting, storeQuery } from "./misbehaviour.js"

/**
 * The page size the API uses when a request gives no `limit` (the spec's default; the client
 * always sends one).
 *
 * @internal
 */
export const serverDefaultLimit = 50

/** The longest id `ByokKeyId` accepts, counted as the router counts a decoded path parameter. */
const maxIdLength = 255

/** @internal */
export interface RoutesOptions {
  readonly store: CredentialStore.CredentialStore
  readonly shape: CredentialStore.ResponseShape
  readonly authorizationOf: (header: string | undefined) => AuthorizationKind
  readonly misbehaviour: MisbehaviourSetting
}

const encodeKey = HttpServerResponse.schemaJson(ByokKeyResponse)
const encodeDeleted = HttpServerResponse.schemaJson(DeleteByokKeyResponse)
const decodeCreate = Schema.decodeUnknownEither(CreateByokKeyInput)
const decodeUpdate = Schema.decodeUnknownEither(UpdateByokKeyPatch)

type Rejected = CredentialStore.Rejection<400 | 404>

const rejectionResponse = (rejection: Rejected) => apiErrorResponse(rejection.status, rejection.message)

// ---------------------------------------------------------------------------------------------
// Reading requests
// ---------------------------------------------------------------------------------------------

const listQueryParameters = ["offset", "limit", "workspace_id", "provider"] as const

const integerParameter = (
  params: URLSearchParams,
  name: string,
  min: number,
  max: number
): Either.Either<number | undefined, Rejected> => {
  const raw = params.get(name)
  if (raw === null) return Either.right(undefined)
  const value = Number(raw)
  return /^\d+$/.test(raw) && Number.isSafeInteger(value) && value >= min && value <= max
    ? Either.right(value)
    : Either.left(CredentialStore.badRequest(
      max === Number.MAX_SAFE_INTEGER
        ? `${name} must be an integer of at least ${min}`
        : `${name} must be an integer between ${min} and ${max}`
    ))
}

const textParameter = (params: URLSearchParams, name: string): Either.Either<string | undefined, Rejected> => {
  const raw = params.get(name)
  return raw === ""
    ? Either.left(CredentialStore.badRequest(`${name} must not be empty`))
    : Either.right(raw ?? undefined)
}

/** The query of `GET /byok`, checked as the spec declares it. */
const parseListQuery = (params: URLSearchParams): Either.Either<CredentialStore.ListQuery, Rejected> =>
  Either.gen(function*() {
    const repeated = listQueryParameters.find((name) => params.getAll(name).length > 1)
    if (repeated !== undefined) {
      return yield* Either.left(CredentialStore.badRequest(`${repeated} must be given at most once`))
    }
    const offset = yield* integerParameter(params, "offset", 0, Number.MAX_SAFE_INTEGER)
    const limit = yield* integerParameter(params, "limit", 1, maxPageSize)
    const workspaceId = yield* textParameter(params, "workspace_id")
    const provider = yield* textParameter(params, "provider")
    return { offset: offset ?? 0, limit: limit ?? serverDefaultLimit, workspaceId, provider }
  })

/**
 * What is wrong with a body, without quoting the raw provider key: a `key` that fails its
 * check is described, never echoed.
 */
const describeBodyError = (error: ParseResult.ParseError): string => {
  const issue = firstIssue(error)
  return issue.path === "key" ? "key must be a non-empty string" : describeIssue(issue)
}

/** The JSON object body of a `POST` or `PATCH`, decoded with the library's request Schema. */
const readBody = <A>(decode: (body: unknown) => Either.Either<A, ParseResult.ParseError>) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const text = yield* Effect.orElseSucceed(request.text, () => "")
    const json = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: () => CredentialStore.badRequest("the body is not valid JSON")
    })
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return yield* Effect.fail(CredentialStore.badRequest("the body must be a JSON object"))
    }
    return yield* Either.mapLeft(decode(json), (error) => CredentialStore.badRequest(describeBodyError(error)))
  })

const pathId = Effect.map(HttpRouter.params, (params) => params["id"] ?? "")

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

/**
 * The five BYOK operations under `/api/v1`, as the spec describes them, behind bearer-token
 * authentication. Every body is encoded with the library's Schemas.
 *
 * @internal
 */
export const makeApp = (options: RoutesOptions): HttpApp.Default<never, HttpServerRequest.HttpServerRequest> => {
  const { shape, store } = options
  const present = (key: CredentialStore.CompleteByokKey) => CredentialStore.present(key, shape)

  const listKeys = Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const query = yield* parseListQuery(new URL(request.url, "http://mock.invalid").searchParams)
    const page = yield* store.list(storeQuery(options.misbehaviour, query))
    return listAnswer(options.misbehaviour, query.offset, page.data.map(present), page.totalCount)
  })

  const getKey = Effect.gen(function*() {
    const key = yield* store.get(yield* pathId)
    return yield* encodeKey({ data: present(key) })
  })

  const createKey = Effect.gen(function*() {
    const input = yield* readBody(decodeCreate)
    const key = yield* store.create(input)
    return yield* encodeKey({ data: present(key) }, { status: 201 })
  })

  const updateKey = Effect.gen(function*() {
    const id = yield* pathId
    // An unknown id is a 404 whatever the body says.
    yield* store.get(id)
    const patch = yield* readBody(decodeUpdate)
    const key = yield* store.update(id, patch)
    return yield* encodeKey({ data: present(key) })
  })

  const deleteKey = Effect.gen(function*() {
    yield* store.delete(yield* pathId)
    return yield* encodeDeleted({ deleted: true })
  })

  /** A handler whose refusals become the API's error answers; an encoding failure is a bug of the mock. */
  const handler = <R>(effect: Effect.Effect<HttpServerResponse.HttpServerResponse, Rejected | unknown, R>) =>
    effect.pipe(
      Effect.catchIf(
        (error): error is Rejected =>
          typeof error === "object" && error !== null && "_tag" in error && error._tag === "Rejection",
        rejectionResponse
      ),
      Effect.orDie
    )

  const router = HttpRouter.empty.pipe(
    HttpRouter.get("/byok", handler(listKeys)),
    HttpRouter.post("/byok", handler(createKey)),
    HttpRouter.get("/byok/:id", handler(getKey)),
    HttpRouter.patch("/byok/:id", handler(updateKey)),
    HttpRouter.del("/byok/:id", handler(deleteKey)),
    HttpRouter.prefixAll("/api/v1")
  )

  // The router's default refuses a path parameter over 100 characters; a credential's id may have 255.
  const routed = Effect.catchTag(
    HttpRouter.withRouterConfig(router, { maxParamLength: maxIdLength }),
    "RouteNotFound",
    () => apiErrorResponse(404, "Not Found")
  )

  return Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    switch (options.authorizationOf(request.headers["authorization"])) {
      case "management":
        return routed
      case "non-management":
        return apiErrorResponse(403, "Only management keys can perform this operation")
      case "missing":
        return apiErrorResponse(401, "Missing Authentication header")
      case "invalid":
        return apiErrorResponse(401, "Invalid API key")
    }
  })
}
