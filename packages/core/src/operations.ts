// The five operations of the BYOK API, each described once with the statuses the API document
// lists for it and its retry rule. Each edition adds its Schemas for the body and the answer.
import { listQueryWireNames } from "./wireNames.js"

/**
 * When a failed attempt may be sent again:
 *
 * - `transient`: after any transient failure (the request is idempotent);
 * - `certainlyNotApplied`: only where the request certainly did not take effect (`create`);
 * - `transientThenGoneIsDone`: after any transient failure, and a 404 after an attempt that
 *   may have applied is the success `gone` stands for (`delete`).
 */
export type RetryRule = "transient" | "certainlyNotApplied" | "transientThenGoneIsDone"

/** What a listing's page is asked with: the filters, and where the page starts. */
export interface PageQuery {
  readonly params: { readonly workspaceId?: string | undefined; readonly provider?: string | undefined }
  readonly offset: number
  readonly limit: number
}

const byokPath = (id: string) => `/byok/${encodeURIComponent(id)}`

/** What a delete answers: the credential is gone. */
const deleted = { deleted: true } as const

/** `GET /byok`: a page of credentials. */
export const listOperation = {
  name: "OpenRouterByok.list",
  method: "GET",
  path: (_: PageQuery) => "/byok",
  query: ({ limit, offset, params }: PageQuery): Record<string, string | number> => ({
    offset,
    limit,
    ...(params.workspaceId === undefined ? {} : { [listQueryWireNames.workspaceId]: params.workspaceId }),
    ...(params.provider === undefined ? {} : { [listQueryWireNames.provider]: params.provider })
  }),
  statuses: [400, 401, 403, 429, 500],
  retry: "transient"
} as const

/** `GET /byok/{id}`: one credential. */
export const getOperation = {
  name: "OpenRouterByok.get",
  method: "GET",
  path: byokPath,
  statuses: [401, 403, 404, 429, 500],
  retry: "transient"
} as const

/** `POST /byok`: store a new credential. */
export const createOperation = {
  name: "OpenRouterByok.create",
  method: "POST",
  path: (_: void) => "/byok",
  statuses: [400, 401, 403, 429, 500],
  retry: "certainlyNotApplied"
} as const

/** `PATCH /byok/{id}`: change (or rotate) a credential. */
export const updateOperation = {
  name: "OpenRouterByok.update",
  method: "PATCH",
  path: byokPath,
  statuses: [400, 401, 403, 404, 429, 500],
  retry: "transient"
} as const

/** `DELETE /byok/{id}`: remove a credential. */
export const deleteOperation = {
  name: "OpenRouterByok.delete",
  method: "DELETE",
  path: byokPath,
  statuses: [401, 403, 404, 429, 500],
  retry: "transientThenGoneIsDone",
  gone: deleted,
  // The API answers 200 with a body; HTTP lets a delete answer 204 instead, as a proxy or a newer server may.
  noContent: deleted
} as const

/**
 * `METHOD url?query`: how an error names the request it was about (no headers, so no secret).
 * `search` is the query string as the HTTP stack encodes it, without its `?`.
 */
export const requestLabel = (method: string, url: string, search = ""): string =>
  `${method} ${url}${search === "" ? "" : `?${search}`}`
