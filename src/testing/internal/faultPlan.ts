// Effect-free: imports nothing from `effect`, so an edition for another Effect line shares it as it is.
import type * as MockServer from "../MockServer.js"
import { SeededRandom } from "./seededRandom.js"

/** @internal */
export const defaultTransientFaults: ReadonlyArray<MockServer.TransientFault> = [
  "http500",
  "http502",
  "http503",
  "http429",
  "dropConnection",
  "truncateBody"
]

interface Settings {
  readonly seed: number
  readonly transientRate: number
  readonly transientFaults: ReadonlyArray<MockServer.TransientFault>
  readonly nonJsonRate: number
  readonly hangRate: number
  readonly latency: { readonly min: number; readonly max: number }
  readonly retryAfterSeconds: number
  readonly slowAnswerMs: number
}

const settingsOf = (options: MockServer.FaultOptions): Settings => {
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

/** What the next requests are scripted to get. */
type Scripted = MockServer.Fault | "none" | MockServer.Answer

/** What happens to one request. */
interface Decision {
  readonly fault: MockServer.Fault | undefined
  /** An answer of the test's own, given in place of the API's. */
  readonly answer: MockServer.Answer | undefined
  readonly latencyMs: number
  readonly retryAfterSeconds: number
  readonly slowAnswerMs: number
}

/**
 * Decides, request by request in arrival order, which fault or answer each one gets: first
 * whatever is scripted for the next requests, otherwise seeded draws. Every request takes the same number
 * of draws whatever happens to it, so a seed always gives the same sequence.
 *
 * @internal
 */
export class FaultPlan {
  private settings: Settings
  private random: SeededRandom
  private readonly scripted: Array<Scripted> = []

  constructor(options: MockServer.FaultOptions) {
    this.settings = settingsOf(options)
    this.random = new SeededRandom(this.settings.seed)
  }

  /** Replaces the random profile and restarts its draws from the seed. */
  configure(options: MockServer.FaultOptions): void {
    this.settings = settingsOf(options)
    this.random = new SeededRandom(this.settings.seed)
  }

  script(next: ReadonlyArray<Scripted>): void {
    this.scripted.push(...next)
  }

  decide(): Decision {
    const { hangRate, latency, nonJsonRate, transientFaults, transientRate } = this.settings
    const [hangDraw, transientDraw, kindDraw, nonJsonDraw, latencyDraw] = Array.from(
      { length: 5 },
      () => this.random.next()
    )
    const drawn: MockServer.Fault | undefined = hangDraw! < hangRate
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
