import { defaultPageSizeOfApi, listQueryWireNames as names, maxPageSize } from "openrouter-byok-core"
import { badRequest, type ListQuery, type StoreResult } from "./credentialStore.js"

type Checked<A> = StoreResult<A, 400>

const integerParameter = (
  params: URLSearchParams,
  name: string,
  min: number,
  max: number
): Checked<number | undefined> => {
  const raw = params.get(name)
  if (raw === null) return { ok: true, value: undefined }
  const value = Number(raw)
  if (/^\d+$/.test(raw) && Number.isSafeInteger(value) && value >= min && value <= max) return { ok: true, value }
  return {
    ok: false,
    rejection: badRequest(
      max === Number.MAX_SAFE_INTEGER
        ? `${name} must be an integer of at least ${min}`
        : `${name} must be an integer between ${min} and ${max}`
    )
  }
}

const textParameter = (params: URLSearchParams, name: string): Checked<string | undefined> => {
  const raw = params.get(name)
  return raw === ""
    ? { ok: false, rejection: badRequest(`${name} must not be empty`) }
    : { ok: true, value: raw ?? undefined }
}

/** The query of `GET /byok`, checked as the API document declares it, with the API's defaults. */
export const readListQuery = (params: URLSearchParams): Checked<ListQuery> => {
  const repeated = Object.values(names).find((name) => params.getAll(name).length > 1)
  if (repeated !== undefined) return { ok: false, rejection: badRequest(`${repeated} must be given at most once`) }
  const offset = integerParameter(params, names.offset, 0, Number.MAX_SAFE_INTEGER)
  if (!offset.ok) return offset
  const limit = integerParameter(params, names.limit, 1, maxPageSize)
  if (!limit.ok) return limit
  const workspaceId = textParameter(params, names.workspaceId)
  if (!workspaceId.ok) return workspaceId
  const provider = textParameter(params, names.provider)
  if (!provider.ok) return provider
  return {
    ok: true,
    value: {
      offset: offset.value ?? 0,
      limit: limit.value ?? defaultPageSizeOfApi,
      workspaceId: workspaceId.value,
      provider: provider.value
    }
  }
}
