/** What an HTTP header value may hold (as node:http checks it): no line break or other control character. */
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/

/**
 * The name of the first value HTTP cannot carry in a header, if any. Checked before sending
 * because the HTTP stacks fail late and badly on it: fetch quotes the value (the API key) in
 * its error, node:http throws.
 */
export const unsendableHeader = (values: Readonly<Record<string, string | undefined>>): string | undefined =>
  Object.entries(values).find(([, value]) => value !== undefined && !headerValue.test(value))?.[0]
