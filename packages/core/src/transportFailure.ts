/**
 * Error codes that mean the connection was never established, so nothing was sent
 * (`UND_ERR_CONNECT_TIMEOUT`: fetch gave up connecting).
 */
export const notConnectedCodes: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
])

/** The `code`s and messages along an error's cause chain (fetch wraps the socket error in `cause`). */
const causeChain = (error: unknown): Array<{ readonly code?: string; readonly message?: string }> => {
  const chain: Array<{ code?: string; message?: string }> = []
  let current: unknown = error
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const { code, message, errors } = current as { code?: unknown; message?: unknown; errors?: unknown }
    chain.push({
      ...(typeof code === "string" ? { code } : {}),
      ...(typeof message === "string" ? { message } : {})
    })
    // An AggregateError (one per address tried) counts as not connected only if every attempt was.
    if (Array.isArray(errors) && errors.length > 0) {
      const codes = errors.map((e) => (e as { code?: unknown })?.code)
      if (codes.every((c) => typeof c === "string" && notConnectedCodes.has(c))) {
        chain.push({ code: codes[0] as string })
      }
    }
    current = (current as { cause?: unknown }).cause
  }
  return chain
}

/**
 * What an HTTP stack's error says of a failed request: whether the connection was certainly
 * never established (`refused`), and the codes and messages of its causes, joined. The error
 * itself is left out (an HTTP library's own message may quote the request), and so is
 * everything but codes and messages (a request object holds the headers, and the key).
 */
export const transportFailureOf = (error: unknown): { readonly refused: boolean; readonly description: string } => {
  const chain = causeChain(error).slice(1)
  return {
    refused: chain.some((link) => link.code !== undefined && notConnectedCodes.has(link.code)),
    description: chain
      .map((link) => link.code ?? link.message)
      .filter((part): part is string => part !== undefined && part !== "")
      .join(": ")
  }
}
