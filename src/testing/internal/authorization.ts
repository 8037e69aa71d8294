import * as Redacted from "effect/Redacted"
import type * as MockServer from "../MockServer.js"

/** @internal */
export type AuthorizationKind = MockServer.LoggedRequest["authorization"]

/** @internal */
export interface Credentials {
  readonly managementKey: Redacted.Redacted<string>
  readonly nonManagementKeys: ReadonlyArray<Redacted.Redacted<string>>
}

/**
 * What kind of key an `Authorization` header holds, so the request log can say it without
 * keeping the key itself.
 *
 * @internal
 */
export const classify = (credentials: Credentials) => (header: string | undefined): AuthorizationKind => {
  if (header === undefined || header.trim() === "") return "missing"
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (match === null) return "invalid"
  const token = match[1]!
  if (token === Redacted.value(credentials.managementKey)) return "management"
  return credentials.nonManagementKeys.some((key) => Redacted.value(key) === token) ? "non-management" : "invalid"
}
