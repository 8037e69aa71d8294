/**
 * A loopback server for the benchmark: `GET .../byok?offset&limit` over `keys` credentials,
 * faults off, optionally with a fixed latency per answer. Page bodies are rendered once and
 * cached, so the server costs the same for every client.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { pageBody } from "./fixture.js"

export interface BenchServer {
  /** The API base URL, e.g. `http://127.0.0.1:1234/api/v1`. */
  readonly apiUrl: string
  /** `GET /byok` requests answered since the last `resetRequests`. */
  readonly requests: () => number
  readonly resetRequests: () => void
  readonly setKeys: (keys: number) => void
  /** Renders every page of `limit` ahead of time, so no client pays for the first rendering. */
  readonly warm: (limit: number) => void
  readonly close: () => Promise<void>
}

export const startServer = async (options: { readonly keys: number; readonly latencyMillis?: number }) => {
  let keys = options.keys
  let requests = 0
  const cache = new Map<string, Buffer>()
  const latency = options.latencyMillis ?? 0

  const render = (offset: number, limit: number): Buffer => {
    const cacheKey = `${keys}:${offset}:${limit}`
    let body = cache.get(cacheKey)
    if (body === undefined) {
      body = Buffer.from(pageBody(keys, offset, limit))
      cache.set(cacheKey, body)
    }
    return body
  }

  const server = Http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1")
    if (request.method !== "GET" || !url.pathname.endsWith("/byok")) {
      response.writeHead(404, { "content-type": "application/json" })
      response.end(JSON.stringify({ error: { code: 404, message: "Not Found" } }))
      return
    }
    requests++
    const offset = Number(url.searchParams.get("offset") ?? 0)
    const limit = Number(url.searchParams.get("limit") ?? 50)
    const body = render(offset, limit)
    const send = () => {
      response.writeHead(200, { "content-type": "application/json", "content-length": body.length })
      response.end(body)
    }
    if (latency > 0) setTimeout(send, latency)
    else send()
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const bench: BenchServer = {
    apiUrl: `http://127.0.0.1:${port}/api/v1`,
    requests: () => requests,
    resetRequests: () => {
      requests = 0
    },
    setKeys: (next) => {
      keys = next
    },
    warm: (limit) => {
      for (let offset = 0; offset <= keys; offset += limit) render(offset, limit)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  return bench
}
