/**
 * What the client waits for on the `TestClock`, for drills that move the clock exactly when
 * the client would wake up.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

/**
 * Resumes once a sleep until `deadline` is registered on the `TestClock`: the client announces
 * a retry just before it starts that wait, and moving the clock earlier would leave it asleep.
 */
export const untilSleepingUntil = (deadline: number): Effect.Effect<void> =>
  Effect.yieldNow().pipe(
    Effect.zipRight(TestClock.sleeps()),
    Effect.repeat({ until: (sleeps) => Chunk.some(sleeps, (at) => at === deadline) }),
    Effect.asVoid
  )
