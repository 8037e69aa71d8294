import * as Either from "effect/Either"
import { identity } from "effect/Function"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

// Decoding the API's JSON bodies is the hot path of `list`. Schema's general interpreter spends
// about ten times as long per credential as `JSON.parse` does (a closure and an Either per
// node, a second pass that checks the renamed object against the Type side). So each body
// Schema is also compiled, once, into a specialised function that checks and renames in one
// pass, allocating nothing but its output. The Schema stays the single source of truth: the
// function is generated from its AST, and only for the nodes whose decoding it reproduces
// exactly (keywords, literals, refinements, unions of those, arrays, structs and `fromKey`
// renames). A value the fast path does not accept goes to Schema's own decoder, so failures
// carry exactly Schema's errors; where code generation is not allowed (a CSP without
// 'unsafe-eval'), everything goes to Schema.

/**
 * What a fast path returns for a value it does not accept.
 *
 * @internal
 */
export const rejected: unique symbol = Symbol.for("effect-openrouter-byok/jsonDecoder/rejected")

/**
 * A compiled decoder: the decoded value, or {@link rejected}.
 *
 * @internal
 */
export type FastPath = (input: unknown) => unknown

/** Annotations that change how Schema parses a node; the fast path does not reproduce them. */
const changesParsing = (ast: AST.AST): boolean =>
  ast.annotations[AST.ParseOptionsAnnotationId] !== undefined ||
  ast.annotations[AST.DecodingFallbackAnnotationId] !== undefined

/** Thrown while generating, when the AST has a node the fast path does not cover. */
class Unsupported {}

/**
 * Generates the source of one function per struct and array, each of the form
 * `(x) => decoded | R`. Checks of single values (keywords, literals, refinements, unions of
 * those) are inlined as conditions on a variable. Values the Schema holds (literals, filters)
 * are passed in as constants, never written into the source.
 */
class Generator {
  readonly constants: Array<unknown> = []
  readonly functions: Array<string> = []
  private readonly names = new Map<AST.AST, string>()

  constant(value: unknown): string {
    const index = this.constants.indexOf(value)
    if (index !== -1) return `c${index}`
    this.constants.push(value)
    return `c${this.constants.length - 1}`
  }

  /**
   * A boolean expression on `v` for a node whose decoding returns its input unchanged, or
   * `undefined` when the node needs a function (arrays, structs).
   */
  condition(ast: AST.AST, v: string): string | undefined {
    if (changesParsing(ast)) throw new Unsupported()
    switch (ast._tag) {
      case "StringKeyword":
        return `typeof ${v} === "string"`
      case "NumberKeyword":
        return `typeof ${v} === "number"`
      case "BooleanKeyword":
        return `typeof ${v} === "boolean"`
      case "UndefinedKeyword":
        return `${v} === undefined`
      case "UnknownKeyword":
      case "AnyKeyword":
        return "true"
      case "Literal":
        return ast.literal === null ? `${v} === null` : `${v} === ${this.constant(ast.literal)}`
      case "Refinement": {
        // Schema calls the filter on the decoded value with the default options; so does this.
        const from = this.condition(ast.from, v)
        if (from === undefined) return undefined
        const filter = this.constant(ast.filter)
        return `(${from}) && ${filter}(${v}, ${this.constant(AST.defaultParseOption)}, ${
          this.constant(ast)
        })._tag === "None"`
      }
      case "Union": {
        const members = ast.types.map((type) => this.condition(type, v))
        return members.every((member) => member !== undefined) ? `(${members.join(" || ")})` : undefined
      }
      case "TupleType":
      case "TypeLiteral":
      case "Transformation":
        return undefined
      default:
        throw new Unsupported()
    }
  }

  /** Statements that check `v`, leave the decoded value in `v`, or `return R`. */
  decode(ast: AST.AST, v: string): string {
    const condition = this.condition(ast, v)
    if (condition !== undefined) return `if (!(${condition})) return R;`
    return `${v} = ${this.function(ast)}(${v}); if (${v} === R) return R;`
  }

  /** The name of a function `(x) => decoded | R` for a node that is not a single condition. */
  function(ast: AST.AST): string {
    switch (ast._tag) {
      case "TupleType":
        return this.array(ast)
      case "TypeLiteral":
        return this.struct(ast, ast, new Map())
      case "Transformation":
        return this.renamed(ast)
      case "Union":
        return this.union(ast)
      case "Refinement":
        return this.define(
          ast,
          (name) =>
            `function ${name}(v) { ${this.decode(ast.from, "v")} if (${this.constant(ast.filter)}(v, ${
              this.constant(AST.defaultParseOption)
            }, ${this.constant(ast)})._tag !== "None") return R; return v; }`
        )
      default:
        throw new Unsupported()
    }
  }

  /**
   * A union with a member that is not a single condition, e.g. `NullOr(Array(String))`: the
   * first member that accepts. Only when every member preserves values: then whichever member
   * accepts first, the output is the one Schema gives, so the cheap conditions go first.
   */
  private union(ast: AST.Union): string {
    if (!ast.types.every(preservesValue)) throw new Unsupported()
    return this.define(ast, (name) => {
      const conditions: Array<string> = []
      const others: Array<string> = []
      for (const type of ast.types) {
        const condition = this.condition(type, "x")
        if (condition !== undefined) conditions.push(`if (${condition}) return x;`)
        else others.push(`v = ${this.function(type)}(x); if (v !== R) return v;`)
      }
      return `function ${name}(x) { let v; ${conditions.join(" ")} ${others.join(" ")} return R; }`
    })
  }

  private define(ast: AST.AST, body: (name: string) => string): string {
    const existing = this.names.get(ast)
    if (existing !== undefined) return existing
    const name = `f${this.names.size}`
    this.names.set(ast, name)
    this.functions.push(body(name))
    return name
  }

  /** `Schema.Array(X)`: a tuple with no elements and one rest type. Schema returns a new array. */
  private array(ast: AST.TupleType): string {
    if (ast.elements.length !== 0 || ast.rest.length !== 1) throw new Unsupported()
    const element = ast.rest[0]!.type
    return this.define(ast, (name) =>
      `function ${name}(x) {
  if (!Array.isArray(x)) return R;
  const n = x.length, o = [];
  for (let i = 0; i < n; i++) { let v = x[i]; ${this.decode(element, "v")} o.push(v); }
  return o;
}`)
  }

  /**
   * A struct with no index signature, each property read under its name in `from` and
   * written under its name after `renames`. As Schema does with its default options: excess
   * properties are dropped, an absent optional property stays absent, an absent required
   * one is decoded from `x[name]` (`undefined`), and the output has the struct's order.
   */
  private struct(ast: AST.AST, from: AST.TypeLiteral, renames: ReadonlyMap<string, string>): string {
    // An empty struct is Schema's `{}`, which has its own rule (any non-nullish value).
    if (from.indexSignatures.length !== 0 || from.propertySignatures.length === 0) throw new Unsupported()
    return this.define(ast, (name) => {
      const fields = from.propertySignatures.map((property) => {
        // `__proto__` would be a prototype assignment, not a property: leave such structs to Schema.
        if (typeof property.name !== "string" || property.name === "__proto__") throw new Unsupported()
        const key = JSON.stringify(property.name)
        const to = JSON.stringify(renames.get(property.name) ?? property.name)
        const read = `v = x[${key}]; ${this.decode(property.type, "v")} o[${to}] = v;`
        return property.isOptional ? `if (hasOwn.call(x, ${key})) { ${read} }` : read
      })
      return `function ${name}(x) {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return R;
  const o = {};
  let v;
  ${fields.join("\n  ")}
  return o;
}`
    })
  }

  /**
   * A struct whose `fromKey` properties are renamed (a `TypeLiteralTransformation` of
   * `identity` property transformations). Schema decodes the encoded struct, moves the
   * renamed keys, then checks the result against the Type side; when the Type side is the
   * type of each encoded property (as `Schema.Struct` builds it), that second check always
   * passes, so one pass that checks and renames gives the same value.
   */
  private renamed(ast: AST.Transformation): string {
    const { from, to, transformation } = ast
    if (
      transformation._tag !== "TypeLiteralTransformation" || !AST.isTypeLiteral(from) || !AST.isTypeLiteral(to) ||
      changesParsing(from) || changesParsing(to) || to.indexSignatures.length !== 0 ||
      from.propertySignatures.length !== to.propertySignatures.length
    ) throw new Unsupported()
    const renames = new Map<string, string>()
    for (const rename of transformation.propertySignatureTransformations) {
      if (
        rename.decode !== identity || typeof rename.from !== "string" || typeof rename.to !== "string" ||
        rename.to === "__proto__" ||
        renames.has(rename.from) || !from.propertySignatures.some((property) => property.name === rename.from)
      ) throw new Unsupported()
      renames.set(rename.from, rename.to)
    }
    const seen = new Set<PropertyKey>()
    from.propertySignatures.forEach((encoded, i) => {
      const decoded = to.propertySignatures[i]!
      const name = typeof encoded.name === "string" ? renames.get(encoded.name) ?? encoded.name : encoded.name
      if (
        decoded.name !== name || decoded.isOptional !== encoded.isOptional || seen.has(name) ||
        !sameShape(decoded.type, AST.typeAST(encoded.type))
      ) throw new Unsupported()
      seen.add(name)
    })
    return this.struct(ast, from, renames)
  }
}

/**
 * Whether decoding returns a value deep-equal to its input (nothing dropped or renamed), so
 * that it does not matter which member of a union accepts it.
 */
const preservesValue = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "TypeLiteral":
    case "Transformation":
      return false
    case "TupleType":
      return ast.elements.every((element) => preservesValue(element.type)) &&
        ast.rest.every((rest) => preservesValue(rest.type))
    case "Union":
      return ast.types.every(preservesValue)
    case "Refinement":
      return preservesValue(ast.from)
    default:
      return true
  }
}

/** Whether two ASTs parse the same way (the Type side a `Schema.Struct` built, against `AST.typeAST`). */
const sameShape = (a: AST.AST, b: AST.AST): boolean => {
  if (changesParsing(a) || changesParsing(b)) return false
  if (a === b) return true
  if (a._tag !== b._tag) return false
  switch (a._tag) {
    case "StringKeyword":
    case "NumberKeyword":
    case "BooleanKeyword":
    case "UndefinedKeyword":
    case "UnknownKeyword":
    case "AnyKeyword":
      return true
    case "Literal":
      return a.literal === (b as AST.Literal).literal
    case "Refinement":
      return a.filter === (b as AST.Refinement).filter && sameShape(a.from, (b as AST.Refinement).from)
    case "Union": {
      const other = b as AST.Union
      return a.types.length === other.types.length && a.types.every((type, i) => sameShape(type, other.types[i]!))
    }
    case "TupleType": {
      const other = b as AST.TupleType
      return a.elements.length === 0 && other.elements.length === 0 && a.rest.length === other.rest.length &&
        a.rest.every((rest, i) => sameShape(rest.type, other.rest[i]!.type))
    }
    case "TypeLiteral": {
      const other = b as AST.TypeLiteral
      return a.indexSignatures.length === 0 && other.indexSignatures.length === 0 &&
        a.propertySignatures.length === other.propertySignatures.length &&
        a.propertySignatures.every((property, i) => {
          const otherProperty = other.propertySignatures[i]!
          return property.name === otherProperty.name && property.isOptional === otherProperty.isOptional &&
            sameShape(property.type, otherProperty.type)
        })
    }
    default:
      return false
  }
}

/**
 * The fast path of a Schema, or `undefined` when its AST has a node the fast path does not
 * reproduce exactly, or when code generation is not allowed.
 *
 * @internal
 */
export const fastPath = <A, I>(schema: Schema.Schema<A, I>): FastPath | undefined => {
  const generator = new Generator()
  let entry: string
  try {
    entry = generator.decode(schema.ast, "v")
  } catch (error) {
    if (error instanceof Unsupported) return undefined
    throw error
  }
  const constants = generator.constants.map((_, i) => `const c${i} = c[${i}];`).join("\n")
  const source = `"use strict";\n${constants}\n${generator.functions.join("\n")}\nreturn (v) => { ${entry} return v; };`
  try {
    return new Function("R", "hasOwn", "c", source)(rejected, Object.prototype.hasOwnProperty, generator.constants)
  } catch {
    return undefined
  }
}

/**
 * Decodes an unknown JSON value with `schema`, exactly as `Schema.decodeUnknownEither(schema)`
 * does: through the fast path when it accepts the value, through Schema otherwise.
 *
 * @internal
 */
export const makeDecoder = <A, I>(
  schema: Schema.Schema<A, I>
): (input: unknown) => Either.Either<A, ParseResult.ParseError> => {
  const decodeWithSchema = Schema.decodeUnknownEither(schema)
  const fast = fastPath(schema)
  if (fast === undefined) return decodeWithSchema
  return (input) => {
    const value = fast(input)
    return value === rejected ? decodeWithSchema(input) : Either.right(value as A)
  }
}
