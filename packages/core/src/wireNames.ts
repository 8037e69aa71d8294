/**
 * The API's JSON names for the library's camelCase fields, and the renaming they drive.
 *
 * Each edition's Schemas take their JSON names from these tables, the client renames a body it
 * has validated with them, and the mock server writes credentials with them, so a name is
 * written once.
 */

/**
 * Every field of a credential, in the order of the `ByokKey` Schema, with its JSON name.
 */
export const byokKeyWireNames = {
  id: "id",
  provider: "provider",
  label: "label",
  name: "name",
  disabled: "disabled",
  workspaceId: "workspace_id",
  isFallback: "is_fallback",
  allowedModels: "allowed_models",
  allowedApiKeyHashes: "allowed_api_key_hashes",
  allowedUserIds: "allowed_user_ids",
  sortOrder: "sort_order",
  createdAt: "created_at",
  declaredZdr: "declared_zdr",
  isByokOnly: "is_byok_only",
  isRequired: "is_required",
  declaredRegion: "declared_region"
} as const

/**
 * Every field of a page of `GET /byok`, with its JSON name.
 */
export const listWireNames = {
  data: "data",
  totalCount: "total_count"
} as const

/**
 * Every query parameter of `GET /byok`, with its JSON name.
 */
export const listQueryWireNames = {
  offset: "offset",
  limit: "limit",
  workspaceId: "workspace_id",
  provider: "provider"
} as const

/**
 * The fields of a `create` or `update` body whose JSON name differs from the field's.
 */
export const writableWireNames = {
  workspaceId: byokKeyWireNames.workspaceId,
  isFallback: byokKeyWireNames.isFallback,
  isByokOnly: byokKeyWireNames.isByokOnly,
  isRequired: byokKeyWireNames.isRequired,
  declaredZdr: byokKeyWireNames.declaredZdr,
  declaredRegion: byokKeyWireNames.declaredRegion,
  allowedModels: byokKeyWireNames.allowedModels,
  allowedUserIds: byokKeyWireNames.allowedUserIds,
  allowedApiKeyHashes: byokKeyWireNames.allowedApiKeyHashes
} as const

/**
 * A validated JSON object with its fields renamed by `names` (field to JSON name), in the
 * table's order. A field absent from the JSON stays absent, as Schema leaves an absent
 * optional field; JSON names outside the table are dropped, as Schema drops unknown fields.
 */
export const renameFromWire = <Names extends Readonly<Record<string, string>>>(
  wire: Readonly<Record<string, unknown>>,
  names: Names
): Record<keyof Names, unknown> => {
  const renamed: Record<string, unknown> = {}
  for (const field of Object.keys(names)) {
    const wireName = names[field]!
    if (Object.hasOwn(wire, wireName)) renamed[field] = wire[wireName]
  }
  return renamed as Record<keyof Names, unknown>
}

/**
 * The JSON object for a value whose fields are renamed by `names` (field to JSON name), in the
 * table's order: the inverse of {@link renameFromWire}. An absent or `undefined` field stays
 * absent, as Schema encodes an absent optional field; fields outside the table are dropped.
 */
export const renameToWire = <Names extends Readonly<Record<string, string>>>(
  value: Readonly<Partial<Record<keyof Names, unknown>>>,
  names: Names
): Record<string, unknown> => {
  const wire: Record<string, unknown> = {}
  for (const field of Object.keys(names)) {
    const fieldValue = (value as Readonly<Record<string, unknown>>)[field]
    if (fieldValue !== undefined) wire[names[field]!] = fieldValue
  }
  return wire
}

/**
 * The fields of a credential the API added after its first release (`x-added-later` in the
 * API document): older servers, and the mock server's `legacy` shape, leave them out.
 */
export const addedLaterByokKeyFields = ["declaredZdr", "isByokOnly", "isRequired", "declaredRegion"] as const
