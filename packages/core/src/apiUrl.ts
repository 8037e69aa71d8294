/** The checked base URL, or why it is refused. */
export type ApiUrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string }

const refused = (reason: string): ApiUrlCheck => ({ ok: false, reason })

export const defaultApiUrl = "https://openrouter.ai/api/v1"

// Only names that never leave the machine: `*.localhost` is not here because Node resolves it
// through DNS, where a resolver could answer with any address.
const isLoopbackHost = (hostname: string): boolean =>
  hostname === "localhost" ||
  hostname === "[::1]" ||
  /^127(\.\d{1,3}){3}$/.test(hostname)

/**
 * Checks the API base URL: `https://` anywhere, plain `http://` only to a loopback host (a
 * local mock server), so a management key never crosses a network unencrypted. Returns the
 * URL without a trailing slash, or why it is refused.
 */
export const validateApiUrl = (apiUrl: string): ApiUrlCheck => {
  let url: URL
  try {
    url = new URL(apiUrl)
  } catch {
    // Not quoted: a value that is not a URL may well be a key passed in the wrong place.
    return refused("apiUrl is not a valid URL")
  }
  if (url.username !== "" || url.password !== "") {
    return refused("apiUrl must not carry credentials; pass the key as apiKey")
  }
  if (url.search !== "" || url.hash !== "") {
    return refused("apiUrl must not have a query or a fragment")
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return refused(
      `apiUrl ${url.origin} uses plain http:// to a non-loopback host; the management key would travel unencrypted. Use https://`
    )
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return refused(`apiUrl must be an https:// URL, not ${url.protocol}`)
  }
  return { ok: true, url: url.href.replace(/\/+$/, "") }
}
