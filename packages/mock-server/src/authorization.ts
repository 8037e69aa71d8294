import type { AuthorizationKind } from "./requestLog.js"

/** The keys a server accepts. */
export interface AcceptedKeys {
  readonly managementKey: string
  readonly nonManagementKeys: ReadonlyArray<string>
}

/**
 * What kind of key an `Authorization` header holds, so the server can answer 401 or 403 and
 * the request log can say it without keeping the key itself.
 */
export const classifyAuthorization = (keys: AcceptedKeys) => (header: string | undefined): AuthorizationKind => {
  if (header === undefined || header.trim() === "") return "missing"
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (match === null) return "invalid"
  const token = match[1]!
  if (token === keys.managementKey) return "management"
  return keys.nonManagementKeys.includes(token) ? "non-management" : "invalid"
}
