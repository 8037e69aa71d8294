import { type ApiUrlCheck, defaultApiUrl, validateApiUrl } from "./apiUrl.js"

/** What an HTTP header value may hold (as node:http checks it): no line break or other control character. */
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/

/**
 * The name of the first value HTTP cannot carry in a header, if any. Checked before sending
 * because the HTTP stacks fail late and badly on it: fetch quotes the value (the API key) in
 * its error, node:http throws.
 */
export const unsendableHeader = (values: Readonly<Record<string, string | undefined>>): string | undefined =>
  Object.entries(values).find(([, value]) => value !== undefined && !headerValue.test(value))?.[0]

/** What a client is given to reach the API, the key out of its `Redacted`. */
export interface ConnectionSettings {
  readonly apiKey: string
  readonly apiUrl?: string | undefined
  readonly httpReferer?: string | undefined
  readonly appTitle?: string | undefined
  readonly appCategories?: string | undefined
}

/**
 * The base URL every request goes to, or why no request can be sent: a value a header cannot
 * carry (named, never quoted), or a URL `validateApiUrl` refuses.
 */
export const checkConnection = (settings: ConnectionSettings): ApiUrlCheck => {
  const unsendable = unsendableHeader({
    apiKey: settings.apiKey,
    httpReferer: settings.httpReferer,
    appTitle: settings.appTitle,
    appCategories: settings.appCategories
  })
  return unsendable === undefined
    ? validateApiUrl(settings.apiUrl ?? defaultApiUrl)
    : { ok: false, reason: `${unsendable} contains a line break or another character an HTTP header cannot carry` }
}

/** The headers every request carries beside the key: JSON wanted, and the calling app's names, where given. */
export const requestHeaders = (settings: ConnectionSettings): Record<string, string> => ({
  accept: "application/json",
  ...(settings.httpReferer === undefined ? {} : { "HTTP-Referer": settings.httpReferer }),
  ...(settings.appTitle === undefined ? {} : { "X-OpenRouter-Title": settings.appTitle }),
  ...(settings.appCategories === undefined ? {} : { "X-OpenRouter-Categories": settings.appCategories })
})

/**
 * A body without its fields set to `undefined`: JSON leaves them out, so they mean "left out",
 * as the types allow for callers without `exactOptionalPropertyTypes`.
 */
export const withoutUndefinedFields = <Body>(body: Body): Body =>
  typeof body === "object" && body !== null && !Array.isArray(body) && Object.values(body).includes(undefined)
    ? Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Body
    : body
