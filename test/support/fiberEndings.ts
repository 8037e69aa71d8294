/**
 * What fibers end with. A finished fiber keeps its exit value, and a fiber that lived through a
 * minor garbage collection sits in the old generation, where it keeps that value alive until
 * the next full collection. The library's fibers must therefore never end holding an answer or
 * a page (see docs/PERFORMANCE.md).
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Supervisor from "effect/Supervisor"

/** Runs `self` under a supervisor that records the exit of every fiber it forks, at any depth. */
export const recordingEndings = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const endings: Array<Exit.Exit<unknown, unknown>> = []
    class RecordEndings extends Supervisor.AbstractSupervisor<void> {
      readonly value = Effect.void
      override onEnd<B, F>(exit: Exit.Exit<B, F>) {
        endings.push(exit)
      }
    }
    return Effect.map(Effect.supervised(self, new RecordEndings()), (result) => ({ result, endings }))
  })

/** Whether `value` reaches the string `needle` through objects, arrays and `Exit`s (cycles allowed). */
export const reaches = (value: unknown, needle: string): boolean => {
  const seen = new Set<unknown>()
  const visit = (current: unknown): boolean => {
    if (current === needle) return true
    if (typeof current !== "object" || current === null || seen.has(current)) return false
    seen.add(current)
    return Object.values(current).some(visit)
  }
  return visit(value)
}

/** The exits among `endings` that still hold `needle`. */
export const holding = (endings: ReadonlyArray<Exit.Exit<unknown, unknown>>, needle: string) =>
  endings.filter((exit) => Exit.isSuccess(exit) && reaches(exit.value, needle))
