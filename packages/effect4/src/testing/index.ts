/**
 * The testing kit (`effect4-openrouter-byok/testing`): an in-memory `OpenRouterByok` layer, a mock
 * HTTP server of the API, and realistic seeded credentials, so programs that use the client are
 * tested without a network.
 *
 * @since 0.1.0
 */

/**
 * Realistic BYOK credentials for tests and demos, deterministic from a seed.
 *
 * @since 0.1.0
 */
export * as ByokKeyFixtures from "./ByokKeyFixtures.js"

/**
 * A mock of the OpenRouter BYOK API over real HTTP on 127.0.0.1, with seeded fault injection.
 *
 * @since 0.1.0
 */
export * as MockServer from "./MockServer.js"

/**
 * An in-memory `OpenRouterByok` with the real API's semantics, for testing code that uses the client.
 *
 * @since 0.1.0
 */
export * as OpenRouterByokTest from "./OpenRouterByokTest.js"
