import type * as Http from "node:http"
import type { Answer } from "./faultPlan.js"

/**
 * An answer as the server is about to send it: status, headers (lower-case names, the
 * `content-type` among them) and the body's bytes, sent with their `Content-Length`.
 */
export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

const utf8 = new TextEncoder()

/** A reply whose body is `value` as JSON. */
export const jsonReply = (status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): Reply => ({
  status,
  headers: { ...headers, "content-type": "application/json" },
  body: utf8.encode(JSON.stringify(value))
})

/** A reply whose body is `text`, of the given content type. */
export const textReply = (status: number, text: string, contentType: string): Reply => ({
  status,
  headers: { "content-type": contentType },
  body: utf8.encode(text)
})

/**
 * An error answer in the API's documented shape, `{"error":{"code":...,"message":...}}`.
 */
export const apiErrorReply = (status: number, message: string, headers?: Readonly<Record<string, string>>): Reply =>
  jsonReply(status, { error: { code: status, message } }, headers)

/** A scripted answer as it is sent: `application/octet-stream` unless it names a `content-type`. */
export const replyOfAnswer = (answer: Answer): Reply => ({
  status: answer.status,
  headers: { "content-type": "application/octet-stream", ...answer.headers },
  body: utf8.encode(answer.body ?? "")
})

/** A redirect with an empty body. */
export const redirectReply = (status: number, location: string): Reply => ({
  status,
  headers: { location },
  body: new Uint8Array()
})

/** The body of a reply as text (UTF-8). */
export const bodyText = (reply: Reply): string => new TextDecoder().decode(reply.body)

const headersOf = (reply: Reply): Record<string, string> => ({
  ...reply.headers,
  "content-length": String(reply.body.length)
})

/** Sends a reply whole; a `HEAD` request gets its headers only. */
export const sendReply = (response: Http.ServerResponse, reply: Reply, method: string | undefined): void => {
  response.writeHead(reply.status, headersOf(reply))
  response.end(method === "HEAD" ? undefined : reply.body)
}

/**
 * Sends the status, the headers with the full `Content-Length`, and half of the body, then
 * calls `afterHalf` once that half is written.
 */
export const sendHalfReply = (response: Http.ServerResponse, reply: Reply, afterHalf: () => void): void => {
  response.writeHead(reply.status, headersOf(reply))
  response.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)), afterHalf)
}
