/**
 * The drills of both editions as Effect-free scenario tables, and the check both editions'
 * adapters run on what they observed.
 */
export { allowedApiUrls, refusedApiUrls } from "./apiUrls.js"
export { differences, matches } from "./differences.js"
export { apiKeyMarker, markers, providerKeyMarker } from "./markers.js"
export { type Operation, operations, tagOfStatus } from "./operations.js"
export * as ListingConcurrency from "./properties/listingConcurrency.js"
export { defaultMaxAttempts, defaultMaxRetries, defaultRequestTimeoutMillis, defaultRetryWaits } from "./retryPolicy.js"
export {
  type Call,
  type ClientPlan,
  type ClockPlan,
  type Containing,
  containing,
  elsewhereOrigin,
  type Exactly,
  exactly,
  type Expected,
  type ExpectedOutcome,
  type InterruptPlan,
  isSecret,
  type Observed,
  type OperationName,
  type Scenario,
  type Secret,
  secret,
  type ServerPlan,
  type Table,
  withSecrets
} from "./scenario.js"
export { badInput } from "./tables/badInput.js"
export { hostileServers } from "./tables/hostileServers.js"
export { interruption } from "./tables/interruption.js"
export { retrySafety } from "./tables/retrySafety.js"
export { secrets } from "./tables/secrets.js"
export { timeouts } from "./tables/timeouts.js"
export { keyId, keyJson, listBody, storedKey } from "./wireFixtures.js"
export * as WireFormat from "./wireFormat.js"
