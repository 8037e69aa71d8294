import * as ParseResult from "effect/ParseResult"

/**
 * The first issue of a Schema failure, with its path written as in JavaScript
 * (`data[3].sort_order`): how every error of the library says where a value is wrong.
 *
 * Schema's message quotes the value it refused, formatted recursively: a body nested 100,000
 * deep would overflow the stack. So only the first issue is kept, and each value it quotes is
 * cut to a few levels and entries first (strings are kept whole, so that a secret in them is
 * redacted whole before any text is shortened).
 *
 * @internal
 */
export const firstIssue = (error: ParseResult.ParseError): { readonly path: string; readonly message: string } => {
  const [first] = ParseResult.ArrayFormatter.formatIssueSync(quotable(error.issue))
  return first === undefined
    ? { path: "", message: "invalid value" }
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

/** The issue with only its first branch, each value it holds cut by {@link shallow}. */
const quotable = (issue: ParseResult.ParseIssue): ParseResult.ParseIssue => {
  switch (issue._tag) {
    case "Type":
      return new ParseResult.Type(issue.ast, shallow(issue.actual), issue.message)
    case "Forbidden":
      return new ParseResult.Forbidden(issue.ast, shallow(issue.actual), issue.message)
    case "Unexpected":
      return new ParseResult.Unexpected(shallow(issue.actual), issue.message)
    case "Missing":
      return issue
    case "Pointer":
      return new ParseResult.Pointer(issue.path, shallow(issue.actual), quotable(issue.issue))
    case "Refinement":
      return new ParseResult.Refinement(issue.ast, shallow(issue.actual), issue.kind, quotable(issue.issue))
    case "Transformation":
      return new ParseResult.Transformation(issue.ast, shallow(issue.actual), issue.kind, quotable(issue.issue))
    case "Composite": {
      const first = Array.isArray(issue.issues) ? issue.issues[0]! : issue.issues as ParseResult.ParseIssue
      return new ParseResult.Composite(issue.ast, shallow(issue.actual), quotable(first), issue.output)
    }
  }
}

const maxDepth = 3
const maxEntries = 10

/** What stands for the part of a value left out of a message. */
class Omitted {
  constructor(readonly description: string) {}
  toString() {
    return this.description
  }
}

/** A copy of a JSON-like value down to {@link maxDepth} levels and {@link maxEntries} entries per level. */
const shallow = (value: unknown, depth = 0): unknown => {
  if (typeof value !== "object" || value === null) return value
  if (depth === maxDepth) return new Omitted(Array.isArray(value) ? "[...]" : "{...}")
  if (Array.isArray(value)) {
    const kept: Array<unknown> = value.slice(0, maxEntries).map((item) => shallow(item, depth + 1))
    if (value.length > maxEntries) kept.push(new Omitted(`... ${value.length - maxEntries} more`))
    return kept
  }
  const keys = Object.keys(value)
  const kept: Record<string, unknown> = {}
  for (const key of keys.slice(0, maxEntries)) kept[key] = shallow((value as Record<string, unknown>)[key], depth + 1)
  if (keys.length > maxEntries) kept["..."] = new Omitted(`${keys.length - maxEntries} more`)
  return kept
}
