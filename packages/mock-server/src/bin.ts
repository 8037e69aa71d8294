#!/usr/bin/env node
/**
 * `openrouter-byok-mock-server --port 4010 --keys 500 --api-key sk-test [--fault-rate 0.1 ...]`:
 * the mock BYOK server on its own, for curl, the official SDK or any other client. Serves
 * until stopped (Ctrl-C). `--help` lists the flags.
 */
import { parseCommandLine, usage } from "./cliArguments.js"
import { formatRequest } from "./requestLog.js"
import { defaultApiKey, start } from "./server.js"

const messageOf = (cause: unknown): string => cause instanceof Error ? cause.message : String(cause)

const main = async (): Promise<void> => {
  const parsed = parseCommandLine(process.argv.slice(2))
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${usage}`)
    process.exitCode = 2
    return
  }
  if (parsed.command._tag === "Help") {
    console.log(usage)
    return
  }
  const { logRequests, server: options } = parsed.command
  let server
  try {
    server = await start(options)
  } catch (cause) {
    // A port in use (or out of range) is for the user to fix: one line, not a stack trace.
    console.error(`Cannot serve on port ${options.port}: ${messageOf(cause)}`)
    process.exitCode = 1
    return
  }
  console.log(
    [
      `OpenRouter BYOK mock server listening on ${server.url}`,
      `  ${options.keys?.length ?? 0} credentials (seed ${options.seed}), ` +
      `${options.shape ?? "newest"} shape, transient fault rate ${options.faults.transientRate ?? 0}`,
      // A key given on the command line is not echoed; the default one is public.
      `  Management key: ${options.apiKey === undefined ? defaultApiKey : "the one given with --api-key"}`,
      `  Try: curl -H "Authorization: Bearer $KEY" "${server.url}/byok?limit=5"`,
      `  Point the client at it with apiUrl: "${server.url}". Ctrl-C to stop.`
    ].join("\n")
  )
  // The request log never holds a key, so it is safe to print.
  if (logRequests) server.onRequestCompleted((request) => console.log(formatRequest(request)))
  const stop = () => void server.close().then(() => process.exit(0))
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}

void main()
