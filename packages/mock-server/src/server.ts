import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { classifyAuthorization } from "./authorization.js"
import { type ByokKey, present, type ResponseShape } from "./byokKey.js"
import { CredentialStore } from "./credentialStore.js"
import { faultedReply } from "./faultInjection.js"
import { type FaultOptions, FaultPlan, type ScriptedOutcome } from "./faultPlan.js"
import { misbehavedReply, type Misbehaviour } from "./misbehaviour.js"
import { apiErrorReply, redirectReply, sendReply } from "./reply.js"
import { type Counters, countersOf, loggedHeaders, type LoggedRequest, RequestLog } from "./requestLog.js"
import { apiPrefix, makeApi } from "./routes.js"

/** The management key the server accepts unless told otherwise. */
export const defaultApiKey = "sk-or-v1-mock-management-key"

/**
 * Options of {@link start}: the credentials and keys, the response shape, faults, latency and
 * misbehaviours.
 */
export interface StartOptions {
  /**
   * The credentials the server starts with, in listing order (see `ByokKeyFixtures`). Default
   * none. Ignored when {@link store} is given.
   */
  readonly keys?: ReadonlyArray<ByokKey> | undefined
  /** The management key to accept. Default {@link defaultApiKey}. */
  readonly apiKey?: string | undefined
  /** Keys that authenticate but are not management keys: every operation answers 403. */
  readonly nonManagementApiKeys?: ReadonlyArray<string> | undefined
  /** Default 0: a free port. The server listens on 127.0.0.1 only. */
  readonly port?: number | undefined
  /**
   * The workspace requests without `workspace_id` resolve to, a UUID. Default
   * `ByokKeyFixtures.defaultWorkspaceId`; `null` acts as a deleted default workspace (400).
   * Ignored when {@link store} is given.
   */
  readonly defaultWorkspaceId?: string | null | undefined
  /** `newest` (default) or `legacy` (without `declared_zdr`, `is_byok_only`, `is_required`, `declared_region`). */
  readonly shape?: ResponseShape | undefined
  /** Seed of the ids given to created credentials. Default 1. Ignored when {@link store} is given. */
  readonly seed?: number | undefined
  /** The random fault profile. Default: no faults. */
  readonly faults?: FaultOptions | undefined
  /** How the server lies. Default: it does not. */
  readonly misbehaviour?: Misbehaviour | undefined
  /**
   * The credential store to serve, for a caller that builds it itself (with a clock of its
   * own, or shared with an in-memory client). Default: one built from `keys`,
   * `defaultWorkspaceId` and `seed`, on the real clock.
   */
  readonly store?: CredentialStore | undefined
}

/**
 * A running mock server. Its timing (latency, slow answers) runs on real timers.
 */
export interface MockServerHandle {
  /** The API's base URL to give a client: `http://127.0.0.1:PORT/api/v1`. */
  readonly url: string
  readonly port: number
  /** The management key the server accepts. */
  readonly apiKey: string
  /** The credentials, as the API sees them and changes them. */
  readonly store: CredentialStore
  /** Every request so far, oldest first. */
  readonly requests: () => ReadonlyArray<LoggedRequest>
  /** Totals over {@link requests}. */
  readonly counters: () => Counters
  /** Forgets the requests so far (the counters follow the log). */
  readonly clearRequests: () => void
  /**
   * Returns the server to how it started, except for its credentials: forgets the requests and
   * the faults and answers scripted and not yet used, puts back the fault profile and the
   * misbehaviour of the start options, and restarts the random faults from their seed.
   */
  readonly reset: () => void
  /** The credentials stored now, in listing order, in the server's response shape. */
  readonly keys: () => ReadonlyArray<ByokKey>
  /**
   * Resolves with the request log once `predicate` holds for it (checked now and after every
   * change), or rejects after `timeoutMs` when given.
   */
  readonly waitForRequests: (
    predicate: (requests: ReadonlyArray<LoggedRequest>) => boolean,
    options?: { readonly timeoutMs?: number | undefined }
  ) => Promise<ReadonlyArray<LoggedRequest>>
  /** Calls `listener` after every change to the request log; returns the function that stops it. */
  readonly onRequestsChanged: (listener: () => void) => () => void
  /** Calls `listener` with each request as its exchange completes; returns the function that stops it. */
  readonly onRequestCompleted: (listener: (request: LoggedRequest) => void) => () => void
  /** Gives the next requests these faults, in order (`"none"`: no fault), before any random draw applies. */
  readonly injectFaults: (faults: ReadonlyArray<ScriptedOutcome>) => void
  /**
   * Gives the next requests these answers in place of the API's, in order: an `Answer` of your
   * own, a fault, or `"none"` for the API's own answer. It shares its queue with
   * {@link injectFaults}, so the two script the same sequence of requests.
   */
  readonly injectAnswers: (answers: ReadonlyArray<ScriptedOutcome>) => void
  /** Replaces the random fault profile; its draws restart from its seed. `{}` turns random faults off. */
  readonly setFaults: (faults: FaultOptions) => void
  /** Replaces the misbehaviour in force for the next requests. `{}` makes the server honest again. */
  readonly misbehave: (misbehaviour: Misbehaviour) => void
  /** Stops the server, cutting every open connection (a hung request included), and frees its port. */
  readonly close: () => Promise<void>
}

/** Reads a request's whole body as text. */
const readBody = (request: Http.IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    // A body that never ends leaves its exchange to the close of its connection.
    request.on("error", () => undefined)
  })

const checkedPort = (port: number): number => {
  // node:http throws on a port out of range, synchronously; it is the caller's error, said once here.
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, not ${port}`)
  }
  return port
}

/**
 * Starts a mock of the OpenRouter BYOK API on 127.0.0.1, serving the five BYOK operations
 * under `/api/v1`. Resolves once it listens; rejects with a `RangeError` for a port that is
 * not one, with node's listen error (`EADDRINUSE`...) for a port it cannot take, and with a
 * `TypeError` for seeded credentials or a default workspace it cannot serve.
 */
export const start = async (options: StartOptions = {}): Promise<MockServerHandle> => {
  const port = checkedPort(options.port ?? 0)
  const apiKey = options.apiKey ?? defaultApiKey
  const authorizationOf = classifyAuthorization({
    managementKey: apiKey,
    nonManagementKeys: options.nonManagementApiKeys ?? []
  })
  const store = options.store ?? new CredentialStore(options)
  const shape = options.shape ?? "newest"
  const faults = options.faults ?? {}
  const log = new RequestLog()
  const plan = new FaultPlan(faults)
  let misbehaviour: Misbehaviour = options.misbehaviour ?? {}
  const api = makeApi({ store, shape, misbehaviour: () => misbehaviour })

  // Timers of exchanges still waiting (latency, slow answers), so that `close` does not wait for them.
  const pendingTimers = new Set<NodeJS.Timeout>()

  // Outermost first: the log sees every exchange, a misbehaving server or proxy rewrites what
  // it answers (faults included), faults act like the network and proxies in front of the
  // API, and the API itself knows nothing of either.
  const handle = async (request: Http.IncomingMessage, response: Http.ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://mock.invalid")
    const authorization = authorizationOf(request.headers["authorization"])
    const exchange = log.begin({
      method: request.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization,
      headers: loggedHeaders(request.headers)
    })
    let closed = false
    response.once("close", () => {
      closed = true
      exchange.complete({
        status: response.headersSent ? response.statusCode : undefined,
        finished: response.writableFinished
      })
    })
    const wait = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          pendingTimers.delete(timer)
          resolve()
        }, ms)
        pendingTimers.add(timer)
        // A client that goes away ends the wait: the exchange is over, and nothing more is sent.
        response.once("close", () => {
          clearTimeout(timer)
          pendingTimers.delete(timer)
        })
      })

    const body = await readBody(request)
    const inForce = misbehaviour
    if (inForce.redirect !== undefined) {
      return sendReply(response, redirectReply(inForce.redirect.status, inForce.redirect.location), request.method)
    }
    const reply = await faultedReply(plan.decide(), {
      response,
      exchange,
      wait,
      apiReply: () => api({ method: request.method ?? "GET", url: request.url ?? "/", authorization, body })
    })
    if (reply === undefined || closed) return
    const quoted = { method: request.method ?? "GET", url: request.url ?? "/", headers: request.headers, body }
    sendReply(response, misbehavedReply(inForce, reply, quoted), request.method)
  }

  const server = Http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A bug of the mock, or a misbehaviour function of the test that throws: a 500 that says
      // so, rather than a crash of the process that serves every other test.
      if (response.headersSent) return response.destroy()
      const message = error instanceof Error ? error.message : String(error)
      sendReply(response, apiErrorReply(500, `The mock server failed: ${message}`), request.method)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const boundPort = (server.address() as AddressInfo).port

  const waitForRequests: MockServerHandle["waitForRequests"] = (predicate, waitOptions = {}) =>
    new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      const check = () => {
        const requests = log.snapshot()
        if (!predicate(requests)) return
        stop()
        resolve(requests)
      }
      const unsubscribe = log.onChange(check)
      const stop = () => {
        unsubscribe()
        if (timer !== undefined) clearTimeout(timer)
      }
      if (waitOptions.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          stop()
          reject(new Error(`the request log did not reach the expected state within ${waitOptions.timeoutMs} ms`))
        }, waitOptions.timeoutMs)
      }
      check()
    })

  return {
    url: `http://127.0.0.1:${boundPort}${apiPrefix}`,
    port: boundPort,
    apiKey,
    store,
    requests: () => log.snapshot(),
    counters: () => countersOf(log.snapshot()),
    clearRequests: () => log.clear(),
    reset: () => {
      log.clear()
      plan.clearScript()
      plan.configure(faults)
      misbehaviour = options.misbehaviour ?? {}
    },
    keys: () => store.keys().map((key) => present(key, shape)),
    waitForRequests,
    onRequestsChanged: (listener) => log.onChange(listener),
    onRequestCompleted: (listener) => log.onCompleted(listener),
    injectFaults: (next) => plan.script(next),
    injectAnswers: (next) => plan.script(next),
    setFaults: (next) => plan.configure(next),
    misbehave: (next) => {
      misbehaviour = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of pendingTimers) clearTimeout(timer)
        pendingTimers.clear()
        server.close(() => resolve())
        // A request left hanging would keep `close` waiting forever: cut every connection.
        server.closeAllConnections()
      })
  }
}
