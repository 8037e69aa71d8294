/**
 * The id a command acts on: a full id as given, or the start of one (as the table shows ids)
 * looked up among the listed credentials, as git resolves a short hash.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { OpenRouterByok } from "effect4-openrouter-byok"
import { excerpt } from "openrouter-byok-core"
import { NoSuchCredential, UsageError } from "./commandErrors.js"
import { printable } from "./printable.js"

const fullId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** What every id looks like: hexadecimal digits, with dashes where these are. */
const uuidShape = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"

/** A prefix shorter than this would too easily name the wrong credential. */
export const minimumPrefixLength = 4

/** Whether `value` is a whole id rather than the start of one. */
export const isFullId = (value: string): boolean => fullId.test(value)

/** Whether `value` could be an id or the start of one: hexadecimal digits, with dashes where a UUID has them. */
export const isIdOrPrefix = (value: string): boolean =>
  value.length <= uuidShape.length &&
  [...value].every((character, index) => uuidShape[index] === "-" ? character === "-" : /^[0-9a-f]$/i.test(character))

/**
 * Refuses, before anything is sent or listed, an argument that no id starts with: listing
 * every credential to find nothing would only end in "not found".
 */
export const check = (idOrPrefix: string): Effect.Effect<void, UsageError> =>
  isIdOrPrefix(idOrPrefix) ? Effect.void : Effect.fail(
    new UsageError({
      message: `Not a credential id: "${printable(excerpt(idOrPrefix, 40))}"; an id is a UUID ` +
        "(e.g. 3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f), or its first 4 or more characters: hexadecimal digits, " +
        "with dashes where the UUID has them"
    })
  )

/**
 * The id named by `idOrPrefix`: a full UUID is used as it is, in lowercase (nothing is listed); a prefix
 * must be the start of exactly one of the credentials listed in `workspaceId`; anything else is refused.
 */
export const resolve = (
  idOrPrefix: string,
  workspaceId: Option.Option<string>
): Effect.Effect<string, UsageError | NoSuchCredential | OpenRouterByok.ListError, OpenRouterByok.OpenRouterByok> =>
  Effect.andThen(check(idOrPrefix), Effect.suspend(() => lookUp(idOrPrefix, workspaceId)))

const lookUp = (
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
      const ids = matches.map((key) => key.id)
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
