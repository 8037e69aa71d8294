import {
  ByokKeyResponse,
  CreateByokKeyInput,
  DeleteByokKeyResponse,
  ListByokKeysResponse,
  type ListParams,
  UpdateByokKeyPatch
} from "../ByokKey.js"
import { operation } from "./operation.js"

// The five operations of the BYOK API: each described once, with the statuses the API
// document lists for it.

const byokPath = (id: string) => `/byok/${encodeURIComponent(id)}`

/** One page of a listing: the checked parameters and where the page starts. */
export interface PageRequest {
  readonly params: ListParams
  readonly offset: number
  readonly limit: number
}

/** @internal */
export const list = operation({
  name: "OpenRouterByok.list",
  method: "GET",
  path: (_: PageRequest) => "/byok",
  query: ({ limit, offset, params }) => ({
    offset,
    limit,
    ...(params.workspaceId === undefined ? {} : { workspace_id: params.workspaceId }),
    ...(params.provider === undefined ? {} : { provider: params.provider })
  }),
  success: ListByokKeysResponse,
  statuses: [400, 401, 403, 429, 500],
  retry: "transient"
})

/** @internal */
export const get = operation({
  name: "OpenRouterByok.get",
  method: "GET",
  path: byokPath,
  success: ByokKeyResponse,
  statuses: [401, 403, 404, 429, 500],
  retry: "transient"
})

/** @internal */
export const create = operation({
  name: "OpenRouterByok.create",
  method: "POST",
  path: (_: void) => "/byok",
  body: CreateByokKeyInput,
  success: ByokKeyResponse,
  statuses: [400, 401, 403, 429, 500],
  retry: "certainlyNotApplied"
})

/** @internal */
export const update = operation({
  name: "OpenRouterByok.update",
  method: "PATCH",
  path: byokPath,
  body: UpdateByokKeyPatch,
  success: ByokKeyResponse,
  statuses: [400, 401, 403, 404, 429, 500],
  retry: "transient"
})

/** What a delete answers: the credential is gone. */
const deleted = { deleted: true } as const

/** @internal */
export const del = operation({
  name: "OpenRouterByok.delete",
  method: "DELETE",
  path: byokPath,
  success: DeleteByokKeyResponse,
  statuses: [401, 403, 404, 429, 500],
  retry: "transientThenGoneIsDone",
  gone: deleted,
  // The API answers 200 with a body; HTTP lets a delete answer 204 instead, as a proxy or a newer server may.
  noContent: deleted
})
