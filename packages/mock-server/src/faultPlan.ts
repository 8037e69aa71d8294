import { SeededRandom } from "./seededRandom.js"

/**
 * A fault a retry can get past.
 *
 * - `http500`: 500 with the API's JSON error body.
 * - `http502`, `http503`: an HTML page, as a reverse proxy sends.
 * - `http429`: 429 with `Retry-After` ({@link FaultOptions.retryAfterSeconds}).
 * - `dropConnection`: the connection is cut before anything is answered.
 * - `truncateBody`: the API's answer with its full `Content-Length`, half of the body, then the
 *   connection is cut. The API acted on the request first.
 * - `slowAnswer`: the API's answer, after {@link FaultOptions.slowAnswerMs} (past a short
 *   per-attempt timeout). Not drawn unless listed in `transientFaults`.
 */
export type TransientFault =
  | "http500"
  | "http502"
  | "http503"
  | "http429"
  | "dropConnection"
  | "truncateBody"
  | "slowAnswer"

/**
 * Any fault: a transient one, `nonJsonBody` (a complete 200 answer that is an HTML page, which
 * a retry would not fix), `hang` (the request is accepted and never answered), or `stallBody`
 * (the API's answer with its full `Content-Length` and half of the body, then nothing more
 * until the client gives up; the API acted on the request first). `stallBody` is never drawn,
 * only scripted.
 */
export type Fault = TransientFault | "nonJsonBody" | "hang" | "stallBody"

/**
 * An answer of your own, given in place of the API's to a scripted request: to meet a status,
 * header or body the API would not send, or not send now. Headers are lower-case; `body`
 * defaults to empty, and the `content-type` to `application/octet-stream`.
 */
export interface Answer {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly body?: string | undefined
}

/** An {@link Answer} whose body is `value` as JSON, with `content-type: application/json`. */
export const jsonAnswer = (status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): Answer => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(value)
})

/** What the next requests are scripted to get: a fault, an answer of your own, or `"none"` for the API's own. */
export type ScriptedOutcome = Fault | Answer | "none"

/**
 * The transient faults drawn by default: every one except `slowAnswer`, which needs the
 * client's per-attempt timeout set below {@link FaultOptions.slowAnswerMs}.
 */
export const defaultTransientFaults: ReadonlyArray<TransientFault> = [
  "http500",
  "http502",
  "http503",
  "http429",
  "dropConnection",
  "truncateBody"
]

/**
 * The random fault profile. Each request draws, in arrival order from `seed`: `hang` with
 * `hangRate`, else a transient fault with `transientRate` (uniformly among
 * `transientFaults`), else `nonJsonBody` with `nonJsonRate`; and its added latency.
 */
export interface FaultOptions {
  /** Default 0. The same seed and the same sequence of requests give the same faults. */
  readonly seed?: number | undefined
  /** Share of requests, 0 to 1, that get a transient fault. Default 0. */
  readonly transientRate?: number | undefined
  /** Which transient faults are drawn. Default {@link defaultTransientFaults}. */
  readonly transientFaults?: ReadonlyArray<TransientFault> | undefined
  /** Share of requests that get a complete 200 answer whose body is not JSON. Default 0. */
  readonly nonJsonRate?: number | undefined
  /** Share of requests that are accepted and never answered. Default 0. */
  readonly hangRate?: number | undefined
  /**
   * Latency added to every answer, in real milliseconds: a fixed number, or a range drawn per
   * request. Default 0.
   */
  readonly latencyMs?: number | { readonly min: number; readonly max: number } | undefined
  /** The `Retry-After` of injected 429 answers, in seconds. Default 1. */
  readonly retryAfterSeconds?: number | undefined
  /** How long a `slowAnswer` takes, in real milliseconds. Default 2000. */
  readonly slowAnswerMs?: number | undefined
}

interface Settings {
  readonly seed: number
  readonly transientRate: number
  readonly transientFaults: ReadonlyArray<TransientFault>
  readonly nonJsonRate: number
  readonly hangRate: number
  readonly latency: { readonly min: number; readonly max: number }
  readonly retryAfterSeconds: number
  readonly slowAnswerMs: number
}

const settingsOf = (options: FaultOptions): Settings => {
  const latency = options.latencyMs ?? 0
  return {
    seed: options.seed ?? 0,
    transientRate: options.transientRate ?? 0,
    transientFaults: options.transientFaults ?? defaultTransientFaults,
    nonJsonRate: options.nonJsonRate ?? 0,
    hangRate: options.hangRate ?? 0,
    latency: typeof latency === "number" ? { min: latency, max: latency } : latency,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    slowAnswerMs: options.slowAnswerMs ?? 2_000
  }
}

/** What happens to one request. */
export interface Decision {
  readonly fault: Fault | undefined
  /** An answer of the test's own, given in place of the API's. */
  readonly answer: Answer | undefined
  readonly latencyMs: number
  readonly retryAfterSeconds: number
  readonly slowAnswerMs: number
}

/**
 * Decides, request by request in arrival order, which fault or answer each one gets: first
 * whatever is scripted for the next requests, otherwise seeded draws. Every request takes the
 * same number of draws whatever happens to it, so a seed always gives the same sequence.
 */
export class FaultPlan {
  private settings: Settings
  private random: SeededRandom
  private readonly scripted: Array<ScriptedOutcome> = []

  constructor(options: FaultOptions) {
    this.settings = settingsOf(options)
    this.random = new SeededRandom(this.settings.seed)
  }

  /** Replaces the random profile and restarts its draws from the seed. */
  configure(options: FaultOptions): void {
    this.settings = settingsOf(options)
    this.random = new SeededRandom(this.settings.seed)
  }

  script(next: ReadonlyArray<ScriptedOutcome>): void {
    this.scripted.push(...next)
  }

  /** Forgets what was scripted and not yet used. */
  clearScript(): void {
    this.scripted.length = 0
  }

  decide(): Decision {
    const { hangRate, latency, nonJsonRate, transientFaults, transientRate } = this.settings
    const [hangDraw, transientDraw, kindDraw, nonJsonDraw, latencyDraw] = Array.from(
      { length: 5 },
      () => this.random.next()
    )
    const drawn: Fault | undefined = hangDraw! < hangRate
      ? "hang"
      : transientDraw! < transientRate && transientFaults.length > 0
      ? transientFaults[Math.floor(kindDraw! * transientFaults.length)]
      : nonJsonDraw! < nonJsonRate
      ? "nonJsonBody"
      : undefined
    const scripted = this.scripted.shift()
    const scriptedFault = typeof scripted === "string" && scripted !== "none" ? scripted : undefined
    return {
      fault: scripted === undefined ? drawn : scriptedFault,
      answer: typeof scripted === "object" ? scripted : undefined,
      latencyMs: Math.max(0, Math.round(latency.min + latencyDraw! * (latency.max - latency.min))),
      retryAfterSeconds: this.settings.retryAfterSeconds,
      slowAnswerMs: this.settings.slowAnswerMs
    }
  }
}
