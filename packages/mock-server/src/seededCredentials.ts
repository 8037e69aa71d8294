import type { ByokKey } from "./byokKey.js"

type FieldCheck = readonly [field: keyof ByokKey, problem: string, isValid: (value: unknown) => boolean]

const isString = (value: unknown): value is string => typeof value === "string"
const isBoolean = (value: unknown): value is boolean => typeof value === "boolean"
const isStringList = (value: unknown) => Array.isArray(value) && value.every(isString)
const orNull = (check: (value: unknown) => boolean) => (value: unknown) => value === null || check(value)
const optional = (check: (value: unknown) => boolean) => (value: unknown) => value === undefined || check(value)

/** Every field of a credential, with what it must hold, in the order the API document lists them. */
const fieldChecks: ReadonlyArray<FieldCheck> = [
  ["id", "must be a string", isString],
  ["provider", "must be a string", isString],
  ["label", "must be a string", isString],
  ["name", "must be a string, null or absent", optional(orNull(isString))],
  ["disabled", "must be a boolean", isBoolean],
  ["workspaceId", "must be a string or null", orNull(isString)],
  ["isFallback", "must be a boolean", isBoolean],
  ["allowedModels", "must be an array of strings or null", orNull(isStringList)],
  ["allowedApiKeyHashes", "must be an array of strings or null", orNull(isStringList)],
  ["allowedUserIds", "must be an array of strings or null", orNull(isStringList)],
  ["sortOrder", "must be an integer", Number.isSafeInteger],
  ["createdAt", "must be a string", isString],
  ["declaredZdr", "must be a boolean, null or absent", optional(orNull(isBoolean))],
  ["isByokOnly", "must be a boolean or absent", optional(isBoolean)],
  ["isRequired", "must be a boolean or absent", optional(isBoolean)],
  ["declaredRegion", "must be a string, null or absent", optional(orNull(isString))]
]

/**
 * What is wrong with a value given as a seeded credential, naming the field, or `undefined`
 * when it is a {@link ByokKey}.
 */
export const credentialProblem = (value: unknown): string | undefined => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "must be an object"
  const fields = value as Readonly<Record<string, unknown>>
  for (const [field, problem, isValid] of fieldChecks) {
    if (!isValid(fields[field])) return `${field}: ${field in fields ? problem : "is missing"}`
  }
  return undefined
}
