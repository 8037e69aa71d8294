/**
 * The rules of OpenRouter's BYOK API that do not depend on Effect: wire names, statuses and
 * their error tags, which failures are transient or certainly not applied, `Retry-After`,
 * redaction and bounded server text, transport failures, the page sequence, provider slugs, credential formats,
 * and the API URL and header checks. Each edition of the client turns them into Effects,
 * Schedules and Streams of its own Effect line.
 */
export * from "./apiUrl.js"
export * from "./credentialFormat.js"
export * from "./errorMessages.js"
export * from "./headers.js"
export * from "./operations.js"
export * from "./pageLimits.js"
export * from "./pageSequence.js"
export * from "./providerSlugs.js"
export * from "./redaction.js"
export * from "./redirect.js"
export * from "./retryAfter.js"
export * from "./retryRules.js"
export * from "./serverText.js"
export * from "./status.js"
export * from "./transportFailure.js"
export * from "./wireNames.js"
