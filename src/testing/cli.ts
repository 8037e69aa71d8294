/**
 * `npm run mock-server -- --port 4010 --keys 500 --api-key sk-test [--fault-rate 0.1 ...]`:
 * the mock BYOK server on its own, for curl, the official SDK or any other client. Serves
 * until stopped (Ctrl-C). `--help` lists the flags.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as CliArguments from "./internal/cliArguments.js"
import * as MockServer from "./MockServer.js"

const serve = (command: Extract<CliArguments.CliCommand, { _tag: "Serve" }>) =>
  Effect.gen(function*() {
    const server = yield* MockServer.make(command.server)
    const faults = command.server.faults
    yield* Console.log(
      [
        `OpenRouter BYOK mock server listening on ${server.url}`,
        `  ${command.server.keys?.length ?? 0} credentials (seed ${command.server.seed}), ` +
        `${command.server.shape ?? "newest"} shape, transient fault rate ${faults?.transientRate ?? 0}`,
        // A key given on the command line is not echoed; the default one is public.
        `  Management key: ${
          command.server.apiKey === undefined ? MockServer.defaultApiKey : "the one given with --api-key"
        }`,
        `  Try: curl -H "Authorization: Bearer $KEY" "${server.url}/byok?limit=5"`,
        `  Point the client at it with apiUrl: "${server.url}". Ctrl-C to stop.`
      ].join("\n")
    )
    // The request log never holds a key, so it is safe to print.
    yield* command.logRequests
      ? Stream.runForEach(server.completedRequests, (request) => Console.log(MockServer.formatRequest(request)))
      : Effect.never
  }).pipe(
    Effect.scoped,
    // A port in use (or out of range) is for the user to fix: one line, not a stack trace.
    Effect.catchTag("ServeError", (error) =>
      Console.error(`Cannot serve on port ${command.server.port}: ${messageOf(error.cause)}`).pipe(
        Effect.zipRight(Effect.sync(() => {
          process.exitCode = 1
        }))
      ))
  )

const messageOf = (cause: unknown): string => cause instanceof Error ? cause.message : String(cause)

const main = Effect.suspend(() => {
  const command = CliArguments.parse(process.argv.slice(2))
  if (Either.isLeft(command)) {
    return Console.error(`${command.left}\n\n${CliArguments.usage}`).pipe(
      Effect.zipRight(Effect.sync(() => {
        process.exitCode = 2
      }))
    )
  }
  return command.right._tag === "Help" ? Console.log(CliArguments.usage) : serve(command.right)
})

NodeRuntime.runMain(main)
