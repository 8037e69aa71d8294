/**
 * A drill as data: what the server does, what the caller runs, and what the caller must see.
 * Each edition's adapter turns a `Scenario` into a run of its own client against
 * `openrouter-byok-mock-server`, and returns what it saw as an `Observed`.
 */
import type { ByokKey, FaultOptions, LoggedRequest, ScriptedOutcome, StartOptions } from "openrouter-byok-mock-server"

/**
 * A secret argument (a provider key): the adapter passes it as its edition's `Redacted`. Any
 * value nested in a call's arguments may be one.
 */
export interface Secret {
  readonly _tag: "Secret"
  readonly value: unknown
}

/** `value` as a secret argument. */
export const secret = (value: unknown): Secret => ({ _tag: "Secret", value })

/** Whether `value` stands for a secret argument. */
export const isSecret = (value: unknown): value is Secret =>
  typeof value === "object" && value !== null && (value as { readonly _tag?: unknown })._tag === "Secret" &&
  "value" in value

/**
 * `value` with every `Secret` in it replaced by `redact(secret.value)`, the rest copied as it
 * is (plain objects and arrays walked, anything else kept).
 */
export const withSecrets = (value: unknown, redact: (value: unknown) => unknown): unknown => {
  if (isSecret(value)) return redact(value.value)
  if (Array.isArray(value)) return value.map((item) => withSecrets(item, redact))
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, withSecrets(item, redact)]))
  }
  return value
}

/**
 * The operation the caller runs, with its arguments as given (possibly ones the types forbid).
 * `list` drains the pages, `listItems` collects the credentials.
 */
export type Call =
  | { readonly operation: "list"; readonly params?: unknown }
  | { readonly operation: "listItems"; readonly params?: unknown }
  | { readonly operation: "get"; readonly id: unknown }
  | { readonly operation: "create"; readonly input: unknown }
  | { readonly operation: "update"; readonly id: unknown; readonly patch: unknown }
  | { readonly operation: "delete"; readonly id: unknown }

export type OperationName = Call["operation"]

/** What the mock server does. */
export interface ServerPlan {
  /** `start` options; `apiKey` defaults to the marker management key. */
  readonly options?: Omit<StartOptions, "store" | "port">
  /** Given to the next requests, in order, after the server started. */
  readonly faults?: ReadonlyArray<ScriptedOutcome>
  /** The random fault profile, set after the server started (e.g. `retryAfterSeconds`). */
  readonly faultProfile?: FaultOptions
  /**
   * Answers every request with this redirect to a second mock server (started for the run) at
   * `path`; what that server received is observed too.
   */
  readonly redirectElsewhere?: { readonly status: 301 | 302 | 303 | 307 | 308; readonly path: string }
}

/** The client's settings. */
export interface ClientPlan {
  /**
   * Where the client sends: the mock server (default), a port where nothing listens
   * (`refused`), or this URL.
   */
  readonly apiUrl?: "server" | "refused" | (string & {})
  /** Default `none` (no retry): `default` is the edition's own policy, a number that many retries at once. */
  readonly retries?: "none" | "default" | number
  /**
   * The per-attempt limit: a number of milliseconds, or any value the edition is given as it
   * is (a value the types forbid, say); default the edition's own.
   */
  readonly requestTimeout?: unknown
}

/**
 * How the drill moves the edition's `TestClock` (`test`), or that the run is in real time
 * (`live`). On the `TestClock` the adapter moves the clock exactly when the client would wake
 * up: by its per-attempt limit when the server holds an answer back, and by the wait it
 * announces before a retry.
 */
export type ClockPlan = "live" | "test"

/**
 * When the adapter interrupts the call: once the server has received this many requests, or
 * once the client announces a retry (it is then waiting to retry). On the `TestClock`, the
 * adapter then moves the clock a minute, past any wait the client had begun.
 */
export type InterruptPlan =
  | { readonly _tag: "WhenReceived"; readonly requests: number }
  | { readonly _tag: "WhenRetryAnnounced" }

/** The caller's outcome as it must be. */
export type ExpectedOutcome =
  | {
    readonly _tag: "Success"
    /** The ids collected (`listItems`) or returned (`get`, `create`, `update`), in order. */
    readonly ids?: ReadonlyArray<string>
    /** How many credentials `listItems` collected, or the pages `list` emitted credentials in. */
    readonly count?: number
  }
  | {
    readonly _tag: "Failure"
    /** The error's `_tag` and the fields that must be so (compared as `toMatchObject` does). */
    readonly error: { readonly _tag: string } & Readonly<Record<string, unknown>>
  }
  | { readonly _tag: "Interrupted" }

/** A field value that must contain a text, where the rest of the text is the edition's phrasing. */
export interface Containing {
  readonly _tag: "Containing"
  readonly text: string
}

export const containing = (text: string): Containing => ({ _tag: "Containing", text })

/** A value that must be equal to this one, with no other field (where a partial match is the default). */
export interface Exactly {
  readonly _tag: "Exactly"
  readonly value: unknown
}

export const exactly = (value: unknown): Exactly => ({ _tag: "Exactly", value })

/** Stands for the origin of the second server a redirect points to, known only when the run starts. */
export const elsewhereOrigin = "<origin of the server the redirect points to>"

/** What the caller must see, and what the server must have seen. */
export interface Expected {
  readonly outcome: ExpectedOutcome
  /** The error's `message` contains each text. */
  readonly messageContains?: ReadonlyArray<string>
  /** The error's `message` contains none of these texts. */
  readonly messageExcludes?: ReadonlyArray<string>
  /** The error's `message` is shorter than this. */
  readonly messageShorterThan?: number
  /** Some rendering of the error contains each text. */
  readonly someRenderingContains?: ReadonlyArray<string>
  /** `JSON.stringify` of the error contains each text. */
  readonly jsonContains?: ReadonlyArray<string>
  /**
   * No rendering of the error (`message`, `String`, JSON, the edition's pretty cause and
   * inspection), no log line, no span, no request the server logged contains any of these texts.
   */
  readonly nothingContains?: ReadonlyArray<string>
  /** How many requests the server received: exactly, or at most. */
  readonly requests?: number | { readonly atMost: number }
  /** The server's request log, request by request, as `toMatchObject` compares. */
  readonly requestLog?: ReadonlyArray<
    { readonly [K in keyof LoggedRequest]?: LoggedRequest[K] | Exactly | Containing | undefined }
  >
  /** The kind of `Authorization` every request the server received carried. */
  readonly sentWith?: LoggedRequest["authorization"]
  /** What the second server (a redirect's target) received: nothing, say. */
  readonly elsewhereRequests?: number
  /** The ids the server stores once the call is over. */
  readonly storedIds?: ReadonlyArray<string>
  /** How many credentials the server stores once the call is over. */
  readonly storedCount?: number
  /** The `TestClock` when the call ended, in milliseconds (it starts at 0). */
  readonly clockMillis?: number
  /**
   * The `TestClock` when the call ended is exactly this many attempts timed out after
   * `timeoutMillis` each, plus the waits the client announced before its retries.
   */
  readonly clockSpent?: { readonly attemptsTimedOut: number; readonly timeoutMillis: number }
  /** The retries the client announced, one per entry, each waiting within its bounds (in whole milliseconds). */
  readonly retryWaits?: ReadonlyArray<{ readonly least: number; readonly most: number }>
  /** Every retry the client announced says this in its message. */
  readonly retryMessagesContain?: string
  /** Every answer the server held back stayed open until the client's deadline, to the millisecond. */
  readonly heldOpenUntilDeadline?: boolean
  /** How many credentials the caller received before the interruption. */
  readonly receivedBeforeInterruption?: number
  /** The interruption completed within this many milliseconds of real time. */
  readonly interruptedWithinMillis?: number
  /** No fiber the call started is still running once it is interrupted (where the edition can observe it). */
  readonly noFiberLeft?: boolean
  /** Compare `requestLog` with the requests sorted by their `offset` query parameter (a concurrent listing). */
  readonly requestLogByOffset?: boolean
}

/** One drill. */
export interface Scenario {
  /** Reads as a specification: what happens and what the caller sees. */
  readonly name: string
  readonly server?: ServerPlan
  readonly client?: ClientPlan
  readonly call: Call
  /** Default `live`. */
  readonly clock?: ClockPlan
  readonly interrupt?: InterruptPlan
  /**
   * Run over every HTTP stack the edition offers (fetch and node:http), not only node:http:
   * for behaviours that depend on how a stack treats a body, a redirect or a socket.
   */
  readonly everyHttpStack?: boolean
  readonly expect: Expected
}

/** A table: scenarios that drill one concern. */
export interface Table {
  readonly name: string
  /** What the table drills, in a sentence or two. */
  readonly about: string
  readonly scenarios: ReadonlyArray<Scenario>
}

/** What a run of a scenario showed, as plain data. */
export interface Observed {
  readonly outcome:
    | { readonly _tag: "Success"; readonly ids: ReadonlyArray<string> | undefined; readonly count: number | undefined }
    | {
      readonly _tag: "Failure"
      /** The error's own fields, `_tag` among them. */
      readonly error: Readonly<Record<string, unknown>>
      readonly message: string
      /** `JSON.stringify` of the error. */
      readonly json: string
      /** Every way a user may render it. */
      readonly renderings: ReadonlyArray<string>
    }
    | { readonly _tag: "Defect"; readonly description: string }
    | { readonly _tag: "Interrupted" }
  /** The API URL of the run's mock server. */
  readonly serverUrl: string
  /** The server's request log once every exchange is over. */
  readonly requests: ReadonlyArray<LoggedRequest>
  /** What the redirect's target received. */
  readonly elsewhereRequests?: ReadonlyArray<LoggedRequest>
  readonly elsewhereOrigin?: string
  /** The credentials the server stores once the call is over. */
  readonly storedKeys: ReadonlyArray<ByokKey>
  /** Every log line, at every level (a failure is logged too, as a user's program would). */
  readonly logs: ReadonlyArray<string>
  /** Every span, rendered as it would be exported: name, attributes, events and outcome. */
  readonly spans: ReadonlyArray<string>
  /** The `TestClock` when the call ended (for `clock: "test"`). */
  readonly clockMillis?: number
  /** Every retry the client announced (its debug line), in order. */
  readonly retries: ReadonlyArray<
    { readonly errorTag: string; readonly message: string; readonly waitMillis: number }
  >
  /**
   * The requests the server held back (`clock: "test"`), and whether each was still open one
   * millisecond before the client's deadline.
   */
  readonly heldBack: ReadonlyArray<{ readonly sequence: number; readonly openUntilDeadline: boolean }>
  readonly receivedBeforeInterruption?: number
  /** Real time the interruption took, in milliseconds. */
  readonly interruptMillis?: number
  /**
   * Fibers the call started that still run once it is interrupted, where the edition can
   * observe them (the Effect 3 edition's `Supervisor.track`; Effect 4 has no supervisor).
   */
  readonly fibersLeft?: number
}
