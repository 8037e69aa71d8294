/**
 * A bare HTTP exchange over node:http, for tests that must see what the server does on the
 * wire (statuses, headers, a cut connection, a short body), with no client library between.
 */
import * as Http from "node:http"

export type Exchange =
  /** The server answered; `complete` is false when the body ended before its Content-Length. */
  | {
    readonly kind: "answered"
    readonly status: number
    readonly headers: Http.IncomingHttpHeaders
    readonly body: string
    readonly complete: boolean
  }
  /** The connection failed before any answer. */
  | { readonly kind: "noAnswer"; readonly code: string | undefined }

export interface RawRequest {
  readonly method?: string
  readonly apiKey?: string | undefined
  readonly body?: unknown
  /** Sent as is instead of JSON-encoding `body`. */
  readonly rawBody?: string
  /** Headers sent besides `authorization` and `content-type`. */
  readonly headers?: Readonly<Record<string, string>>
  /** Aborting it destroys the connection. */
  readonly signal?: AbortSignal
}

/** One request on a fresh connection. */
export const send = (url: string, request: RawRequest = {}): Promise<Exchange> =>
  new Promise((resolve) => {
    const payload = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body))
    const outgoing = Http.request(url, {
      method: request.method ?? "GET",
      agent: false,
      headers: {
        ...request.headers,
        ...(request.apiKey === undefined ? {} : { authorization: `Bearer ${request.apiKey}` }),
        ...(payload === undefined ? {} : { "content-type": "application/json" })
      }
    })
    outgoing.on("response", (incoming) => {
      const chunks: Array<Buffer> = []
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
      const done = (complete: boolean) =>
        resolve({
          kind: "answered",
          status: incoming.statusCode!,
          headers: incoming.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          complete
        })
      incoming.on("end", () => done(incoming.complete))
      incoming.on("aborted", () => done(false))
      incoming.on("error", () => done(false))
    })
    outgoing.on("error", (error: NodeJS.ErrnoException) => resolve({ kind: "noAnswer", code: error.code }))
    request.signal?.addEventListener("abort", () => outgoing.destroy())
    outgoing.end(payload)
  })

/** The JSON body of an answer (fails the test when there was none). */
export const json = (exchange: Exchange): any => {
  if (exchange.kind !== "answered") throw new Error(`expected an answer, got ${exchange.kind} (${exchange.code})`)
  return JSON.parse(exchange.body)
}

/** The status of an answer, or `undefined` when there was none. */
export const statusOf = (exchange: Exchange): number | undefined =>
  exchange.kind === "answered" ? exchange.status : undefined
