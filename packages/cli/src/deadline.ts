/**
 * `--deadline`: how long a command may wait on the API in all, every attempt, retry and wait
 * between them included, so that a server that never answers stops an unattended run in a
 * known time. The time a command waits for its user (a prompt) is not counted: the phases of
 * its work with the API draw on one budget.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"

/** The API did not finish answering within the deadline. */
export class DeadlineExceeded extends Data.TaggedError("DeadlineExceeded")<{
  /** The deadline as the user gave it (or its default), e.g. `2m`. */
  readonly deadline: string
}> {
  override get message(): string {
    return `the API did not finish answering within ${this.deadline} (--deadline)`
  }
}

/** The budget of a command's run. */
export class Deadline extends Context.Service<Deadline, {
  /** `work`, stopped with `DeadlineExceeded` when it outlasts what is left of the budget; its time is spent from it. */
  readonly within: <A, E, R>(work: Effect.Effect<A, E, R>) => Effect.Effect<A, E | DeadlineExceeded, R>
}>()("openrouter-byok/Deadline") {}

/** A budget of `total`, shown in messages as `shown`. */
export const layer = (total: Duration.Duration, shown: string): Layer.Layer<Deadline> =>
  Layer.effect(
    Deadline,
    Effect.map(Ref.make(total), (remaining) =>
      Deadline.of({
        within: (work) =>
          Effect.gen(function*() {
            const left = yield* Ref.get(remaining)
            const started = yield* Clock.currentTimeMillis
            const spent = Effect.flatMap(
              Clock.currentTimeMillis,
              (now) => Ref.update(remaining, (before) => Duration.subtract(before, Duration.millis(now - started)))
            )
            return yield* work.pipe(
              Effect.timeoutOrElse({
                duration: left,
                orElse: () => Effect.fail(new DeadlineExceeded({ deadline: shown }))
              }),
              Effect.ensuring(spent)
            )
          })
      }))
  )

/** `work` within the command's deadline. */
export const within = <A, E, R>(work: Effect.Effect<A, E, R>): Effect.Effect<A, E | DeadlineExceeded, R | Deadline> =>
  Deadline.use((deadline) => deadline.within(work))
