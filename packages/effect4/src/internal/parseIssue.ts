import type * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"

const standardSchemaIssues = SchemaIssue.makeFormatterStandardSchemaV1()

type PathSegment = PropertyKey | { readonly key: PropertyKey }

/**
 * The first issue of a Schema failure, with its path written as in JavaScript
 * (`data[3].sort_order`): how every error of the library says where a value is wrong.
 * Schema 4's messages leave the refused value out, so no secret and no huge value is quoted.
 *
 * @internal
 */
export const firstIssue = (error: Schema.SchemaError): { readonly path: string; readonly message: string } => {
  const [first] = standardSchemaIssues(error.issue).issues
  return first === undefined
    ? { path: "", message: "invalid value" }
    : { path: formatPath(first.path ?? []), message: first.message }
}

/**
 * `path: message`, or the message alone for the value as a whole.
 *
 * @internal
 */
export const describeIssue = (issue: { readonly path: string; readonly message: string }): string =>
  issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`

const formatPath = (path: ReadonlyArray<PathSegment>): string =>
  path.reduce<string>((acc, segment) => {
    const key = typeof segment === "object" ? segment.key : segment
    return typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`
  }, "")
