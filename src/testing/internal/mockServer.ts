import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { ServeError } from "@effect/platform/HttpServerError"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Http from "node:http"
import type * as MockServer from "../MockServer.js"
import * as Authorization from "./authorization.js"
import * as CredentialStore from "./credentialStore.js"
import { withFaults } from "./faultInjection.js"
import { FaultPlan } from "./faultPlan.js"
import { MisbehaviourSetting, withMisbehaviour } from "./misbehaviour.js"
import { makeApp } from "./mockRoutes.js"
import { RequestLog, withRequestLog } from "./requestLog.js"

export { defaultTransientFaults } from "./faultPlan.js"

/** @internal */
export const defaultApiKey = "sk-or-v1-mock-management-key"

const toRedacted = (key: string | Redacted.Redacted<string>) => Redacted.isRedacted(key) ? key : Redacted.make(key)

const countBy = <A>(items: ReadonlyArray<A>, key: (item: A) => string | undefined): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const item of items) {
    const k = key(item)
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1
  }
  return counts
}

/** @internal */
export const countersOf = (requests: ReadonlyArray<MockServer.LoggedRequest>): MockServer.Counters => ({
  requests: requests.length,
  byStatus: countBy(requests, (request) => request.status === undefined ? undefined : String(request.status)),
  byFault: countBy(requests, (request) => request.fault),
  unanswered: requests.filter((request) => request.completed && request.status === undefined).length,
  clientClosedEarly: requests.filter((request) => request.clientClosedEarly).length
})

/** @internal */
export const formatRequest = (request: MockServer.LoggedRequest): string => {
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

/** @internal */
export const make = (options: MockServer.Options) =>
  Effect.gen(function*() {
    const apiKey = toRedacted(options.apiKey ?? defaultApiKey)
    const authorizationOf = Authorization.classify({
      managementKey: apiKey,
      nonManagementKeys: (options.nonManagementApiKeys ?? []).map(toRedacted)
    })
    const store = yield* CredentialStore.fromKitOptions(options)
    const shape = options.shape ?? "newest"
    const log = new RequestLog()
    const plan = new FaultPlan(options.faults ?? {})
    const misbehaviour = new MisbehaviourSetting(options.misbehaviour ?? {})
    // Outermost first: the log sees every exchange, a misbehaving server or proxy rewrites what
    // it answers (faults included), faults act like the network and proxies in front of the
    // API, and the API itself knows nothing of either.
    const app = makeApp({ store, shape, authorizationOf, misbehaviour }).pipe(
      withFaults(plan),
      withMisbehaviour(misbehaviour),
      withRequestLog(log, authorizationOf)
    )

    const requestedPort = options.port ?? 0
    // node:http throws on a port out of range, which would be a defect: it is the caller's error.
    if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
      return yield* Effect.fail(
        new ServeError({ cause: new RangeError(`port must be an integer from 0 to 65535, not ${requestedPort}`) })
      )
    }
    const nodeServer = Http.createServer()
    const server = yield* NodeHttpServer.make(() => nodeServer, { host: "127.0.0.1", port: requestedPort })
    // A request left hanging would keep the server's `close` waiting forever: cut every connection first.
    yield* Effect.addFinalizer(() => Effect.sync(() => nodeServer.closeAllConnections()))
    yield* server.serve(app)
    const port = server.address._tag === "TcpAddress" ? server.address.port : 0
    const requests = Effect.sync(() => log.snapshot())

    const service: MockServer.Service = {
      url: `http://127.0.0.1:${port}/api/v1`,
      port,
      apiKey,
      requests,
      counters: Effect.map(requests, countersOf),
      clearRequests: Effect.sync(() => log.clear()),
      awaitRequests: (predicate) => log.await(predicate),
      completedRequests: log.completions,
      keys: Effect.map(store.snapshot, (stored) => stored.map(({ key }) => CredentialStore.present(key, shape))),
      injectFaults: (faults) => Effect.sync(() => plan.script(faults)),
      injectAnswers: (answers) => Effect.sync(() => plan.script(answers)),
      setFaults: (faults) => Effect.sync(() => plan.configure(faults)),
      misbehave: (next) =>
        Effect.sync(() => {
          misbehaviour.current = next
        })
    }
    return service
  })
