/**
 * The management key never travels in clear over a network: the `apiUrl`s every operation
 * must refuse before its HTTP client is called (plain `http://` to a host that is not
 * loopback, credentials or a query in the URL, other schemes), and the ones it must accept,
 * with where its requests then go. Each edition runs them on its stub `HttpClient`, which
 * records whatever it is asked to send.
 */

export const refusedApiUrls: ReadonlyArray<string> = [
  "http://example.com",
  "http://example.com/api/v1",
  "HTTP://EXAMPLE.COM/api/v1",
  "http://example.com:443/api/v1",
  "http://openrouter.ai/api/v1",
  "http://127.0.0.1.example.com/api/v1",
  "http://localhost.example.com/api/v1",
  "http://10.0.0.1/api/v1",
  "http://192.168.1.10:8080/api/v1",
  "http://0.0.0.0/api/v1",
  "http://[::ffff:127.0.0.1]/api/v1",
  "ws://127.0.0.1/api/v1",
  "ftp://example.com/api/v1",
  "file:///etc/hosts",
  "https://user:password@example.com/api/v1",
  "https://example.com/api/v1?key=1",
  "not a url"
]

/** Allowed, and the base its requests go to. */
export const allowedApiUrls: ReadonlyArray<readonly [apiUrl: string, base: string]> = [
  ["http://127.0.0.1:8080/api/v1", "http://127.0.0.1:8080/api/v1"],
  ["http://127.0.0.2/api/v1", "http://127.0.0.2/api/v1"],
  ["http://127.255.255.254:9/api/v1", "http://127.255.255.254:9/api/v1"],
  ["http://127.1/api/v1", "http://127.0.0.1/api/v1"],
  ["http://2130706433/api/v1", "http://127.0.0.1/api/v1"],
  ["http://localhost:3000/api/v1/", "http://localhost:3000/api/v1"],
  ["http://[::1]:3000/api/v1", "http://[::1]:3000/api/v1"],
  ["https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1"],
  ["https://example.com:8443/proxy/api/v1", "https://example.com:8443/proxy/api/v1"]
]
