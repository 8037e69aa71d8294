/**
 * A mock of OpenRouter's BYOK management API on `node:http`, for tests and demos from any
 * client: seeded credentials, the API's rules, faults, misbehaviours and a request log that
 * never holds a secret. Imports nothing from Effect.
 */
export { type ByokKey, type CompleteByokKey, present, type ResponseShape } from "./byokKey.js"
export * as ByokKeyFixtures from "./ByokKeyFixtures.js"
export {
  type CredentialPatch,
  CredentialStore,
  type CredentialStoreOptions,
  type ListQuery,
  type ListResult,
  type NewCredential,
  type Rejection,
  type StoreResult
} from "./credentialStore.js"
export {
  type Answer,
  defaultTransientFaults,
  type Fault,
  type FaultOptions,
  jsonAnswer,
  type ScriptedOutcome,
  type TransientFault
} from "./faultPlan.js"
export type { Misbehaviour } from "./misbehaviour.js"
export { type AuthorizationKind, type Counters, countersOf, formatRequest, type LoggedRequest } from "./requestLog.js"
export { defaultApiKey, type MockServerHandle, start, type StartOptions } from "./server.js"
