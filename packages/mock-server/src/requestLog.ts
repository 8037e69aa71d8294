import type { Fault } from "./faultPlan.js"

/**
 * What kind of key a request's `Authorization` header held: the request log says this instead
 * of keeping the key.
 */
export type AuthorizationKind = "management" | "non-management" | "invalid" | "missing"

/**
 * One request the server received. It holds no secret: the `Authorization` header is reduced
 * to the kind of key it carried, other credential headers are left out, and bodies are not kept.
 */
export interface LoggedRequest {
  /** 1 for the first request the server received, then 2, ... */
  readonly sequence: number
  readonly method: string
  /** The path as sent (percent-encoded), without the query, e.g. `/api/v1/byok`. */
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly authorization: AuthorizationKind
  /**
   * The request's headers as received (lower-case names), except those that may carry a
   * credential: `authorization` (its kind is above), `proxy-authorization`, `cookie`, and any
   * whose name says key, token, secret, session, auth, cookie or password (`x-api-key`...).
   */
  readonly headers: Readonly<Record<string, string>>
  /** The fault the request got, if any. */
  readonly fault?: Fault
  /** The status the server sent, if it sent one. */
  readonly status: number | undefined
  /** Whether the exchange is over (answered, cut or abandoned). */
  readonly completed: boolean
  /** The client closed the connection before the answer was complete (it gave up, or was interrupted). */
  readonly clientClosedEarly: boolean
}

/** Totals over the request log. */
export interface Counters {
  readonly requests: number
  /** By status sent, e.g. `{ "200": 12, "503": 2 }`. */
  readonly byStatus: Readonly<Record<string, number>>
  readonly byFault: Readonly<Partial<Record<Fault, number>>>
  /** Completed exchanges that got no status at all. */
  readonly unanswered: number
  readonly clientClosedEarly: number
}

const countBy = <A>(items: ReadonlyArray<A>, key: (item: A) => string | undefined): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const item of items) {
    const k = key(item)
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1
  }
  return counts
}

/** The totals of a request log. */
export const countersOf = (requests: ReadonlyArray<LoggedRequest>): Counters => ({
  requests: requests.length,
  byStatus: countBy(requests, (request) => request.status === undefined ? undefined : String(request.status)),
  byFault: countBy(requests, (request) => request.fault),
  unanswered: requests.filter((request) => request.completed && request.status === undefined).length,
  clientClosedEarly: requests.filter((request) => request.clientClosedEarly).length
})

/** A request as one line, e.g. `#3 GET /api/v1/byok?offset=0&limit=100 -> 503 [http503]`. */
export const formatRequest = (request: LoggedRequest): string => {
  const query = new URLSearchParams(request.query).toString()
  const outcome = !request.completed
    ? "..."
    : request.status === undefined
    ? "no answer"
    : String(request.status)
  const notes = [
    ...(request.fault === undefined ? [] : [request.fault]),
    ...(request.authorization === "management" ? [] : [`auth ${request.authorization}`]),
    ...(request.clientClosedEarly ? ["client closed early"] : [])
  ]
  return `#${request.sequence} ${request.method} ${request.path}${query === "" ? "" : `?${query}`} -> ${outcome}` +
    (notes.length === 0 ? "" : ` [${notes.join(", ")}]`)
}

/**
 * One exchange while it is under way. Its entry is updated from node's socket events (an
 * answer finishes, a client goes away), so the log keeps plain mutable records and hands out
 * frozen copies.
 */
type MutableEntry = { -readonly [K in keyof LoggedRequest]: LoggedRequest[K] }

/** The handle the server uses to annotate and close the entry of one exchange. */
export interface Exchange {
  /** Which fault the exchange gets. */
  readonly markFault: (fault: Fault) => void
  /** The server itself is about to cut the connection, so a close is not the client's doing. */
  readonly markClosedByServer: () => void
  /** The connection closed: with the status sent, if any, and whether the answer was sent whole. */
  readonly complete: (outcome: { readonly status: number | undefined; readonly finished: boolean }) => void
}

/** The request as the log keeps it, before anything happened to it. */
export type NewEntry = Pick<LoggedRequest, "method" | "path" | "query" | "authorization" | "headers">

/**
 * What the mock server has been asked, without secrets, and who is waiting to hear of it.
 */
export class RequestLog {
  private entries: Array<MutableEntry> = []
  private sequence = 0
  private readonly changeListeners = new Set<() => void>()
  private readonly completionListeners = new Set<(entry: LoggedRequest) => void>()

  begin(entry: NewEntry): Exchange {
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
      markFault: (fault) => {
        record.fault = fault
        this.changed()
      },
      markClosedByServer: () => {
        closedByServer = true
      },
      complete: (outcome) => {
        record.status = outcome.status
        record.completed = true
        record.clientClosedEarly = !outcome.finished && !closedByServer
        this.changed()
        const frozen = freeze(record)
        for (const listener of [...this.completionListeners]) listener(frozen)
      }
    }
  }

  /** Every request so far, oldest first. */
  snapshot(): ReadonlyArray<LoggedRequest> {
    return this.entries.map(freeze)
  }

  /** Forgets the requests so far; the sequence numbers go on. */
  clear(): void {
    this.entries = []
    this.changed()
  }

  /** Calls `listener` after every change to the log (a request arrives, is annotated, completes, or the log is cleared). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  /** Calls `listener` with each exchange as it completes. */
  onCompleted(listener: (request: LoggedRequest) => void): () => void {
    this.completionListeners.add(listener)
    return () => this.completionListeners.delete(listener)
  }

  private changed() {
    for (const listener of [...this.changeListeners]) listener()
  }
}

const freeze = (entry: MutableEntry): LoggedRequest => {
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

/** The headers the log keeps of a request: every one that cannot carry a credential. */
export const loggedHeaders = (
  headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
): Record<string, string> => {
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || mayCarryCredential(name)) continue
    kept[name] = typeof value === "string" ? value : value.join(", ")
  }
  return kept
}
