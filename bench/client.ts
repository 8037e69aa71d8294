/**
 * One measured client of the official SDK, the bare loop or the Effect 3 edition, in its own
 * process so that its heap and start-up are its own (bench/measure.ts says what it measures).
 * The Effect 4 edition's clients have their own entry, bench/effect4/client.ts.
 */
import { measureClient } from "./measure.js"

await measureClient({
  bare: async () => (await import("./clients/bare.js")).make,
  sdk: async () => (await import("./clients/officialSdk.js")).make,
  fetch: async () => (await import("./clients/effectFetch.js")).make,
  undici: async () => (await import("./clients/effectUndici.js")).make,
  "loop-fetch": async () => (await import("./clients/effectLoopFetch.js")).make,
  "loop-undici": async () => (await import("./clients/effectLoopUndici.js")).make
})
