/**
 * One measured client of the Effect 4 edition, in its own process on Node >= 22.19 (what it
 * measures: bench/measure.ts). Built by bench/build.ts with `effect` and `@effect/platform-node`
 * resolved to the Effect 4 edition's own 4.1.5 (this folder's tsconfig.json maps them).
 */
import { measureClient } from "../measure.js"

await measureClient({
  "e4-fetch": async () => (await import("./clients/fetch.js")).make,
  "e4-undici": async () => (await import("./clients/undici.js")).make,
  "e4-loop-fetch": async () => (await import("./clients/loopFetch.js")).make,
  "e4-loop-undici": async () => (await import("./clients/loopUndici.js")).make
})
