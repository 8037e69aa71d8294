import * as ParseResult from "effect/ParseResult"

/**
 * The first issue of a Schema failure, with its path written as in JavaScript
 * (`data[3].sort_order`): how every error of the library says where a value is wrong.
 *
 * @internal
 */
export const firstIssue = (error: ParseResult.ParseError): { readonly path: string; readonly message: string } => {
  const [first] = ParseResult.ArrayFormatter.formatErrorSync(error)
  return first === undefined
    ? { path: "", message: error.message }
    : { path: formatPath(first.path), message: first.message }
}

/**
 * `path: message`, or the message alone for the value as a whole.
 *
 * @internal
 */
export const describeIssue = (issue: { readonly path: string; readonly message: string }): string =>
  issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`,
    ""
  )
