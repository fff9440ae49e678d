/**
 * Flux parser: source text → `File` AST shaped like the official parser's JSON.
 *
 * It follows the official recursive-descent parser (libflux `parser/mod.rs`) rule for rule, so
 * that precedence, recovery and the place each error is recorded are the same; the oracle test
 * (`test/flux/parser-oracle.test.ts`) holds it to that. This file has the entry point and the
 * statement rules; expressions are in parser-expressions.ts and parser-compound.ts.
 *
 * `parse` never throws. Syntax errors are recorded on the node being built when they were found
 * (`errors: [{msg}]`), or appear as BadExpression / BadStatement nodes; `syntaxErrors` lists them
 * all with positions. Nesting is bounded (see MAX_NESTING) so hostile input cannot exhaust the
 * stack, and every loop consumes input, so parsing time is linear in the input size.
 */
import type * as ast from "./ast.js";
import { copyLocation, type Expr, MAX_NESTING, NESTED_TOO_DEEP, setComments } from "./parser-base.js";
import { ExpressionParser } from "./parser-expressions.js";
import { parseTypeExpression } from "./parser-types.js";
import type { TokenType } from "./token.js";

export { MAX_NESTING } from "./parser-base.js";
export { syntaxErrors, type FluxSyntaxError } from "./syntax-errors.js";

/** Parses Flux source. Never throws; syntax errors are recorded in the returned tree. */
export function parse(source: string): ast.File {
  return new Parser(source).parseFile();
}

const STATEMENT_EXPRESSION_STARTS: ReadonlySet<TokenType> = new Set<TokenType>([
  "INT", "FLOAT", "STRING", "DIV", "TIME", "DURATION", "PIPE_RECEIVE", "LPAREN", "LBRACK",
  "LBRACE", "ADD", "SUB", "NOT", "IF", "EXISTS", "QUOTE",
]);

class Parser extends ExpressionParser {
  parseFile(): ast.File {
    const ts = this.ts;
    const start = ts.peek().startPos;
    let attributes = this.parseAttributes();
    let pkg: ast.PackageClause | null = null;
    if (ts.peek().type === "PACKAGE") {
      pkg = this.parsePackageClause(attributes);
      attributes = [];
    }
    const imports: ast.ImportDeclaration[] = [];
    for (;;) {
      attributes = attributes.concat(this.parseAttributes());
      if (ts.peek().type !== "IMPORT") break;
      imports.push(this.parseImportDeclaration(attributes));
      attributes = [];
    }
    const body = this.parseStatementList(attributes);
    const last = body.at(-1) ?? imports.at(-1) ?? pkg;
    const file: ast.File = {
      type: "File",
      location: last ? { start: { ...start }, end: { ...last.location.end } } : invalidLocation(),
      metadata: "parser-type=rust",
      package: pkg,
      imports,
      body,
    };
    const eof = ts.peek().comments;
    if (eof.length > 0) file.eof = eof;
    return file;
  }

  // Attributes, package, imports

  protected parseAttributes(): ast.Attribute[] {
    const attributes: ast.Attribute[] = [];
    while (this.ts.peek().type === "ATTRIBUTE") attributes.push(this.parseAttribute());
    return attributes;
  }

  protected parseAttribute(): ast.Attribute {
    const ts = this.ts;
    const at = ts.consume();
    const params: ast.AttributeParam[] = [];
    let end = at;
    if (ts.peek().type === "LPAREN") {
      ts.open("LPAREN", "RPAREN");
      // The official parser panics on most malformed parameter lists, so there is no reference
      // behaviour to match here; we only make sure every round consumes input.
      while (ts.more()) {
        const before = ts.peek().start;
        const value = this.parseExpression();
        if (ts.peek().start === before) ts.scan();
        const param: ast.AttributeParam = { location: copyLocation(value.location), value };
        if (ts.peek().type === "COMMA") {
          const comma = ts.scan();
          param.location.end = { ...comma.endPos }; // the official span includes the comma
          setComments(param, "comma", comma.comments);
        }
        params.push(param);
      }
      end = ts.close("RPAREN");
    }
    const base = ts.base(at.startPos, end.endPos, at.comments);
    return { ...base, name: at.lit.slice(1), params };
  }

  protected parsePackageClause(attributes: ast.Attribute[]): ast.PackageClause {
    const t = this.ts.consume();
    const name = this.parseBareIdentifier();
    const base = this.ts.base(t.startPos, name.location.end, t.comments);
    return withAttributes({ type: "PackageClause", ...base, name }, attributes);
  }

  protected parseImportDeclaration(attributes: ast.Attribute[]): ast.ImportDeclaration {
    const ts = this.ts;
    const t = ts.expect("IMPORT");
    const alias = ts.peek().type === "IDENT" ? this.parseBareIdentifier() : null;
    const { type: _type, ...path } = this.parseStringLiteral();
    const base = ts.base(t.startPos, path.location.end, t.comments);
    return withAttributes({ type: "ImportDeclaration", ...base, as: alias, path }, attributes);
  }

  // Statements

  /**
   * Statements up to the end of input or an enclosing closer. Attributes read before the list
   * (file level) belong to its first statement; with no statement to take them they become a
   * BadStatement.
   */
  protected parseStatementList(leadingAttributes: ast.Attribute[] = []): ast.Statement[] {
    const statements: ast.Statement[] = [];
    if (leadingAttributes.length > 0 && !this.ts.more()) {
      const location = {
        start: { ...leadingAttributes[0]!.location.start },
        end: { ...leadingAttributes.at(-1)!.location.end },
      };
      // As in the official parser, the attributes (and any errors inside them) are dropped.
      statements.push({ type: "BadStatement", location, text: "extra attributes not associated with anything" });
      return statements;
    }
    let attributes = leadingAttributes;
    while (this.ts.more()) {
      statements.push(this.parseStatement(attributes));
      attributes = [];
    }
    return statements;
  }

  protected parseStatement(leadingAttributes: ast.Attribute[]): ast.Statement {
    if (this.depth >= MAX_NESTING) {
      // Give up on this statement's first token; the list continues with the next one.
      this.ts.errors.push(NESTED_TOO_DEEP);
      const t = this.ts.scan();
      return { type: "BadStatement", ...this.ts.baseOfToken(t), text: t.lit };
    }
    this.depth++;
    try {
      const attributes = leadingAttributes.concat(this.parseAttributes());
      return withAttributes(this.parseBareStatement(), attributes);
    } finally {
      this.depth--;
    }
  }

  protected parseBareStatement(): ast.Statement {
    const ts = this.ts;
    const t = ts.peek();
    if (STATEMENT_EXPRESSION_STARTS.has(t.type)) return this.parseExpressionStatement();
    switch (t.type) {
      case "IDENT":
        return this.parseIdentStatement();
      case "OPTION":
        return this.parseOptionStatement();
      case "BUILTIN":
        return this.parseBuiltinStatement();
      case "TESTCASE":
        return this.parseTestCaseStatement();
      case "RETURN": {
        const r = ts.expect("RETURN");
        const argument = this.parseExpression();
        return { type: "ReturnStatement", ...ts.base(r.startPos, argument.location.end, r.comments), argument };
      }
      default: {
        const bad = ts.consume();
        return { type: "BadStatement", ...ts.baseOfToken(bad), text: bad.lit };
      }
    }
  }

  protected parseOptionStatement(): ast.Statement {
    const ts = this.ts;
    const t = ts.expect("OPTION");
    const id = this.parseBareIdentifier();
    let assignment: ast.VariableAssignment | ast.MemberAssignment;
    const next = ts.peek();
    if (next.type === "ASSIGN") {
      const init = this.parseAssignedValue();
      assignment = { type: "VariableAssignment", ...ts.base(id.location.start, init.location.end, next.comments), id, init };
    } else if (next.type === "DOT") {
      const dot = ts.consume();
      const property = this.parseIdentifier();
      const assign = ts.expect("ASSIGN");
      const init = this.parseExpression();
      const base = ts.base(id.location.start, init.location.end, assign.comments);
      const member: Omit<ast.MemberExpression, "type"> = {
        ...ts.base(id.location.start, property.location.end),
        object: { type: "Identifier", ...id },
        property,
      };
      setComments(member, "lbrack", dot.comments);
      assignment = { type: "MemberAssignment", ...base, member, init };
    } else {
      return { type: "BadStatement", ...ts.baseOfToken(t), text: t.lit };
    }
    return { type: "OptionStatement", ...ts.base(t.startPos, assignment.location.end, t.comments), assignment };
  }

  protected parseBuiltinStatement(): ast.BuiltinStatement {
    const ts = this.ts;
    const t = ts.expect("BUILTIN");
    const id = this.parseBareIdentifier();
    const colon = ts.expect("COLON");
    const ty = parseTypeExpression(ts, { identifier: () => this.parseIdentifier(), stringLiteral: () => this.parseStringLiteral() });
    const node: ast.BuiltinStatement = { type: "BuiltinStatement", ...ts.base(t.startPos, ty.location.end, t.comments), id, ty };
    setComments(node, "colon", colon.comments);
    return node;
  }

  protected parseTestCaseStatement(): ast.TestCaseStatement {
    const ts = this.ts;
    const t = ts.expect("TESTCASE");
    const id = this.parseBareIdentifier();
    let extendsPath: ast.BareStringLiteral | undefined;
    const next = ts.peek();
    if (next.type === "IDENT" && next.lit === "extends") {
      ts.consume();
      const { type: _type, ...path } = this.parseStringLiteral();
      extendsPath = path;
    }
    const block = this.parseBlock();
    const node: ast.TestCaseStatement = { type: "TestCaseStatement", ...ts.base(t.startPos, block.location.end, t.comments), id, block };
    if (extendsPath) node.extends = extendsPath;
    return node;
  }

  protected parseIdentStatement(): ast.Statement {
    const ts = this.ts;
    const id = this.parseBareIdentifier();
    const next = ts.peek();
    if (next.type === "ASSIGN") {
      const init = this.parseAssignedValue();
      return { type: "VariableAssignment", ...ts.base(id.location.start, init.location.end, next.comments), id, init };
    }
    const expression = this.parseExpressionSuffix({ type: "Identifier", ...id });
    return { type: "ExpressionStatement", ...this.baseOf(expression), expression };
  }

  protected parseAssignedValue(): Expr {
    this.ts.expect("ASSIGN");
    return this.parseExpression();
  }

  protected parseExpressionStatement(): ast.ExpressionStatement {
    const expression = this.parseExpression();
    return { type: "ExpressionStatement", ...this.baseOf(expression), expression };
  }

  protected parseBlock(): ast.Block {
    const ts = this.ts;
    const start = ts.open("LBRACE", "RBRACE");
    const body = this.parseStatementList();
    const end = ts.close("RBRACE");
    const block: ast.Block = { type: "Block", ...ts.base(start.startPos, end.endPos), body };
    setComments(block, "lbrace", start.comments);
    setComments(block, "rbrace", end.comments);
    return block;
  }
}

function withAttributes<T extends ast.BaseNode>(node: T, attributes: ast.Attribute[]): T {
  if (attributes.length > 0) node.attributes = attributes;
  return node;
}

function invalidLocation(): ast.SourceLocation {
  return { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
}
