/**
 * One variant of bench/inProcessEffect4.ts, in its own process: `node <built> <variant> [keys]`,
 * where the variant is `loop` (the plain Effect 4 loop with the edition's decoder), `edition`
 * (the Effect 4 edition's `listItems`) or `edition-no-timeout` (the same with
 * `requestTimeout: Duration.infinity`, which sets no attempt timeout). The keys come from an
 * in-memory `HttpClient` (answers prepared ahead of time, no sockets). Lists three times to warm
 * up, five times timed, then once under V8's sampling heap profiler; prints one JSON line: CPU
 * time per page and bytes allocated per page (collected or not).
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Inspector from "node:inspector/promises"
import { ByokKey, OpenRouterByok } from "../../packages/effect4/src/index.js"
import { pageBody } from "../fixture.js"

const [variant = "edition", keysArg = "20000"] = process.argv.slice(2)
const keys = Number(keysArg)
const limit = 100
const apiUrl = "https://openrouter.test/api/v1"

const bodies = new Map<number, string>()
for (let offset = 0; offset <= keys; offset += limit) bodies.set(offset, pageBody(keys, offset, limit))
const inMemory = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request, url) =>
    Effect.succeed(HttpClientResponse.fromWeb(
      request,
      new Response(bodies.get(Number(url.searchParams.get("offset"))), {
        headers: { "content-type": "application/json" }
      })
    ))
  )
)

const decodeList = Schema.decodeUnknownResult(ByokKey.ListByokKeysResponse)
const loop = Effect.flatMap(Effect.service(HttpClient.HttpClient), (client) =>
  Effect.gen(function*() {
    let offset = 0
    let items = 0
    for (;;) {
      const response = yield* client.get(`${apiUrl}/byok`, {
        urlParams: { offset, limit },
        headers: { accept: "application/json", authorization: "Bearer sk-or-v1-bench" }
      })
      const page = Result.getOrThrow(decodeList(JSON.parse(yield* response.text)))
      items += page.data.length
      offset += page.data.length
      if (page.data.length === 0 || offset >= page.totalCount) return items
    }
  }))

const listAll: () => Promise<number> = (() => {
  if (variant === "loop") {
    const runtime = ManagedRuntime.make(inMemory)
    return () => runtime.runPromise(loop)
  }
  const runtime = ManagedRuntime.make(
    OpenRouterByok.layer({
      apiKey: Redacted.make("sk-or-v1-bench"),
      apiUrl,
      ...(variant === "edition-no-timeout" ? { requestTimeout: Duration.infinity } : {})
    }).pipe(Layer.provide(inMemory))
  )
  const program = Stream.runCount(OpenRouterByok.listItems({ limit }))
  return () => runtime.runPromise(program)
})()

const pages = Math.ceil(keys / limit)
for (let i = 0; i < 3; i++) await listAll()
const cpu = process.cpuUsage()
for (let i = 0; i < 5; i++) await listAll()
const { system, user } = process.cpuUsage(cpu)

const session = new Inspector.Session()
session.connect()
await session.post("HeapProfiler.startSampling", {
  samplingInterval: 1024,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true
})
await listAll()
const { profile } = await session.post("HeapProfiler.stopSampling")
type Node = (typeof profile)["head"]
const total = (node: Node): number => node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0)
const allocated = total(profile.head)
process.stdout.write(
  JSON.stringify({ variant, cpuMicrosPerPage: (user + system) / (5 * pages), bytesPerPage: allocated / pages }) + "\n",
  () => process.exit(0)
)
