/**
 * Flux abstract syntax tree, shaped exactly like the JSON the official Flux parser emits
 * (libflux `ast` serialised by `@influxdata/flux-lsp-browser`): same `type` names, same field
 * names, same places where a node carries no `type`. That lets tests deep-compare our trees with
 * the official parser's, and lets the interpreter switch on `node.type`.
 *
 * The tree is data only (plain objects, no classes), so it can be cloned, serialised and walked
 * generically. Field conventions that follow the official JSON:
 * - `errors` holds syntax errors found while building that node; absent when there are none.
 * - `comments` holds the comments written just before the node's first token; other comment
 *   lists (`lparen`, `rbrace`, `comma`, ...) hold comments before that punctuation token.
 *   All comment lists are absent when empty.
 * - `IntegerLiteral.value` / `UnsignedIntegerLiteral.value` are decimal strings (64-bit safe).
 */

/** 1-based line and column; columns count bytes of UTF-8, as the official scanner does. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Where a node sits in the source; `end` is exclusive. The official parser also copies the
 * node's text into `source`; ours leaves it out, because on deeply nested input those copies
 * grow quadratically. An empty file's location is line 0, column 0 (no position), as there.
 */
export interface SourceLocation {
  start: Position;
  end: Position;
  source?: string;
}

/** A `// ...` comment including its trailing newline, e.g. `"// c\n"`. */
export interface Comment {
  text: string;
}

/** A syntax error recorded on the node where it was found. */
export interface NodeError {
  msg: string;
}

/** `@name(params...)` before a package clause, import or statement. */
export interface Attribute {
  location: SourceLocation;
  name: string;
  params: AttributeParam[];
  comments?: Comment[];
  errors?: NodeError[];
}

export interface AttributeParam {
  location: SourceLocation;
  value: Expression;
  comma?: Comment[];
  comments?: Comment[];
  errors?: NodeError[];
}

/** Fields every node may carry. */
export interface BaseNode {
  location: SourceLocation;
  comments?: Comment[];
  errors?: NodeError[];
  attributes?: Attribute[];
}

/** An identifier in a position where the official JSON gives it no `type` (declarations). */
export interface BareIdentifier extends BaseNode {
  name: string;
}

// ---------------------------------------------------------------------------------------------
// File structure

export interface File extends BaseNode {
  type: "File";
  /** Always "parser-type=rust" in the official output; stripped before comparing. */
  metadata?: string;
  name?: string;
  package: PackageClause | null;
  imports: ImportDeclaration[];
  body: Statement[];
  /** Comments after the last statement. */
  eof?: Comment[];
}

export interface PackageClause extends BaseNode {
  type: "PackageClause";
  name: BareIdentifier;
}

export interface ImportDeclaration extends BaseNode {
  type: "ImportDeclaration";
  as: BareIdentifier | null;
  /** A string literal without `type`. */
  path: BareStringLiteral;
}

export interface BareStringLiteral extends BaseNode {
  value: string;
}

// ---------------------------------------------------------------------------------------------
// Statements

export type Statement =
  | VariableAssignment
  | OptionStatement
  | ExpressionStatement
  | ReturnStatement
  | BuiltinStatement
  | TestCaseStatement
  | BadStatement;

export interface VariableAssignment extends BaseNode {
  type: "VariableAssignment";
  id: BareIdentifier;
  init: Expression;
}

/** `option pkg.name = init`; `member` is a MemberExpression without `type`. */
export interface MemberAssignment extends BaseNode {
  type: "MemberAssignment";
  member: Omit<MemberExpression, "type">;
  init: Expression;
}

export interface OptionStatement extends BaseNode {
  type: "OptionStatement";
  assignment: VariableAssignment | MemberAssignment;
}

export interface ExpressionStatement extends BaseNode {
  type: "ExpressionStatement";
  expression: Expression;
}

export interface ReturnStatement extends BaseNode {
  type: "ReturnStatement";
  argument: Expression;
}

/** `builtin name : type` (stdlib sources only). */
export interface BuiltinStatement extends BaseNode {
  type: "BuiltinStatement";
  colon?: Comment[];
  id: BareIdentifier;
  ty: TypeExpression;
}

export interface TestCaseStatement extends BaseNode {
  type: "TestCaseStatement";
  id: BareIdentifier;
  extends?: BareStringLiteral;
  block: Block;
}

/** Placeholder for text that could not be parsed as a statement. */
export interface BadStatement extends BaseNode {
  type: "BadStatement";
  text: string;
}

export interface Block extends BaseNode {
  type: "Block";
  lbrace?: Comment[];
  body: Statement[];
  rbrace?: Comment[];
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | Identifier
  | ArrayExpression
  | DictExpression
  | FunctionExpression
  | LogicalExpression
  | ObjectExpression
  | MemberExpression
  | IndexExpression
  | BinaryExpression
  | UnaryExpression
  | PipeExpression
  | CallExpression
  | ConditionalExpression
  | StringExpression
  | ParenExpression
  | IntegerLiteral
  | FloatLiteral
  | StringLiteral
  | DurationLiteral
  | UnsignedIntegerLiteral
  | BooleanLiteral
  | DateTimeLiteral
  | RegexpLiteral
  | PipeLiteral
  | LabelLiteral
  | BadExpression;

export interface Identifier extends BaseNode {
  type: "Identifier";
  name: string;
}

export interface ArrayExpression extends BaseNode {
  type: "ArrayExpression";
  lbrack?: Comment[];
  /** Each element may carry `comma` comments (comments before the comma after it). */
  elements: Array<Expression & { comma?: Comment[] }>;
  rbrack?: Comment[];
}

export interface DictItem {
  key: Expression;
  val: Expression;
  comma?: Comment[];
}

export interface DictExpression extends BaseNode {
  type: "DictExpression";
  lbrack?: Comment[];
  elements: DictItem[];
  rbrack?: Comment[];
}

export type FunctionBody = Block | Expression;

export interface FunctionExpression extends BaseNode {
  type: "FunctionExpression";
  lparen?: Comment[];
  /** Parameters; `value` is the default (a PipeLiteral marks the pipe parameter). */
  params: Property[];
  rparen?: Comment[];
  arrow?: Comment[];
  body: FunctionBody;
}

export type LogicalOperator = "and" | "or";

export interface LogicalExpression extends BaseNode {
  type: "LogicalExpression";
  operator: LogicalOperator;
  left: Expression;
  right: Expression;
}

/** `{r with ...}`: the extended record's identifier, without `type`. */
export interface WithSource extends BareIdentifier {
  with?: Comment[];
}

export interface ObjectExpression extends BaseNode {
  type: "ObjectExpression";
  lbrace?: Comment[];
  with?: WithSource;
  properties: Property[];
  rbrace?: Comment[];
}

export type PropertyKey = Identifier | StringLiteral;

export interface Property extends BaseNode {
  type: "Property";
  key: PropertyKey;
  separator?: Comment[];
  /** null for the shorthand `{a}` (meaning `{a: a}`) and for parameters without default. */
  value: Expression | null;
  comma?: Comment[];
}

export interface MemberExpression extends BaseNode {
  type: "MemberExpression";
  object: Expression;
  lbrack?: Comment[];
  /** `a.b` gives an Identifier, `a["b"]` a StringLiteral. */
  property: PropertyKey;
  rbrack?: Comment[];
}

export interface IndexExpression extends BaseNode {
  type: "IndexExpression";
  array: Expression;
  lbrack?: Comment[];
  index: Expression;
  rbrack?: Comment[];
}

export type BinaryOperator =
  | "*"
  | "/"
  | "%"
  | "^"
  | "+"
  | "-"
  | "<="
  | "<"
  | ">="
  | ">"
  | "=="
  | "!="
  | "=~"
  | "!~"
  | "<INVALID_OP>";

export interface BinaryExpression extends BaseNode {
  type: "BinaryExpression";
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
}

export type UnaryOperator = "-" | "+" | "not" | "exists";

export interface UnaryExpression extends BaseNode {
  type: "UnaryExpression";
  operator: UnaryOperator;
  argument: Expression;
}

export interface CallExpression extends BaseNode {
  type: "CallExpression";
  callee: Expression;
  lparen?: Comment[];
  /** Absent for `f()`; otherwise one ObjectExpression holding the named arguments. */
  arguments?: Expression[];
  rparen?: Comment[];
}

/** `argument |> call`; `call` is a CallExpression without `type`. */
export interface PipeExpression extends BaseNode {
  type: "PipeExpression";
  argument: Expression;
  call: Omit<CallExpression, "type">;
}

export interface ConditionalExpression extends BaseNode {
  type: "ConditionalExpression";
  tk_if?: Comment[];
  test: Expression;
  tk_then?: Comment[];
  consequent: Expression;
  tk_else?: Comment[];
  alternate: Expression;
}

/** A string containing `${...}`. */
export interface StringExpression extends BaseNode {
  type: "StringExpression";
  parts: StringExpressionPart[];
}

export type StringExpressionPart = TextPart | InterpolatedPart;

export interface TextPart extends BaseNode {
  type: "TextPart";
  value: string;
}

export interface InterpolatedPart extends BaseNode {
  type: "InterpolatedPart";
  expression: Expression;
}

export interface ParenExpression extends BaseNode {
  type: "ParenExpression";
  lparen?: Comment[];
  expression: Expression;
  rparen?: Comment[];
}

export interface IntegerLiteral extends BaseNode {
  type: "IntegerLiteral";
  /** Decimal digits; the official parser serialises the i64 as a string. */
  value: string;
}

export interface UnsignedIntegerLiteral extends BaseNode {
  type: "UnsignedIntegerLiteral";
  value: string;
}

export interface FloatLiteral extends BaseNode {
  type: "FloatLiteral";
  value: number;
}

export interface StringLiteral extends BaseNode {
  type: "StringLiteral";
  /** The unescaped value. */
  value: string;
}

/** Never produced by the parser (`true`/`false` are identifiers); kept for completeness. */
export interface BooleanLiteral extends BaseNode {
  type: "BooleanLiteral";
  value: boolean;
}

export type DurationUnit = "y" | "mo" | "w" | "d" | "h" | "m" | "s" | "ms" | "us" | "µs" | "ns";

/** One `magnitude unit` pair of a duration literal, without `type`. */
export interface Duration {
  magnitude: number;
  unit: DurationUnit;
}

export interface DurationLiteral extends BaseNode {
  type: "DurationLiteral";
  values: Duration[];
}

export interface DateTimeLiteral extends BaseNode {
  type: "DateTimeLiteral";
  /** RFC 3339 with an explicit offset, as chrono prints it: `2018-05-22T19:53:26+00:00`. */
  value: string;
}

export interface RegexpLiteral extends BaseNode {
  type: "RegexpLiteral";
  /** The pattern with `\/` unescaped to `/`. */
  value: string;
}

/** `<-` as a parameter default: marks the pipe parameter. */
export interface PipeLiteral extends BaseNode {
  type: "PipeLiteral";
}

/** `.name` or `."name"`: a record label as a value (used by some stdlib functions). */
export interface LabelLiteral extends BaseNode {
  type: "LabelLiteral";
  value: string;
}

/** Placeholder for text that could not be parsed as an expression. */
export interface BadExpression extends BaseNode {
  type: "BadExpression";
  text: string;
  expression: Expression | null;
}

// ---------------------------------------------------------------------------------------------
// Type expressions (only in `builtin` statements)

export interface TypeExpression extends BaseNode {
  type: "TypeExpression";
  monotype: MonoType;
  constraints: TypeConstraint[];
}

/** `where A: Addable + Comparable` */
export interface TypeConstraint extends BaseNode {
  type: "TypeConstraint";
  tvar: BareIdentifier;
  kinds: BareIdentifier[];
}

export type MonoType =
  | TvarType
  | NamedType
  | ArrayType
  | StreamType
  | VectorType
  | DictType
  | RecordType
  | FunctionType
  | LabelType;

export interface TvarType extends BaseNode {
  type: "TvarType";
  name: BareIdentifier;
}

export interface NamedType extends BaseNode {
  type: "NamedType";
  name: BareIdentifier;
}

export interface ArrayType extends BaseNode {
  type: "ArrayType";
  element: MonoType;
}

export interface StreamType extends BaseNode {
  type: "StreamType";
  element: MonoType;
}

export interface VectorType extends BaseNode {
  type: "VectorType";
  element: MonoType;
}

export interface DictType extends BaseNode {
  type: "DictType";
  key: MonoType;
  val: MonoType;
}

export interface RecordType extends BaseNode {
  type: "RecordType";
  tvar?: BareIdentifier;
  properties: PropertyType[];
}

export interface PropertyType extends BaseNode {
  name: BareIdentifier | StringLiteral;
  monotype: MonoType;
}

export interface FunctionType extends BaseNode {
  type: "FunctionType";
  parameters: ParameterType[];
  monotype: MonoType;
}

/** A string literal used as a type, e.g. a column label. */
export interface LabelType extends BaseNode {
  type: "LabelType";
  value: string;
}

export type ParameterType =
  | (BaseNode & { type: "Required"; name: BareIdentifier; monotype: MonoType })
  | (BaseNode & { type: "Optional"; name: BareIdentifier; monotype: MonoType; default?: StringLiteral | null })
  | (BaseNode & { type: "Pipe"; name?: BareIdentifier; monotype: MonoType });

// ---------------------------------------------------------------------------------------------

/** Every node that carries a `type` discriminator. */
export type Node =
  | File
  | PackageClause
  | ImportDeclaration
  | Statement
  | MemberAssignment
  | Block
  | Expression
  | Property
  | TextPart
  | InterpolatedPart
  | TypeExpression
  | TypeConstraint
  | MonoType;

export type NodeType = Node["type"];
