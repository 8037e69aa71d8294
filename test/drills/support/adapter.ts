/**
 * The Effect 3 edition's runner of the shared scenario tables (`openrouter-byok-scenarios`): it
 * starts `openrouter-byok-mock-server` as the scenario says, runs the call with this edition's
 * client over a real HTTP stack, moves the `TestClock` when the scenario runs on it, and
 * returns what it saw as plain data for `differences`.
 */
import { OpenRouterByok } from "effect-openrouter-byok"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HashMap from "effect/HashMap"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Supervisor from "effect/Supervisor"
import * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"
import * as Tracer from "effect/Tracer"
import { type LoggedRequest, type MockServerHandle, start } from "openrouter-byok-mock-server"
import { apiKeyMarker, type Call, type Observed, type Scenario, withSecrets } from "openrouter-byok-scenarios"
import { defaultRequestTimeout } from "../../../src/internal/openRouterByok.js"
import { type HttpStack, nodeStack } from "../../support/clients.js"
import { RecordedSpan, renderings } from "../../support/observe.js"
import { untilSleepingUntil } from "./sleeps.js"

/** A mock server for the run, closed (every connection cut) when the run's scope closes. */
const mockServer = (options: Parameters<typeof start>[0]): Effect.Effect<MockServerHandle, never, Scope.Scope> =>
  Effect.acquireRelease(Effect.promise(() => start(options)), (server) => Effect.promise(() => server.close()))

/** What the caller got back: the ids, and how many. */
interface Received {
  readonly ids: ReadonlyArray<string> | undefined
  readonly count: number | undefined
}

/** The call as this edition's client runs it; `received` gets each credential's id as it arrives. */
const run = (byok: OpenRouterByok.Service, call: Call, received: Array<string>): Effect.Effect<Received, unknown> => {
  const args = (value: unknown): any => withSecrets(value, (secret) => Redacted.make(secret))
  const one = (effect: Effect.Effect<{ readonly id: string }, unknown>) =>
    Effect.map(effect, (key): Received => {
      received.push(key.id)
      return { ids: [key.id], count: 1 }
    })
  const all = (): Received => ({ ids: [...received], count: received.length })
  switch (call.operation) {
    case "list":
      return Effect.as(
        Stream.runForEach(
          byok.list(args(call.params)),
          (page) => Effect.sync(() => received.push(...page.data.map((key) => key.id)))
        ),
        undefined
      ).pipe(Effect.map(all))
    case "listItems":
      return Effect.as(
        Stream.runForEach(byok.listItems(args(call.params)), (key) => Effect.sync(() => received.push(key.id))),
        undefined
      ).pipe(Effect.map(all))
    case "get":
      return one(byok.get(args(call.id)))
    case "create":
      return one(byok.create(args(call.input)))
    case "update":
      return one(byok.update(args(call.id), args(call.patch)))
    case "delete":
      return Effect.as(byok.delete(args(call.id)), { ids: undefined, count: undefined } satisfies Received)
  }
}

/** What the drill moves the clock for, or that the call is over. */
type Event =
  | { readonly _tag: "Retry"; readonly waitMillis: number }
  | { readonly _tag: "HeldBack"; readonly sequence: number }
  | { readonly _tag: "Done" }

const isHeldBack = (request: LoggedRequest) =>
  !request.completed && (request.fault === "hang" || request.fault === "stallBody")

/** The error's own fields, its tag among them, as plain data. */
const fieldsOf = (error: unknown): Record<string, unknown> => ({
  ...(error as Record<string, unknown>),
  _tag: (error as { readonly _tag?: unknown })._tag
})

/**
 * Runs `scenario` with the Effect 3 edition over `http` (node:http unless told), and returns
 * what the caller and the server saw.
 */
export const runScenario = (
  scenario: Scenario,
  http: HttpStack = nodeStack
): Effect.Effect<Observed, never, Scope.Scope> =>
  Effect.gen(function*() {
    const plan = scenario.server ?? {}
    const server = yield* mockServer({ apiKey: apiKeyMarker, ...plan.options })
    let elsewhere: MockServerHandle | undefined
    if (plan.redirectElsewhere !== undefined) {
      elsewhere = yield* mockServer({ apiKey: apiKeyMarker })
      server.misbehave({
        ...plan.options?.misbehaviour,
        redirect: { status: plan.redirectElsewhere.status, location: `${elsewhere.url}${plan.redirectElsewhere.path}` }
      })
    }
    if (plan.faultProfile !== undefined) server.setFaults(plan.faultProfile)
    if (plan.faults !== undefined) server.injectFaults(plan.faults)

    const client = scenario.client ?? {}
    const apiUrl = client.apiUrl === undefined || client.apiUrl === "server"
      ? server.url
      : client.apiUrl === "refused"
      ? yield* Effect.scoped(Effect.map(mockServer({}), (refused) => refused.url))
      : client.apiUrl
    const retrying = client.retries ?? "none"
    const httpClient = yield* Layer.build(http.layer)
    const byok = yield* OpenRouterByok.make({
      apiKey: Redacted.make(apiKeyMarker),
      apiUrl,
      ...(retrying === "default"
        ? {}
        : { retrySchedule: retrying === "none" ? Schedule.stop : Schedule.recurs(retrying) }),
      ...(client.requestTimeout === undefined ? {} : {
        // As given, a value the types forbid included: a number is milliseconds.
        requestTimeout: client.requestTimeout as Duration.DurationInput
      })
    }).pipe(Effect.provide(httpClient))

    const events = yield* Queue.unbounded<Event>()
    const logs: Array<string> = []
    const retries: Array<Observed["retries"][number]> = []
    const heldBack: Array<Observed["heldBack"][number]> = []
    const spans: Array<RecordedSpan> = []
    const tracer = Tracer.make({
      span: (name, parent, context, _links, startTime, kind) => {
        const span = new RecordedSpan(name, parent, context, kind, startTime, spans.length)
        spans.push(span)
        return span
      },
      context: (f) => f()
    })
    const logger = Logger.make((options) => {
      logs.push(Logger.logfmtLogger.log(options))
      const errorTag = HashMap.get(options.annotations, "byok.retry.error")
      const waitMillis = HashMap.get(options.annotations, "byok.retry.waitMillis")
      if (Option.isNone(errorTag) || Option.isNone(waitMillis)) return
      const retry = {
        errorTag: String(errorTag.value),
        message: (Array.isArray(options.message) ? options.message : [options.message]).map(String).join(" "),
        waitMillis: Number(waitMillis.value)
      }
      retries.push(retry)
      Queue.unsafeOffer(events, { _tag: "Retry", waitMillis: retry.waitMillis })
    })
    const received: Array<string> = []
    const announced = new Set<number>()
    const stopWatching = server.onRequestsChanged(() => {
      for (const request of server.requests()) {
        if (isHeldBack(request) && !announced.has(request.sequence)) {
          announced.add(request.sequence)
          Queue.unsafeOffer(events, { _tag: "HeldBack", sequence: request.sequence })
        }
      }
    })
    yield* Effect.addFinalizer(() => Effect.sync(stopWatching))

    const supervisor = yield* Supervisor.track
    const fiber = yield* Effect.fork(
      run(byok, scenario.call, received).pipe(
        (effect) => Effect.supervised(effect, supervisor),
        // Failures are logged too, as a user's program would, so that their log rendering is searched.
        Effect.tapErrorCause((cause) => Effect.logError("operation failed", cause)),
        Effect.ensuring(Queue.offer(events, { _tag: "Done" })),
        Effect.withTracer(tracer),
        Logger.withMinimumLogLevel(LogLevel.All),
        Effect.provide(Logger.replace(Logger.defaultLogger, logger))
      )
    )
    let interruption: { readonly millis: number; readonly received: number } | undefined
    const interruptPlan = scenario.interrupt
    if (interruptPlan !== undefined) {
      if (interruptPlan._tag === "WhenReceived") {
        yield* Effect.promise(() => server.waitForRequests((requests) => requests.length >= interruptPlan.requests))
      } else {
        while ((yield* Queue.take(events))._tag !== "Retry") {
          // Only the announcement of a retry matters here.
        }
      }
      const startedAt = Date.now()
      yield* Fiber.interrupt(fiber)
      interruption = { millis: Date.now() - startedAt, received: received.length }
      // Past any wait the client had begun: nothing more may be sent.
      if (scenario.clock === "test") yield* TestClock.adjust("1 minute")
    } else if (scenario.clock === "test") {
      const timeoutMillis = typeof client.requestTimeout === "number"
        ? client.requestTimeout
        : Duration.toMillis(defaultRequestTimeout)
      // The wait for the next event is in real time: on the TestClock it would never end.
      const nextEvent = Queue.take(events).pipe(
        Effect.timeout("20 seconds"),
        TestServices.provideLive,
        Effect.orDieWith(() => new Error(`scenario stuck: ${server.requests().length} request(s) received`))
      )
      let done = false
      while (!done) {
        const event = yield* nextEvent
        if (event._tag === "Done") done = true
        else if (event._tag === "HeldBack") {
          // The attempt's deadline was set as it began, before its request could reach the server's log.
          yield* TestClock.adjust(timeoutMillis - 1)
          const openUntilDeadline = server.requests().some((request) =>
            request.sequence === event.sequence && !request.completed
          )
          heldBack.push({ sequence: event.sequence, openUntilDeadline })
          yield* TestClock.adjust(1)
        } else if (event.waitMillis > 0) {
          yield* untilSleepingUntil((yield* Clock.currentTimeMillis) + event.waitMillis)
          yield* TestClock.adjust(event.waitMillis)
        }
      }
    }
    const exit = yield* Fiber.await(fiber)
    const fibersLeft: number | undefined = (yield* supervisor.value).length
    const clockMillis = yield* Clock.currentTimeMillis
    const requests = yield* Effect.promise(() =>
      server.waitForRequests((requests) => requests.every((request) => request.completed), { timeoutMs: 5_000 })
    )
    const outcome: Observed["outcome"] = Exit.match(exit, {
      onSuccess: ({ count, ids }) => ({ _tag: "Success", ids, count }),
      onFailure: (cause) => {
        const failure = Cause.failureOption(cause)
        if (Option.isSome(failure)) {
          const error = failure.value
          return {
            _tag: "Failure",
            error: fieldsOf(error),
            message: String((error as { readonly message?: unknown }).message),
            json: JSON.stringify(error),
            renderings: renderings(error)
          }
        }
        return Cause.isInterruptedOnly(cause)
          ? { _tag: "Interrupted" }
          : { _tag: "Defect", description: Cause.pretty(cause) }
      }
    })
    return {
      outcome,
      serverUrl: server.url,
      requests,
      storedKeys: server.keys(),
      logs,
      retries,
      heldBack,
      spans: spans.map((span) => span.render()),
      ...(elsewhere === undefined ? {} : {
        elsewhereRequests: elsewhere.requests(),
        elsewhereOrigin: new URL(elsewhere.url).origin
      }),
      ...(scenario.clock === "test" ? { clockMillis } : {}),
      ...(interruption === undefined ? {} : {
        interruptMillis: interruption.millis,
        receivedBeforeInterruption: interruption.received
      }),
      ...(fibersLeft === undefined ? {} : { fibersLeft })
    }
  })
