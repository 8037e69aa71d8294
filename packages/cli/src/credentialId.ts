/**
 * The id a command acts on: a full id as given, or the start of one (as the table shows ids)
 * looked up among the listed credentials, as git resolves a short hash.
 */
import { OpenRouterByok } from "effect-openrouter-byok"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { NoSuchCredential, UsageError } from "./commandErrors.js"

const fullId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A prefix shorter than this would too easily name the wrong credential. */
export const minimumPrefixLength = 4

/** Whether `value` is a whole id rather than the start of one. */
export const isFullId = (value: string): boolean => fullId.test(value)

/**
 * The id named by `idOrPrefix`: a full UUID is used as it is, in lowercase (nothing is listed); anything else
 * must be an id, or the start of exactly one, of the credentials listed in `workspaceId`.
 */
export const resolve = (
  idOrPrefix: string,
  workspaceId: Option.Option<string>
): Effect.Effect<string, UsageError | NoSuchCredential | OpenRouterByok.ListError, OpenRouterByok.OpenRouterByok> => {
  // Ids are UUIDs, which the API writes in lowercase: an id or a prefix copied in capitals names the same one.
  if (isFullId(idOrPrefix)) return Effect.succeed(idOrPrefix.toLowerCase())
  if (idOrPrefix.length < minimumPrefixLength) {
    return Effect.fail(
      new UsageError({
        message: `An id prefix needs at least ${minimumPrefixLength} characters: "${idOrPrefix}" is too short`
      })
    )
  }
  const prefix = idOrPrefix.toLowerCase()
  const where = Option.match(workspaceId, { onNone: () => "the default workspace", onSome: (id) => `workspace ${id}` })
  return OpenRouterByok.listItems(
    Option.match(workspaceId, { onNone: () => ({}), onSome: (workspaceId) => ({ workspaceId }) })
  ).pipe(
    Stream.filter((key) => key.id.toLowerCase().startsWith(prefix)),
    Stream.take(2),
    Stream.runCollect,
    Effect.flatMap((matches) => {
      const ids = Chunk.toReadonlyArray(matches).map((key) => key.id)
      const exact = ids.find((id) => id.toLowerCase() === prefix)
      if (exact !== undefined || ids.length === 1) return Effect.succeed(exact ?? ids[0]!)
      return Effect.fail(
        ids.length === 0
          ? new NoSuchCredential({
            message:
              `No credential id in ${where} starts with "${idOrPrefix}"; find it with openrouter-byok list (or give the full id)`
          })
          : new UsageError({
            message:
              `More than one credential id in ${where} starts with "${idOrPrefix}"; give more characters, or the full id`
          })
      )
    })
  )
}
