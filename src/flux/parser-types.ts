/**
 * Type expressions, which appear only in `builtin name : type` statements (stdlib sources).
 * Same rules as the official parser:
 *
 *   TypeExpression = MonoType [ "where" Constraint { "," Constraint } ] .
 *   MonoType = Tvar (one letter) | Named | "[" T "]" | "[" K ":" V "]" | "stream" "[" T "]" | "." label
 *            | "{" [ props | tvar "with" props ] "}" | "(" [ params ] ")" "=>" MonoType .
 *   Param    = ident ":" T | "?" ident ":" T | "<-" [ ident ] ":" T .
 */
import type * as ast from "./ast.js";
import { decodeStringLiteral } from "./literals.js";
import { MAX_NESTING, NESTED_TOO_DEEP } from "./parser-base.js";
import type { TokenStream } from "./token-stream.js";
import type { Token } from "./token.js";

export interface TypeParserHooks {
  identifier(): ast.Identifier;
  stringLiteral(): ast.StringLiteral;
}

export function parseTypeExpression(ts: TokenStream, hooks: TypeParserHooks): ast.TypeExpression {
  return new TypeParser(ts, hooks).parseTypeExpression();
}

/**
 * Bound on nested types (`[[[...]]]`), so hostile input cannot exhaust the stack. The official
 * parser has none here (it overflows); we reuse its expression limit and message.
 */
const MAX_TYPE_NESTING = MAX_NESTING;

class TypeParser {
  private depth = 0;

  constructor(
    private readonly ts: TokenStream,
    private readonly hooks: TypeParserHooks,
  ) {}

  parseTypeExpression(): ast.TypeExpression {
    const ts = this.ts;
    const monotype = this.parseMonotype();
    const t = ts.peek();
    // Starts as a copy of the monotype's base (errors included), as in the official parser.
    let base: ast.BaseNode = copyBase(monotype);
    const constraints: ast.TypeConstraint[] = [];
    if (t.type === "IDENT" && t.lit === "where") {
      ts.consume();
      constraints.push(this.parseConstraint());
      while (ts.peek().type === "COMMA") {
        ts.consume();
        constraints.push(this.parseConstraint());
      }
      base = ts.base(monotype.location.start, constraints.at(-1)!.location.end);
    }
    return { type: "TypeExpression", ...base, monotype, constraints };
  }

  private ident(): ast.BareIdentifier {
    const { type: _type, ...bare } = this.hooks.identifier();
    return bare;
  }

  private parseConstraint(): ast.TypeConstraint {
    const ts = this.ts;
    const tvar = this.ident();
    ts.expect("COLON");
    const kinds = [this.ident()];
    while (ts.peek().type === "ADD") {
      ts.consume();
      kinds.push(this.ident());
    }
    return { type: "TypeConstraint", ...ts.base(tvar.location.start, kinds.at(-1)!.location.end), tvar, kinds };
  }

  private parseMonotype(): ast.MonoType {
    const ts = this.ts;
    if (this.depth >= MAX_TYPE_NESTING) {
      ts.errors.push(NESTED_TOO_DEEP);
      const t = ts.scan();
      return { type: "NamedType", ...ts.baseOfToken(t), name: { location: { start: { ...t.startPos }, end: { ...t.endPos } }, name: "" } };
    }
    this.depth++;
    try {
      return this.parseMonotypeUnbounded();
    } finally {
      this.depth--;
    }
  }

  private parseMonotypeUnbounded(): ast.MonoType {
    const ts = this.ts;
    const t = ts.peek();
    switch (t.type) {
      case "LBRACK": {
        const start = ts.open("LBRACK", "RBRACK");
        const element = this.parseMonotype();
        if (ts.peek().type === "RBRACK") {
          const end = ts.close("RBRACK");
          return { type: "ArrayType", ...ts.base(start.startPos, end.endPos), element };
        }
        ts.expect("COLON");
        const val = this.parseMonotype();
        const end = ts.close("RBRACK");
        return { type: "DictType", ...ts.base(start.startPos, end.endPos), key: element, val };
      }
      case "LBRACE":
        return this.parseRecordType();
      case "LPAREN":
        return this.parseFunctionType();
      case "DOT": {
        // `.label` or `."label"`
        const dot = ts.consume();
        const name = ts.expectOneOf(["IDENT", "STRING"]);
        let value = name.lit;
        if (name.type === "STRING") {
          const decoded = decodeStringLiteral(name.lit);
          value = decoded.ok ? decoded.value : "";
        }
        return { type: "LabelType", ...ts.base(dot.startPos, name.endPos), value };
      }
      default:
        break;
    }
    if (t.type === "IDENT" && t.lit === "stream") {
      const start = ts.expect("IDENT");
      ts.open("LBRACK", "RBRACK");
      const element = this.parseMonotype();
      const end = ts.close("RBRACK");
      return { type: "StreamType", ...ts.base(start.startPos, end.endPos), element };
    }
    if (t.lit.length === 1) {
      const name = this.ident();
      return { type: "TvarType", ...copyBase(name), name }; // shares the identifier's base
    }
    const base = ts.baseOfToken(t);
    return { type: "NamedType", ...base, name: this.ident() };
  }

  private parseFunctionType(): ast.FunctionType {
    const ts = this.ts;
    const lparen = ts.open("LPAREN", "RPAREN");
    const parameters: ast.ParameterType[] = [];
    const first = ts.peek().type;
    if (first === "PIPE_RECEIVE" || first === "QUESTION_MARK" || first === "IDENT") {
      while (ts.more()) {
        const before = ts.peek().start;
        parameters.push(this.parseParameter());
        if (ts.peek().type === "COMMA") ts.consume();
        if (ts.peek().start === before) ts.scan(); // never loop on a token no rule accepts
      }
    }
    ts.close("RPAREN");
    ts.expect("ARROW");
    const monotype = this.parseMonotype();
    return { type: "FunctionType", ...ts.base(lparen.startPos, monotype.location.end), parameters, monotype };
  }

  private parseParameter(): ast.ParameterType {
    const ts = this.ts;
    const t = ts.peek();
    if (t.type === "QUESTION_MARK") {
      const symbol = ts.expect("QUESTION_MARK");
      const name = this.ident();
      ts.expect("COLON");
      const monotype = this.parseMonotype();
      const start = ts.baseOfToken(symbol);
      let defaultValue: ast.StringLiteral | undefined;
      if (ts.peek().type === "ASSIGN") {
        ts.expect("ASSIGN");
        defaultValue = this.hooks.stringLiteral();
      }
      const param: ast.ParameterType = { type: "Optional", ...ts.base(start.location.start, monotype.location.end), name, monotype, default: defaultValue ?? null };
      return param;
    }
    if (t.type === "PIPE_RECEIVE") {
      const symbol = ts.expect("PIPE_RECEIVE");
      const name = ts.peek().type === "IDENT" ? this.ident() : undefined;
      ts.expect("COLON");
      const monotype = this.parseMonotype();
      const start = ts.baseOfToken(symbol);
      const param: ast.ParameterType = { type: "Pipe", ...ts.base(start.location.start, monotype.location.end), monotype };
      if (name) param.name = name;
      return param;
    }
    const name = this.ident();
    ts.expect("COLON");
    const monotype = this.parseMonotype();
    return { type: "Required", ...ts.base(name.location.start, monotype.location.end), name, monotype };
  }

  /** `{}`, `{a: T, "b": U}` or `{A with a: T}`. */
  private parseRecordType(): ast.RecordType {
    const ts = this.ts;
    const start = ts.open("LBRACE", "RBRACE");
    let tvar: ast.BareIdentifier | undefined;
    let properties: ast.PropertyType[] = [];
    const t = ts.peek();
    if (t.type === "IDENT" || t.type === "STRING") {
      const key = this.parsePropertyKey();
      if (key.type === "StringLiteral") {
        properties = this.parsePropertyTypesAfter(key);
      } else {
        const next = ts.peek();
        if (next.type === "COLON") {
          properties = this.parsePropertyTypesAfter(key);
        } else if (next.type === "IDENT" && next.lit === "with") {
          const { type: _type, ...bare } = key;
          tvar = bare;
          ts.expect("IDENT");
          properties = this.parsePropertyTypesAfter(this.parsePropertyKey());
        }
        // Anything else is reported by close() below.
      }
    }
    const end = ts.close("RBRACE");
    const node: ast.RecordType = { type: "RecordType", ...ts.base(start.startPos, end.endPos), properties };
    if (tvar) node.tvar = tvar;
    return node;
  }

  private parsePropertyKey(): ast.PropertyKey {
    const ts = this.ts;
    const t = ts.expectOneOf(["IDENT", "STRING"]);
    if (t.type === "STRING") {
      return stringKey(ts, t);
    }
    return { type: "Identifier", ...ts.baseOfToken(t), name: t.lit };
  }

  private parsePropertyTypesAfter(firstKey: ast.PropertyKey): ast.PropertyType[] {
    const ts = this.ts;
    const properties = [this.parsePropertyType(firstKey)];
    if (ts.peek().type === "COMMA") ts.consume();
    while (ts.more()) {
      const before = ts.peek().start;
      properties.push(this.parsePropertyType(this.parsePropertyKey()));
      if (ts.peek().type === "COMMA") ts.consume();
      if (ts.peek().start === before) ts.scan();
    }
    return properties;
  }

  private parsePropertyType(name: ast.PropertyKey): ast.PropertyType {
    const ts = this.ts;
    ts.expect("COLON");
    const monotype = this.parseMonotype();
    return { ...ts.base(name.location.start, monotype.location.end), name, monotype };
  }
}

function copyBase(node: ast.BaseNode): ast.BaseNode {
  const base: ast.BaseNode = { location: { start: { ...node.location.start }, end: { ...node.location.end } } };
  if (node.comments) base.comments = node.comments.map((c) => ({ ...c }));
  if (node.errors) base.errors = node.errors.map((e) => ({ ...e }));
  return base;
}

function stringKey(ts: TokenStream, t: Token): ast.StringLiteral {
  const decoded = decodeStringLiteral(t.lit);
  if (!decoded.ok) ts.errors.push(decoded.error);
  return { type: "StringLiteral", ...ts.baseOfToken(t), value: decoded.ok ? decoded.value : "" };
}
