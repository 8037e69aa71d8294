/**
 * A clock for drills that run the real client over real sockets but must not spend real time
 * in its waits. Time stands still until the drill moves it; every sleep is announced when it
 * starts, so the drill knows what the client is waiting for (a retry's wait, or the deadline of
 * an attempt in flight) and can move time exactly when the real client would have woken up.
 *
 * Unlike `TestClock`, a sleep that is interrupted (an attempt's timeout, once the attempt is
 * over) is forgotten at once, so the pending sleeps are exactly the live ones.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** One sleep the clock is running. */
export interface Sleep {
  readonly id: number
  /** How long it was asked to sleep, in milliseconds. */
  readonly millis: number
  /** When it wakes up, in the clock's milliseconds. */
  readonly deadline: number
}

export class VirtualClock implements Clock.Clock {
  readonly [Clock.ClockTypeId]: Clock.ClockTypeId = Clock.ClockTypeId
  private nowMillis = 0
  private nextId = 0
  private readonly pending = new Map<number, { readonly sleep: Sleep; readonly wake: () => void }>()

  /** `onSleep` is told of every sleep as it starts (after it is registered, so moving time wakes it). */
  constructor(private readonly onSleep: (sleep: Sleep) => void = () => {}) {}

  unsafeCurrentTimeMillis(): number {
    return this.nowMillis
  }

  readonly currentTimeMillis: Effect.Effect<number> = Effect.sync(() => this.nowMillis)

  unsafeCurrentTimeNanos(): bigint {
    return BigInt(this.nowMillis) * 1_000_000n
  }

  readonly currentTimeNanos: Effect.Effect<bigint> = Effect.sync(() => this.unsafeCurrentTimeNanos())

  sleep(duration: Duration.Duration): Effect.Effect<void> {
    return Effect.async<void>((resume) => {
      const millis = Duration.toMillis(duration)
      if (millis <= 0) return resume(Effect.void)
      const sleep: Sleep = { id: this.nextId++, millis, deadline: this.nowMillis + millis }
      this.pending.set(sleep.id, { sleep, wake: () => resume(Effect.void) })
      this.onSleep(sleep)
      return Effect.sync(() => void this.pending.delete(sleep.id))
    })
  }

  /** The sleeps running now, earliest deadline first. */
  get sleeps(): ReadonlyArray<Sleep> {
    return [...this.pending.values()].map(({ sleep }) => sleep).sort((a, b) => a.deadline - b.deadline)
  }

  /** Moves time forward to `instant`, waking every sleep due by then. */
  advanceTo(instant: number): void {
    if (instant < this.nowMillis) throw new Error(`VirtualClock: cannot go back from ${this.nowMillis} to ${instant}`)
    this.nowMillis = instant
    for (const [id, { sleep, wake }] of [...this.pending]) {
      if (sleep.deadline <= instant) {
        this.pending.delete(id)
        wake()
      }
    }
  }
}
