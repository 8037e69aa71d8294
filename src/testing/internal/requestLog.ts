import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as MockServer from "../MockServer.js"

/**
 * One exchange while it is under way. The entries are updated from node's socket events (an
 * answer finishes, a client goes away), which happen outside any fiber, so the log keeps
 * plain mutable records and hands out frozen copies.
 */
type MutableEntry = { -readonly [K in keyof MockServer.LoggedRequest]: MockServer.LoggedRequest[K] }

/**
 * The handle the layers inside the log use to annotate the current exchange.
 *
 * @internal
 */
export interface Exchange {
  /** Which fault the exchange gets. */
  readonly markFault: (fault: MockServer.Fault) => void
  /** The server itself is about to cut the connection, so a close is not the client's doing. */
  readonly markClosedByServer: () => void
}

/** @internal */
export class CurrentExchange extends Context.Tag("effect-openrouter-byok/testing/CurrentExchange")<
  CurrentExchange,
  Exchange
>() {}

/**
 * What the mock server has been asked, without secrets: the Authorization header is reduced to
 * what kind of key it held, and bodies are not kept.
 *
 * @internal
 */
export class RequestLog {
  private entries: Array<MutableEntry> = []
  private sequence = 0
  private readonly listeners = new Set<() => void>()
  private readonly completionListeners = new Set<(entry: MockServer.LoggedRequest) => void>()

  begin(entry: Pick<MockServer.LoggedRequest, "method" | "path" | "query" | "authorization" | "headers">) {
    const record: MutableEntry = {
      sequence: ++this.sequence,
      ...entry,
      status: undefined,
      completed: false,
      clientClosedEarly: false
    }
    let closedByServer = false
    this.entries.push(record)
    this.changed()
    return {
      record,
      exchange: {
        markFault: (fault) => {
          record.fault = fault
          this.changed()
        },
        markClosedByServer: () => {
          closedByServer = true
        }
      } satisfies Exchange,
      complete: (outcome: { readonly status: number | undefined; readonly finished: boolean }) => {
        record.status = outcome.status
        record.completed = true
        record.clientClosedEarly = !outcome.finished && !closedByServer
        this.changed()
        const frozen = freeze(record)
        for (const listener of this.completionListeners) listener(frozen)
      }
    }
  }

  snapshot(): ReadonlyArray<MockServer.LoggedRequest> {
    return this.entries.map(freeze)
  }

  clear(): void {
    this.entries = []
    this.changed()
  }

  /** Resumes once `predicate` holds for the log (checked now and after every change). */
  await(
    predicate: (requests: ReadonlyArray<MockServer.LoggedRequest>) => boolean
  ): Effect.Effect<ReadonlyArray<MockServer.LoggedRequest>> {
    return Effect.async((resume) => {
      const check = () => {
        const requests = this.snapshot()
        if (!predicate(requests)) return
        this.listeners.delete(check)
        resume(Effect.succeed(requests))
      }
      this.listeners.add(check)
      check()
      return Effect.sync(() => this.listeners.delete(check))
    })
  }

  /** Every exchange as it completes. */
  get completions(): Stream.Stream<MockServer.LoggedRequest> {
    return Stream.async((emit) => {
      const listener = (entry: MockServer.LoggedRequest) => void emit.single(entry)
      this.completionListeners.add(listener)
      return Effect.sync(() => this.completionListeners.delete(listener))
    })
  }

  private changed() {
    for (const listener of [...this.listeners]) listener()
  }
}

const freeze = (entry: MutableEntry): MockServer.LoggedRequest => {
  const { fault, ...rest } = entry
  return Object.freeze({
    ...rest,
    query: Object.freeze({ ...entry.query }),
    headers: Object.freeze({ ...entry.headers }),
    ...(fault === undefined ? {} : { fault })
  })
}

/**
 * Headers that may carry a credential, which the log never keeps: the standard ones, and any
 * whose name says key, token, secret, session, auth or cookie (`x-api-key`, `x-auth-token`...).
 */
const mayCarryCredential = (name: string): boolean => /auth|key|token|secret|session|cookie|password/i.test(name)

const loggedHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !mayCarryCredential(name)))

/**
 * The outermost layer of the mock server: records every exchange, and when its connection
 * closes, how it ended (node's `close` event: the answer was finished, or the connection went
 * away first).
 *
 * @internal
 */
export const withRequestLog = (
  log: RequestLog,
  authorizationOf: (header: string | undefined) => MockServer.LoggedRequest["authorization"]
) =>
<E, R>(
  app: HttpApp.Default<E, R>
): HttpApp.Default<E, Exclude<R, CurrentExchange> | HttpServerRequest.HttpServerRequest> =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const url = new URL(request.url, "http://mock.invalid")
    const { complete, exchange } = log.begin({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: authorizationOf(request.headers["authorization"]),
      headers: loggedHeaders(request.headers)
    })
    const nodeResponse = NodeHttpServerRequest.toServerResponse(request)
    nodeResponse.once("close", () =>
      complete({
        status: nodeResponse.headersSent ? nodeResponse.statusCode : undefined,
        finished: nodeResponse.writableFinished
      }))
    return Effect.provideService(app, CurrentExchange, exchange)
  })
