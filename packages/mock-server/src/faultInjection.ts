import type * as Http from "node:http"
import type { Decision } from "./faultPlan.js"
import { apiErrorReply, type Reply, replyOfAnswer, sendHalfReply, textReply } from "./reply.js"
import type { Exchange } from "./requestLog.js"

const reasonPhrases = { 502: "Bad Gateway", 503: "Service Temporarily Unavailable" } as const

/** What a reverse proxy in front of the API answers when the upstream is away: HTML, not the API's JSON. */
const proxyErrorPage = (status: keyof typeof reasonPhrases): Reply =>
  textReply(
    status,
    `<html>\r\n<head><title>${status} ${reasonPhrases[status]}</title></head>\r\n<body>\r\n` +
      `<center><h1>${status} ${
        reasonPhrases[status]
      }</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    "text/html"
  )

/** A complete 200 answer that is not JSON at all, as a captive portal or a misrouted request gets. */
const nonJsonPage = textReply(
  200,
  "<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body><p>We will be back soon.</p></body></html>\n",
  "text/html"
)

/** What the fault layer needs of one exchange. */
export interface FaultedExchange {
  readonly response: Http.ServerResponse
  readonly exchange: Exchange
  /** The API's own answer; calling it lets the API act (create, update, delete). */
  readonly apiReply: () => Reply
  /** Resolves after `ms` milliseconds, or never when the connection closes first. */
  readonly wait: (ms: number) => Promise<void>
}

/** Cuts the connection before anything is answered. */
const dropConnection = ({ exchange, response }: FaultedExchange): undefined => {
  exchange.markClosedByServer()
  response.socket?.destroy()
  return undefined
}

/**
 * The fault layer, between the request log and the API: waits the added latency, then gives
 * the reply the plan decided, or acts on the socket itself and gives `undefined`.
 *
 * Scripted answers and the faults that answer before the API (`http5xx`, `http429`,
 * `dropConnection`, `nonJsonBody`, `hang`) leave the server's state untouched; `truncateBody`
 * and `stallBody` let the API act first, so a cut-off `create` did create the credential, as a
 * real ambiguous failure would; `slowAnswer` lets it act after the delay, if the client is
 * still there.
 */
export const faultedReply = async (decision: Decision, faulted: FaultedExchange): Promise<Reply | undefined> => {
  const { apiReply, exchange, response, wait } = faulted
  if (decision.fault !== undefined) exchange.markFault(decision.fault)
  if (decision.latencyMs > 0) await wait(decision.latencyMs)
  if (decision.answer !== undefined) return replyOfAnswer(decision.answer)
  switch (decision.fault) {
    case undefined:
      return apiReply()
    case "http500":
      return apiErrorReply(500, "Internal Server Error")
    case "http502":
      return proxyErrorPage(502)
    case "http503":
      return proxyErrorPage(503)
    case "http429":
      return apiErrorReply(429, "Rate limit exceeded", { "retry-after": String(decision.retryAfterSeconds) })
    case "nonJsonBody":
      return nonJsonPage
    case "hang":
      // Accepted and never answered: the exchange ends when the client or `close` cuts it.
      return undefined
    case "slowAnswer":
      await wait(decision.slowAnswerMs)
      return apiReply()
    case "dropConnection":
      return dropConnection(faulted)
    case "truncateBody": {
      exchange.markClosedByServer()
      sendHalfReply(response, apiReply(), () => response.socket?.destroy())
      return undefined
    }
    case "stallBody":
      // Half of the body, then nothing more until the client closes the connection.
      sendHalfReply(response, apiReply(), () => undefined)
      return undefined
  }
}
