/**
 * A scriptable HTTP server on 127.0.0.1 (an ephemeral port) for tests that need real sockets:
 * each test scripts the answers, socket faults included, and inspects what the client sent.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { clientAt, type ClientOptions } from "./clients.js"
import { Reply } from "./replies.js"

export { Reply } from "./replies.js"

/** The path every test client is pointed at, so tests also check that the base path is kept. */
export const apiPath = "/api/v1"

/** How long the `await*` helpers wait, in real time, before failing the test with a clear message. */
const awaitLimitMillis = 5_000

/** One request as the server received it. */
export class ReceivedRequest {
  /** Whether the client closed the connection before the answer was complete (e.g. it was interrupted). */
  closedByClient = false
  private readonly closed: Promise<void>
  private markClosed!: () => void

  constructor(
    readonly index: number,
    readonly method: string,
    /** The request target exactly as sent (percent-encoding kept), query included. */
    readonly target: string,
    readonly headers: Http.IncomingHttpHeaders,
    readonly body: string
  ) {
    this.query = Object.fromEntries(new URL(target, "http://127.0.0.1").searchParams)
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve
    })
  }

  /** The path exactly as sent, without the query. */
  get path(): string {
    const question = this.target.indexOf("?")
    return question === -1 ? this.target : this.target.slice(0, question)
  }

  /** The query parameters, decoded. */
  readonly query: Readonly<Record<string, string>>

  /** The body parsed as JSON (`undefined` when there was none). */
  get json(): unknown {
    return this.body === "" ? undefined : JSON.parse(this.body)
  }

  /** @internal */
  clientClosed(): void {
    this.closedByClient = true
    this.markClosed()
  }

  /** Succeeds once the client has closed this request's connection before its answer was complete. */
  awaitClosedByClient(): Effect.Effect<void> {
    return Effect.promise(() => withinLimit(this.closed, `request ${this.index} to be closed by the client`))
  }
}

/** Chooses the reply to a request from the request and how many came before it. */
export type Script = (request: ReceivedRequest) => Reply

export interface TestServer {
  /** `http://127.0.0.1:<port>/api/v1`, to use as `apiUrl`. */
  readonly apiUrl: string
  /** Every request received so far, in order. */
  readonly requests: ReadonlyArray<ReceivedRequest>
  /** Replaces how the server answers. Until a test scripts it, every request gets a 599. */
  readonly script: (script: Script) => void
  /** Answers the nth request with the nth reply, and every later one with the last. */
  readonly replies: (...replies: ReadonlyArray<Reply>) => void
  /** Succeeds once `count` requests have been received (in real time, bounded). */
  readonly awaitRequests: (count: number) => Effect.Effect<void>
}

const withinLimit = <A>(promise: Promise<A>, what: string): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`test server: gave up waiting for ${what} after ${awaitLimitMillis} ms`)),
      awaitLimitMillis
    )
    promise.then((value) => {
      clearTimeout(timer)
      resolve(value)
    }, reject)
  })

const unscripted: Script = (request) =>
  Reply.text(599, `test server: no reply scripted for request ${request.index} (${request.method} ${request.target})`)

const send = (reply: Reply, response: Http.ServerResponse): void => {
  switch (reply._tag) {
    case "Answer":
      response.writeHead(reply.status, { ...reply.headers, "content-length": String(Buffer.byteLength(reply.body)) })
      response.end(reply.body)
      return
    case "Destroy":
      response.socket?.destroy()
      return
    case "Truncate":
    case "Stall":
      response.writeHead(reply.status, { ...reply.headers, "content-length": String(reply.declaredLength) })
      response.write(reply.body, () => {
        if (reply._tag === "Truncate") response.socket?.destroy()
      })
      return
    case "Hang":
      return
  }
}

/**
 * Starts a server for the current scope; it is closed, with every open connection, when the
 * scope closes.
 */
export const make: Effect.Effect<TestServer, never, Scope.Scope> = Effect.acquireRelease(
  Effect.async<{ readonly testServer: TestServer; readonly shutdown: (done: () => void) => void }>((resume) => {
    const requests: Array<ReceivedRequest> = []
    let shuttingDown = false
    const waiters: Array<{ readonly count: number; readonly resolve: () => void }> = []
    let script: Script = unscripted

    const server = Http.createServer((incoming, response) => {
      const chunks: Array<Buffer> = []
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
      incoming.on("end", () => {
        const request = new ReceivedRequest(
          requests.length,
          incoming.method ?? "",
          incoming.url ?? "",
          incoming.headers,
          Buffer.concat(chunks).toString("utf8")
        )
        requests.push(request)
        const reply = script(request)
        const destroyedByServer = reply._tag === "Destroy" || reply._tag === "Truncate"
        response.on("close", () => {
          if (!response.writableFinished && !destroyedByServer && !shuttingDown) request.clientClosed()
        })
        send(reply, response)
        for (const waiter of waiters.filter((waiter) => requests.length >= waiter.count)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve()
        }
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resume(Effect.succeed({
        shutdown: (done) => {
          shuttingDown = true
          server.closeAllConnections()
          server.close(() => done())
        },
        testServer: {
          apiUrl: `http://127.0.0.1:${port}${apiPath}`,
          requests,
          script: (next) => {
            script = next
          },
          replies: (...replies) => {
            script = (request) => replies[Math.min(request.index, replies.length - 1)] ?? unscripted(request)
          },
          awaitRequests: (count) =>
            Effect.promise(() =>
              withinLimit(
                requests.length >= count
                  ? Promise.resolve()
                  : new Promise<void>((resolve) => waiters.push({ count, resolve })),
                `${count} request(s), got ${requests.length}`
              )
            )
        }
      }))
    })
  }),
  ({ shutdown }) => Effect.async<void>((resume) => shutdown(() => resume(Effect.void)))
).pipe(Effect.map(({ testServer }) => testServer))

/** A fresh loopback server and the service pointed at it (through `clientAt`). */
export const loopback = (options: ClientOptions = {}) =>
  Effect.gen(function*() {
    const server = yield* make
    const byok = yield* clientAt(server.apiUrl, options)
    return { server, byok } as const
  })

/** An `apiUrl` on 127.0.0.1 where nothing listens, so every connection is refused. */
export const refusedApiUrl: Effect.Effect<string> = Effect.async<string>((resume) => {
  const server = Http.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo
    server.close(() => resume(Effect.succeed(`http://127.0.0.1:${port}${apiPath}`)))
  })
})
