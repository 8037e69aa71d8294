/**
 * A bare HTTP exchange over node:http, for tests that must see what the mock server does on
 * the wire (statuses, headers, a cut connection, a short body), with no client library between.
 */
import * as Effect from "effect/Effect"
import * as Http from "node:http"

export type Exchange =
  /** The server answered; `complete` is false when the body ended before its Content-Length. */
  | {
    readonly _tag: "Answered"
    readonly status: number
    readonly headers: Http.IncomingHttpHeaders
    readonly body: string
    readonly complete: boolean
  }
  /** The connection failed before any answer. */
  | { readonly _tag: "NoAnswer"; readonly code: string | undefined }

export interface RawRequest {
  readonly method?: string
  readonly apiKey?: string | undefined
  readonly body?: unknown
  /** Sent as is instead of JSON-encoding `body`. */
  readonly rawBody?: string
  /** Headers sent besides `authorization` and `content-type`. */
  readonly headers?: Readonly<Record<string, string>>
}

/** One request on a fresh connection. Interrupting it destroys the connection. */
export const send = (url: string, request: RawRequest = {}): Effect.Effect<Exchange> =>
  Effect.callback<Exchange>((resumeOnce) => {
    let resumed = false
    const resume = (effect: Effect.Effect<Exchange>) => {
      if (!resumed) resumeOnce(effect)
      resumed = true
    }
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
        resume(Effect.succeed({
          _tag: "Answered",
          status: incoming.statusCode!,
          headers: incoming.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          complete
        }))
      incoming.on("end", () => done(incoming.complete))
      incoming.on("aborted", () => done(false))
      incoming.on("error", () => done(false))
    })
    outgoing.on(
      "error",
      (error: NodeJS.ErrnoException) => resume(Effect.succeed({ _tag: "NoAnswer", code: error.code }))
    )
    outgoing.end(payload)
    return Effect.sync(() => outgoing.destroy())
  })

/** The JSON body of an answer (fails the test when there was none). */
export const json = (exchange: Exchange): any => {
  if (exchange._tag !== "Answered") throw new Error(`expected an answer, got ${exchange._tag} (${exchange.code})`)
  return JSON.parse(exchange.body)
}
