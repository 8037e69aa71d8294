import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import { type DocumentedStatus, requestLabel } from "openrouter-byok-core"
import { present, type Rejection } from "openrouter-byok-mock-server"
import { type ByokKeyPage, CreateByokKeyInput, type ListParams, UpdateByokKeyPatch } from "../../ByokKey.js"
import * as Arguments from "../../internal/arguments.js"
import type { Operation as Description } from "../../internal/operation.js"
import * as Operations from "../../internal/operations.js"
import { listPages, serviceFrom } from "../../internal/pagination.js"
import { encodeBody } from "../../internal/request.js"
import type * as OpenRouterByok from "../../OpenRouterByok.js"
import { fromStatus, type StatusErrorOf } from "../../OpenRouterByokError.js"
import type * as OpenRouterByokTest from "../OpenRouterByokTest.js"
import * as CredentialStore from "./credentialStore.js"

type Operation = OpenRouterByokTest.Operation
type OperationErrors = OpenRouterByokTest.OperationErrors

interface InjectedFailure {
  readonly operation: Operation
  readonly error: OperationErrors[Operation]
}

/** How the client names the request in an error, without the host (there is none in memory). */
const labelOf = <Args>(
  operation: Pick<Description<Args, unknown, unknown, DocumentedStatus>, "method" | "path" | "query">,
  args: Args
): string => {
  const query = operation.query?.(args) ?? {}
  return requestLabel(
    operation.method,
    operation.path(args),
    new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)])).toString()
  )
}

/** A refusal of the store, as the error the HTTP client would have returned for that answer. */
const statusError = <S extends 400 | 404>(request: string) => (rejection: Rejection<S>): StatusErrorOf<S> =>
  fromStatus(new Set([rejection.status]), {
    status: rejection.status,
    request,
    code: rejection.status,
    serverMessage: rejection.message
  })

// The store gets what the server would have received: the body the client would send, decoded
// again, so properties outside the schema are dropped exactly as on the HTTP path. It was just
// encoded by the same Schema, so decoding cannot fail.
const receivedCreate = (body: unknown) => Effect.orDie(Schema.decodeUnknown(CreateByokKeyInput)(body))
const receivedUpdate = (body: unknown) => Effect.orDie(Schema.decodeUnknown(UpdateByokKeyPatch)(body))

/** The patch as the store takes it: the raw key it rotates to, if any, out of its `Redacted`. */
const storePatch = ({ key, ...fields }: UpdateByokKeyPatch) => ({
  ...fields,
  ...(key === undefined ? {} : { key: Redacted.value(key) })
})

/** @internal */
export const make = (options: OpenRouterByokTest.Options): Effect.Effect<OpenRouterByokTest.Service> =>
  Effect.gen(function*() {
    const shape = options.shape ?? "newest"
    const store = yield* CredentialStore.make(options)
    const requests = yield* Ref.make<ReadonlyArray<OpenRouterByokTest.RecordedRequest>>([])
    const injected = yield* Ref.make<ReadonlyArray<InjectedFailure>>([])

    const takeInjected = <O extends Operation>(operation: O) =>
      Ref.modify(injected, (queue): [Option.Option<OperationErrors[O]>, ReadonlyArray<InjectedFailure>] => {
        const index = queue.findIndex((failure) => failure.operation === operation)
        return index === -1
          ? [Option.none(), queue]
          : [Option.some(queue[index]!.error as OperationErrors[O]), queue.filter((_, i) => i !== index)]
      })

    /** What a request that reached the server goes through: it is recorded, then answered or failed as injected. */
    const serve = <A, E, O extends Operation>(
      request: OpenRouterByokTest.RecordedRequest & { readonly operation: O },
      answer: Effect.Effect<A, E>
    ): Effect.Effect<A, E | OperationErrors[O]> =>
      Effect.zipRight(
        Ref.update(requests, (log) => [...log, request]),
        Effect.flatMap(
          takeInjected(request.operation),
          Option.match({
            onNone: (): Effect.Effect<A, E | OperationErrors[O]> => answer,
            onSome: (error) => Effect.fail(error)
          })
        )
      )

    const listPage = (params: ListParams, offset: number, limit: number) => {
      const request = {
        operation: "list",
        offset,
        limit,
        ...(params.workspaceId === undefined ? {} : { workspaceId: params.workspaceId }),
        ...(params.provider === undefined ? {} : { provider: params.provider })
      } as const
      return serve(
        request,
        Effect.mapError(
          CredentialStore.run(() =>
            store.list({ workspaceId: params.workspaceId, provider: params.provider, offset, limit })
          ),
          statusError(labelOf(Operations.list, { params, offset, limit }))
        )
      ).pipe(Effect.map((result): ByokKeyPage => ({
        data: result.data.map((key) => present(key, shape)),
        totalCount: result.totalCount,
        offset,
        limit
      })))
    }

    const list = (params?: ListParams) => listPages(params, listPage)

    const get = Effect.fn("OpenRouterByokTest.get")(function*(id: string) {
      const valid = yield* Arguments.keyId(Operations.get.name, id)
      const key = yield* serve(
        { operation: "get", id: valid },
        Effect.mapError(CredentialStore.run(() => store.get(valid)), statusError(labelOf(Operations.get, valid)))
      )
      return present(key, shape)
    })

    const create = Effect.fn("OpenRouterByokTest.create")(function*(input: CreateByokKeyInput) {
      yield* Arguments.providerKey(Operations.create.name, input, true)
      const sent = yield* Effect.flatMap(encodeBody(Operations.create, input), receivedCreate)
      const key = yield* serve(
        { operation: "create", input },
        Effect.mapError(
          CredentialStore.run(() => store.create({ ...sent, key: Redacted.value(sent.key) })),
          statusError(labelOf(Operations.create, undefined))
        )
      )
      return present(key, shape)
    })

    const update = Effect.fn("OpenRouterByokTest.update")(function*(id: string, patch: UpdateByokKeyPatch) {
      const valid = yield* Arguments.keyId(Operations.update.name, id)
      yield* Arguments.providerKey(Operations.update.name, patch, false)
      const sent = yield* Effect.flatMap(encodeBody(Operations.update, patch), receivedUpdate)
      const key = yield* serve(
        { operation: "update", id: valid, patch },
        Effect.mapError(
          CredentialStore.run(() => store.update(valid, storePatch(sent))),
          statusError(labelOf(Operations.update, valid))
        )
      )
      return present(key, shape)
    })

    const del = Effect.fn("OpenRouterByokTest.delete")(function*(id: string) {
      const valid = yield* Arguments.keyId(Operations.del.name, id)
      yield* serve(
        { operation: "delete", id: valid },
        Effect.mapError(
          CredentialStore.run(() => store.delete(valid)),
          statusError(labelOf(Operations.del, valid))
        )
      )
    })

    const client: OpenRouterByok.Service = serviceFrom({ list, get, create, update, delete: del })

    return {
      client,
      requests: Ref.get(requests),
      clearRequests: Ref.set(requests, []),
      keys: Effect.sync(() => store.keys().map((key) => present(key, shape))),
      providerKeyOf: (id) => Effect.sync(() => Option.map(Option.fromNullable(store.providerKeyOf(id)), Redacted.make)),
      failNext: (operation, error) => Ref.update(injected, (queue) => [...queue, { operation, error }])
    }
  })
