import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Http from "node:http"
import type * as MockServer from "../MockServer.js"
import { apiErrorResponse } from "./apiErrorResponse.js"
import type { FaultPlan } from "./faultPlan.js"
import { CurrentExchange, type Exchange } from "./requestLog.js"

const reasonPhrases = { 502: "Bad Gateway", 503: "Service Temporarily Unavailable" } as const

/** What a reverse proxy in front of the API answers when the upstream is away: HTML, not the API's JSON. */
const proxyErrorPage = (status: keyof typeof reasonPhrases) =>
  HttpServerResponse.text(
    `<html>\r\n<head><title>${status} ${reasonPhrases[status]}</title></head>\r\n<body>\r\n` +
      `<center><h1>${status} ${
        reasonPhrases[status]
      }</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    { status, contentType: "text/html" }
  )

/** A complete 200 answer that is not JSON at all, as a captive portal or a misrouted request gets. */
const nonJsonPage = HttpServerResponse.text(
  "<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body><p>We will be back soon.</p></body></html>\n",
  { contentType: "text/html" }
)

/** Cuts the connection before anything is answered. */
const dropConnection = (nodeResponse: Http.ServerResponse, exchange: Exchange) =>
  Effect.async<never>(() => {
    exchange.markClosedByServer()
    nodeResponse.socket?.destroy()
  })

/**
 * Sends the status, the headers with the full `Content-Length`, and half of the body; then
 * `cut` cuts the connection (the client sees a body that ends too early), and `hold` sends
 * nothing more until the client closes it.
 */
const halfAnswer = (
  nodeResponse: Http.ServerResponse,
  response: HttpServerResponse.HttpServerResponse,
  exchange: Exchange,
  then: "cut" | "hold"
) => {
  const body = response.body
  // The API's answers are all encoded JSON; anything else has no length to cut, so it is dropped.
  if (body._tag !== "Uint8Array") return dropConnection(nodeResponse, exchange)
  return Effect.async<never>(() => {
    if (then === "cut") exchange.markClosedByServer()
    nodeResponse.writeHead(response.status, {
      ...response.headers,
      "content-type": body.contentType,
      "content-length": String(body.body.length)
    })
    nodeResponse.write(body.body.subarray(0, Math.floor(body.body.length / 2)), () => {
      if (then === "cut") nodeResponse.socket?.destroy()
    })
  })
}

/**
 * A scripted answer as it is sent: its own status, headers and body, with its length, and
 * `application/octet-stream` unless it names a `content-type`.
 */
const scriptedAnswer = (answer: MockServer.Answer) =>
  HttpServerResponse.uint8Array(new TextEncoder().encode(answer.body ?? ""), {
    status: answer.status,
    headers: answer.headers ?? {}
  })

/**
 * The fault layer, between the request log and the API: adds latency, and replaces the API's
 * answer with the fault the plan decided. Socket-level faults act on node's response object
 * (reached through `NodeHttpServerRequest.toServerResponse`); the fiber then waits for node's
 * `close` event, which interrupts it.
 *
 * Scripted answers and the faults that answer before the API (`http5xx`, `http429`,
 * `dropConnection`, `nonJsonBody`, `hang`) leave the server's state untouched; `truncateBody`,
 * `stallBody` and `slowAnswer` let the API act first, so a cut-off `create` did create the
 * credential, as a real ambiguous failure would.
 *
 * @internal
 */
export const withFaults = (plan: FaultPlan) =>
<E, R>(
  app: HttpApp.Default<E, R>
): HttpApp.Default<E, R | CurrentExchange | HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function*() {
    const decision = plan.decide()
    const exchange = yield* CurrentExchange
    if (decision.fault !== undefined) exchange.markFault(decision.fault)
    if (decision.latencyMs > 0) yield* Effect.sleep(Duration.millis(decision.latencyMs))
    const nodeResponse = NodeHttpServerRequest.toServerResponse(yield* HttpServerRequest.HttpServerRequest)
    if (decision.answer !== undefined) return scriptedAnswer(decision.answer)
    switch (decision.fault) {
      case undefined:
        return yield* app
      case "http500":
        return yield* apiErrorResponse(500, "Internal Server Error")
      case "http502":
        return proxyErrorPage(502)
      case "http503":
        return proxyErrorPage(503)
      case "http429":
        return yield* apiErrorResponse(429, "Rate limit exceeded", {
          "retry-after": String(decision.retryAfterSeconds)
        })
      case "nonJsonBody":
        return nonJsonPage
      case "hang":
        return yield* Effect.never
      case "slowAnswer":
        yield* Effect.sleep(Duration.millis(decision.slowAnswerMs))
        return yield* app
      case "dropConnection":
        return yield* dropConnection(nodeResponse, exchange)
      case "truncateBody":
        return yield* halfAnswer(nodeResponse, yield* app, exchange, "cut")
      case "stallBody":
        return yield* halfAnswer(nodeResponse, yield* app, exchange, "hold")
    }
  })
