/**
 * How a scripted transport answers one request: the vocabulary of the test transports
 * (`StubHttpClient`, and the loopback server).
 */

/** How a scripted transport answers one request. */
export type Reply =
  /** A complete answer. */
  | {
    readonly _tag: "Answer"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
  }
  /** The connection is destroyed before any byte of an answer. */
  | { readonly _tag: "Destroy" }
  /** The status, headers and the first part of the body, then the connection is destroyed. */
  | {
    readonly _tag: "Truncate"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
    readonly declaredLength: number
  }
  /** The status, headers and the first part of the body, then nothing more, ever. */
  | {
    readonly _tag: "Stall"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
    readonly declaredLength: number
  }
  /** No answer at all: the request stays open until the client gives up. */
  | { readonly _tag: "Hang" }

const jsonHeaders = { "content-type": "application/json" }

/** Constructors of {@link Reply}. */
export const Reply = {
  json: (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Reply => ({
    _tag: "Answer",
    status,
    headers: { ...jsonHeaders, ...headers },
    body: JSON.stringify(body)
  }),
  text: (status: number, body: string, headers: Readonly<Record<string, string>> = {}): Reply => ({
    _tag: "Answer",
    status,
    headers,
    body
  }),
  destroy: { _tag: "Destroy" } as Reply,
  hang: { _tag: "Hang" } as Reply,
  /** A JSON body cut off after `keep` characters, though `Content-Length` announces all of it. */
  truncated: (status: number, body: unknown, keep: number): Reply => {
    const text = JSON.stringify(body)
    return {
      _tag: "Truncate",
      status,
      headers: jsonHeaders,
      body: text.slice(0, keep),
      declaredLength: Buffer.byteLength(text)
    }
  },
  /** A JSON body of which only the first `keep` characters are ever sent. */
  stalled: (status: number, body: unknown, keep: number): Reply => {
    const text = JSON.stringify(body)
    return {
      _tag: "Stall",
      status,
      headers: jsonHeaders,
      body: text.slice(0, keep),
      declaredLength: Buffer.byteLength(text)
    }
  }
}
