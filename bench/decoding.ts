/**
 * Decoding alone, per credential: `npx tsx bench/decoding.ts`. The same 100-key pages as the
 * benchmark server, already parsed, decoded by each candidate in a loop (after a warm-up);
 * the median of 5 rounds.
 */
import { ListBYOKKeysResponse$inboundSchema } from "@openrouter/sdk/models/listbyokkeysresponse.js"
import * as Schema from "effect/Schema"
import { ListByokKeysResponse } from "../src/ByokKey.js"
import { fastPath } from "../src/internal/jsonDecoder.js"
import { pageBody } from "./fixture.js"

const pages = Array.from({ length: 50 }, (_, i) => pageBody(100_000, i * 100, 100))
const parsed = pages.map((page) => JSON.parse(page) as unknown)
const keysPerRound = pages.length * 100

const perKey = (name: string, decode: (index: number) => unknown, rounds = 20) => {
  for (let r = 0; r < 5; r++) for (let i = 0; i < pages.length; i++) decode(i)
  const samples: Array<number> = []
  for (let sample = 0; sample < 5; sample++) {
    const start = performance.now()
    for (let r = 0; r < rounds; r++) for (let i = 0; i < pages.length; i++) decode(i)
    samples.push(((performance.now() - start) * 1000) / (rounds * keysPerRound))
  }
  samples.sort((a, b) => a - b)
  console.log(`| ${name} | ${samples[2]!.toFixed(2)} us |`)
}

const schema = Schema.decodeUnknownEither(ListByokKeysResponse)
const wireOnly = Schema.decodeUnknownEither(Schema.encodedSchema(ListByokKeysResponse))
const generated = fastPath(ListByokKeysResponse)!

console.log("| per credential | time |\n|---|---:|")
perKey("`JSON.parse` (of the page text)", (i) => JSON.parse(pages[i]!))
perKey("effect/Schema, with the `fromKey` renames", (i) => schema(parsed[i]))
perKey("effect/Schema, the wire shape only (no renames, no refinements)", (i) => wireOnly(parsed[i]))
perKey("zod 4, the official SDK's schema", (i) => ListBYOKKeysResponse$inboundSchema.parse(parsed[i]))
perKey("this library's generated decoder", (i) => generated(parsed[i]))
