import {
  createOperation,
  deleteOperation,
  getOperation,
  listOperation,
  type PageQuery,
  updateOperation
} from "openrouter-byok-core"
import {
  ByokKeyResponse,
  CreateByokKeyInput,
  DeleteByokKeyResponse,
  ListByokKeysResponse,
  type ListParams,
  UpdateByokKeyPatch
} from "../ByokKey.js"
import { operation } from "./operation.js"
import { decodeKeyResponse, decodeList } from "./wireDecoding.js"

// The five operations of the BYOK API as the core describes them, each with the Schemas of
// this edition for its body and its answer.

/** One page of a listing: the checked parameters and where the page starts. */
export interface PageRequest extends PageQuery {
  readonly params: ListParams
}

/** @internal */
export const list = operation({
  ...listOperation,
  path: (_: PageRequest) => "/byok",
  success: ListByokKeysResponse,
  decode: decodeList
})

/** @internal */
export const get = operation({ ...getOperation, success: ByokKeyResponse, decode: decodeKeyResponse })

/** @internal */
export const create = operation({
  ...createOperation,
  body: CreateByokKeyInput,
  success: ByokKeyResponse,
  decode: decodeKeyResponse
})

/** @internal */
export const update = operation({
  ...updateOperation,
  body: UpdateByokKeyPatch,
  success: ByokKeyResponse,
  decode: decodeKeyResponse
})

/** @internal */
export const del = operation({ ...deleteOperation, success: DeleteByokKeyResponse })
