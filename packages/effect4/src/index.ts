/**
 * The Effect 4 client for OpenRouter's BYOK management API: the `OpenRouterByok` service,
 * the credential and its wire Schemas (`ByokKey`), and the errors (`OpenRouterByokError`).
 *
 * @since 0.1.0
 */

/**
 * The BYOK credential and every JSON shape the BYOK API speaks.
 *
 * @since 0.1.0
 */
export * as ByokKey from "./ByokKey.js"

/**
 * The OpenRouter BYOK client service, its layers and accessors.
 *
 * @since 0.1.0
 */
export * as OpenRouterByok from "./OpenRouterByok.js"

/**
 * The errors every BYOK operation can fail with.
 *
 * @since 0.1.0
 */
export * as OpenRouterByokError from "./OpenRouterByokError.js"
