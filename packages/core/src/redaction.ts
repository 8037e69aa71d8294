// How text and data that come from a server are made safe to keep in an error.
// Proxies and debug endpoints echo the request they answer, so what a server says may hold
// the keys the request carried; and a server may say a lot.

/**
 * What stands in an error where a secret was.
 */
export const redactedMark = "<redacted>"

/**
 * How many characters of the server's text an error message quotes.
 */
export const maxQuotedLength = 300

/**
 * How deep the server's `metadata` is kept; deeper parts are replaced by a note.
 */
export const maxMetadataDepth = 32

/** What a request looks like to {@link secretsOf}: an `HttpClientRequest` is one. */
export interface RequestWithSecrets {
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: { readonly _tag: string; readonly body?: unknown }
}

/**
 * The secrets a request carries: its bearer token (the management key) and the `key` of its
 * JSON body (the provider key `create` and a rotating `update` send).
 */
export const secretsOf = (request: RequestWithSecrets): ReadonlyArray<string> => {
  const secrets: Array<string> = []
  const authorization = request.headers["authorization"]
  if (authorization !== undefined) secrets.push(authorization.replace(/^Bearer\s+/i, ""))
  const body = request.body.body
  if (request.body._tag === "Uint8Array" && body instanceof Uint8Array) {
    try {
      const json: unknown = JSON.parse(new TextDecoder().decode(body))
      if (typeof json === "object" && json !== null && typeof (json as { key?: unknown }).key === "string") {
        secrets.push((json as { key: string }).key)
      }
    } catch {
      // Not JSON: no key in it.
    }
  }
  // Each secret as it may be echoed: as sent, escaped in JSON, encoded in a URL. Longest first.
  const forms = secrets.filter((secret) => secret !== "").flatMap((secret) => [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret)
  ])
  return [...new Set(forms)].sort((a, b) => b.length - a.length)
}

/**
 * `text` with every occurrence of each secret replaced by {@link redactedMark}.
 */
export const redact = (text: string, secrets: ReadonlyArray<string>): string =>
  secrets.reduce((acc, secret) => acc.includes(secret) ? acc.split(secret).join(redactedMark) : acc, text)

/**
 * The start of `text`, at most `max` characters (never half a surrogate pair), with the full
 * length said when it was cut. Redact first: a secret cut in two would no longer be found.
 */
export const excerpt = (text: string, max: number = maxQuotedLength): string => {
  if (text.length <= max) return text
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max
  return `${text.slice(0, end)}... (${text.length} characters)`
}

/**
 * A copy of a JSON value with each string (and key) redacted, and what lies deeper than
 * `maxDepth` replaced by a note, so that any rendering of it (`JSON.stringify`, inspection)
 * is bounded in depth.
 */
export const redactJson = (
  value: unknown,
  secrets: ReadonlyArray<string>,
  maxDepth: number = maxMetadataDepth
): unknown => {
  const copy = (current: unknown, depth: number): unknown => {
    if (typeof current === "string") return redact(current, secrets)
    if (typeof current !== "object" || current === null) return current
    if (depth === maxDepth) return `<nested deeper than ${maxDepth} levels>`
    if (Array.isArray(current)) return current.map((item) => copy(item, depth + 1))
    const result: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(current)) {
      Object.defineProperty(result, redact(key, secrets), {
        value: copy(item, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true
      })
    }
    return result
  }
  return copy(value, 0)
}
