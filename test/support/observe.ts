/**
 * Everything the library lets out besides its return value, captured so that tests can look
 * for secrets in it: every rendering of an error, log lines, and spans.
 */
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Inspectable from "effect/Inspectable"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"

/** Every way a user may render an error: `message`, `String`, JSON, `Cause.pretty`, `toString`, inspection. */
export const renderings = (error: unknown): ReadonlyArray<string> => [
  String((error as { readonly message?: unknown }).message),
  String(error),
  JSON.stringify(error),
  Cause.pretty(Cause.fail(error)),
  Inspectable.format(error),
  JSON.stringify(Inspectable.toJSON(error))
]

/** A span that keeps everything it is given. */
export class RecordedSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly spanId: string
  readonly traceId = "test-trace"
  readonly sampled = true
  readonly attributes = new Map<string, unknown>()
  readonly events: Array<{ readonly name: string; readonly attributes?: Record<string, unknown> | undefined }> = []
  readonly links: Array<Tracer.SpanLink> = []
  status: Tracer.SpanStatus

  constructor(
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: Context.Context<never>,
    readonly kind: Tracer.SpanKind,
    startTime: bigint,
    index: number
  ) {
    this.spanId = `span-${index}`
    this.status = { _tag: "Started", startTime }
  }

  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    this.status = { _tag: "Ended", startTime: this.status.startTime, endTime, exit }
  }

  attribute(key: string, value: unknown): void {
    this.attributes.set(key, value)
  }

  event(name: string, _startTime: bigint, attributes?: Record<string, unknown>): void {
    this.events.push({ name, attributes })
  }

  addLinks(links: ReadonlyArray<Tracer.SpanLink>): void {
    this.links.push(...links)
  }

  /** Everything the span would export: name, attributes, events and, once ended, its outcome. */
  render(): string {
    const outcome = this.status._tag === "Ended" && Exit.isFailure(this.status.exit)
      ? Cause.pretty(this.status.exit.cause)
      : ""
    return [
      this.name,
      JSON.stringify(
        Object.fromEntries(this.attributes),
        (_, value) => typeof value === "bigint" ? String(value) : value
      ),
      JSON.stringify(this.events),
      outcome
    ].join("\n")
  }
}

export interface Observed {
  readonly logs: ReadonlyArray<string>
  readonly spans: ReadonlyArray<RecordedSpan>
  /** Every log line and every span, rendered, in one string to search. */
  readonly everything: () => string
}

/**
 * Runs `effect` with a logger that keeps every line at every level (rendered with its cause
 * and annotations) and a tracer that keeps every span, and returns what they saw with the
 * effect's exit.
 */
export const observe = <A, E, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<readonly [Exit.Exit<A, E>, Observed], never, R> => {
  const logs: Array<string> = []
  const spans: Array<RecordedSpan> = []
  const logger = Logger.make((options) => {
    logs.push(Logger.logfmtLogger.log(options))
  })
  const tracer = Tracer.make({
    span: (name, parent, context, _links, startTime, kind) => {
      const span = new RecordedSpan(name, parent, context, kind, startTime, spans.length)
      spans.push(span)
      return span
    },
    context: (f) => f()
  })
  const observed: Observed = {
    logs,
    spans,
    everything: () => [...logs, ...spans.map((span) => span.render())].join("\n")
  }
  return effect.pipe(
    // Failures are logged too, as a user's program would, so that their log rendering is searched.
    Effect.tapErrorCause((cause) => Effect.logError("operation failed", cause)),
    Effect.exit,
    Effect.withTracer(tracer),
    Logger.withMinimumLogLevel(LogLevel.All),
    Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
    Effect.map((exit) => [exit, observed] as const)
  )
}

/** The span names, in the order the spans started. */
export const spanNames = (observed: Observed): ReadonlyArray<string> => observed.spans.map((span) => span.name)

/** The failure of an exit, or a test failure if it succeeded or died. */
export const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got a success: ${Inspectable.format(exit.value)}`)
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) throw new Error(`expected a failure, got: ${Cause.pretty(exit.cause)}`)
  return failure.value
}
