/**
 * Flux parser: source text → `File` AST shaped like the official parser's JSON.
 *
 * It follows the official recursive-descent parser (libflux `parser/mod.rs`) rule for rule, so
 * that precedence, recovery and the place each error is recorded are the same; the oracle test
 * (`test/flux/parser-oracle.test.ts`) holds it to that. In short:
 *
 *   Expression  = "if" … "then" … "else" … | Or
 *   Or          = And { "or" And }             And = Unary { "and" Unary }
 *   Unary       = ("not" | "exists") Unary | Comparison
 *   Comparison  = Additive { cmp Additive }    Additive = Multiplicative { ("+"|"-") Multiplicative }
 *   Multiplicative = Exponent { ("*"|"/"|"%") Exponent }   Exponent = Pipe { "^" Pipe }
 *   Pipe        = Sign { "|>" Sign }           Sign = ("+"|"-") Sign | Postfix
 *   Postfix     = Primary { "." ident | "(" props ")" | "[" expr "]" }
 *
 * `parse` never throws. Syntax errors are recorded on the node being built when they were found
 * (`errors: [{msg}]`), or appear as BadExpression / BadStatement nodes; `syntaxErrors` lists them
 * all with positions. Nesting is bounded (see MAX_NESTING) so hostile input cannot exhaust the
 * stack, and every loop consumes input, so parsing time is linear in the input size.
 */
import type * as ast from "./ast.js";
import { parseTypeExpression } from "./parser-types.js";
import { decodeDateTime, decodeDuration, decodeInteger, decodeRegex, decodeStringLiteral, decodeText } from "./literals.js";
import { TokenStream } from "./token-stream.js";
import type { Token, TokenType } from "./token.js";

export { syntaxErrors, type FluxSyntaxError } from "./syntax-errors.js";

/** Parses Flux source. Never throws; syntax errors are recorded in the returned tree. */
export function parse(source: string): ast.File {
  return new Parser(source).parseFile();
}

/**
 * How deeply statements and expressions may nest (each statement and each expression inside
 * parentheses, calls, arrays, records, functions, blocks or interpolations is one level) before
 * the parser gives up on the inner part with "Program is nested too deep". Same limit and same
 * recovery as the official parser; it keeps the recursion far from the JS stack limit.
 */
export const MAX_NESTING = 80;
const NESTED_TOO_DEEP = "Program is nested too deep";

const STATEMENT_EXPRESSION_STARTS: ReadonlySet<TokenType> = new Set<TokenType>([
  "INT", "FLOAT", "STRING", "DIV", "TIME", "DURATION", "PIPE_RECEIVE", "LPAREN", "LBRACK",
  "LBRACE", "ADD", "SUB", "NOT", "IF", "EXISTS", "QUOTE",
]);

const COMPARISON_OPERATORS: ReadonlyMap<TokenType, ast.BinaryOperator> = new Map<TokenType, ast.BinaryOperator>([
  ["EQ", "=="], ["NEQ", "!="], ["LTE", "<="], ["LT", "<"], ["GTE", ">="], ["GT", ">"],
  ["REGEXEQ", "=~"], ["REGEXNEQ", "!~"],
]);
const ADDITIVE_OPERATORS: ReadonlyMap<TokenType, ast.BinaryOperator> = new Map<TokenType, ast.BinaryOperator>([
  ["ADD", "+"], ["SUB", "-"],
]);
const MULTIPLICATIVE_OPERATORS: ReadonlyMap<TokenType, ast.BinaryOperator> = new Map<TokenType, ast.BinaryOperator>([
  ["MUL", "*"], ["DIV", "/"], ["MOD", "%"],
]);

type Expr = ast.Expression;

class Parser {
  private readonly ts: TokenStream;
  private depth = 0;

  constructor(source: string) {
    this.ts = new TokenStream(source);
  }

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

  // ------------------------------------------------------------------------------------------
  // Attributes, package, imports

  private parseAttributes(): ast.Attribute[] {
    const attributes: ast.Attribute[] = [];
    while (this.ts.peek().type === "ATTRIBUTE") attributes.push(this.parseAttribute());
    return attributes;
  }

  private parseAttribute(): ast.Attribute {
    const ts = this.ts;
    const at = ts.consume();
    const params: ast.AttributeParam[] = [];
    let end = at;
    if (ts.peek().type === "LPAREN") {
      ts.open("LPAREN", "RPAREN");
      while (ts.more()) {
        const value = this.parseExpression();
        const param: ast.AttributeParam = { location: copyLocation(value.location), value };
        if (ts.peek().type === "COMMA") {
          const comma = ts.scan();
          param.location.end = { ...comma.endPos }; // the official span includes the comma
          setComments(param, "comma", comma.comments);
        }
        params.push(param);
        if (value.type === "BadExpression") ts.scan(); // always make progress
      }
      end = ts.close("RPAREN");
    }
    const base = ts.base(at.startPos, end.endPos, at.comments);
    return { ...base, name: at.lit.slice(1), params };
  }

  private parsePackageClause(attributes: ast.Attribute[]): ast.PackageClause {
    const t = this.ts.consume();
    const name = this.parseBareIdentifier();
    const base = this.ts.base(t.startPos, name.location.end, t.comments);
    return withAttributes({ type: "PackageClause", ...base, name }, attributes);
  }

  private parseImportDeclaration(attributes: ast.Attribute[]): ast.ImportDeclaration {
    const ts = this.ts;
    const t = ts.expect("IMPORT");
    const alias = ts.peek().type === "IDENT" ? this.parseBareIdentifier() : null;
    const { type: _type, ...path } = this.parseStringLiteral();
    const base = ts.base(t.startPos, path.location.end, t.comments);
    return withAttributes({ type: "ImportDeclaration", ...base, as: alias, path }, attributes);
  }

  // ------------------------------------------------------------------------------------------
  // Statements

  /**
   * Statements up to the end of input or an enclosing closer. Attributes read before the list
   * (file level) belong to its first statement; with no statement to take them they become a
   * BadStatement.
   */
  private parseStatementList(leadingAttributes: ast.Attribute[] = []): ast.Statement[] {
    const statements: ast.Statement[] = [];
    if (leadingAttributes.length > 0 && !this.ts.more()) {
      const location = {
        start: { ...leadingAttributes[0]!.location.start },
        end: { ...leadingAttributes.at(-1)!.location.end },
      };
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

  private parseStatement(leadingAttributes: ast.Attribute[]): ast.Statement {
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

  private parseBareStatement(): ast.Statement {
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

  private parseOptionStatement(): ast.Statement {
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

  private parseBuiltinStatement(): ast.BuiltinStatement {
    const ts = this.ts;
    const t = ts.expect("BUILTIN");
    const id = this.parseBareIdentifier();
    const colon = ts.expect("COLON");
    const ty = parseTypeExpression(ts, { identifier: () => this.parseIdentifier(), stringLiteral: () => this.parseStringLiteral() });
    const node: ast.BuiltinStatement = { type: "BuiltinStatement", ...ts.base(t.startPos, ty.location.end, t.comments), id, ty };
    setComments(node, "colon", colon.comments);
    return node;
  }

  private parseTestCaseStatement(): ast.TestCaseStatement {
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

  private parseIdentStatement(): ast.Statement {
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

  private parseAssignedValue(): Expr {
    this.ts.expect("ASSIGN");
    return this.parseExpression();
  }

  private parseExpressionStatement(): ast.ExpressionStatement {
    const expression = this.parseExpression();
    return { type: "ExpressionStatement", ...this.baseOf(expression), expression };
  }

  private parseBlock(): ast.Block {
    const ts = this.ts;
    const start = ts.open("LBRACE", "RBRACE");
    const body = this.parseStatementList();
    const end = ts.close("RBRACE");
    const block: ast.Block = { type: "Block", ...ts.base(start.startPos, end.endPos), body };
    setComments(block, "lbrace", start.comments);
    setComments(block, "rbrace", end.comments);
    return block;
  }

  // ------------------------------------------------------------------------------------------
  // Expressions, loosest binding first

  private parseExpression(): Expr {
    if (this.depth >= MAX_NESTING) {
      // Give up on this subexpression; consuming a token guarantees progress.
      this.ts.errors.push(NESTED_TOO_DEEP);
      return this.badExpression(this.ts.scan());
    }
    this.depth++;
    try {
      return this.parseConditionalExpression();
    } finally {
      this.depth--;
    }
  }

  /**
   * Parses expressions until a stop token or a closer; several expressions in a row are joined
   * by `<INVALID_OP>` binary nodes, and tokens that start no expression are skipped with an
   * error. Used where the parser must resynchronise (brackets, property values).
   */
  private parseExpressionWhileMore(stopTokens: readonly TokenType[]): Expr | undefined {
    const ts = this.ts;
    let expr: Expr | undefined;
    while (!stopTokens.includes(ts.peek().type) && ts.more()) {
      const e = this.parseExpression();
      if (e.type === "BadExpression") {
        this.skipInvalidToken();
        continue;
      }
      expr = expr === undefined ? e : this.invalidBinary(expr, e);
    }
    return expr;
  }

  private skipInvalidToken(): void {
    const t = this.ts.scan();
    this.ts.errors.push(`invalid expression ${formatSpan(t.startPos, t.endPos)}: ${t.lit}`);
  }

  private invalidBinary(left: Expr, right: Expr): ast.BinaryExpression {
    return { type: "BinaryExpression", ...this.ts.base(left.location.start, right.location.end), operator: "<INVALID_OP>", left, right };
  }

  /** Continues an expression whose first operand (an identifier) was already parsed. */
  private parseExpressionSuffix(first: Expr): Expr {
    let expr = this.parsePostfixSuffix(first);
    expr = this.parsePipeSuffix(expr);
    expr = this.parseBinarySuffix(expr, "^");
    expr = this.parseBinarySuffix(expr, "*");
    expr = this.parseBinarySuffix(expr, "+");
    expr = this.parseBinarySuffix(expr, "==");
    expr = this.parseLogicalSuffix(expr, "and");
    return this.parseLogicalSuffix(expr, "or");
  }

  private parseConditionalExpression(): Expr {
    const ts = this.ts;
    const t = ts.peek();
    if (t.type !== "IF") return this.parseLogicalSuffix(this.parseLogicalAnd(), "or");
    const ifToken = ts.scan();
    const test = this.parseExpression();
    const thenToken = ts.expectOrSkip("THEN");
    const consequent = thenToken.type === "THEN" ? this.parseExpression() : this.placeholder(thenToken);
    const elseToken = ts.expectOrSkip("ELSE");
    const alternate = elseToken.type === "ELSE" ? this.parseExpression() : this.placeholder(elseToken);
    const node: ast.ConditionalExpression = {
      type: "ConditionalExpression",
      ...ts.base(t.startPos, alternate.location.end),
      test,
      consequent,
      alternate,
    };
    setComments(node, "tk_if", ifToken.comments);
    setComments(node, "tk_then", thenToken.comments);
    setComments(node, "tk_else", elseToken.comments);
    return node;
  }

  private parseLogicalAnd(): Expr {
    return this.parseLogicalSuffix(this.parseLogicalUnary(), "and");
  }

  private parseLogicalSuffix(first: Expr, operator: ast.LogicalOperator): Expr {
    const ts = this.ts;
    const tokenType: TokenType = operator === "and" ? "AND" : "OR";
    let left = first;
    while (ts.peek().type === tokenType) {
      const t = ts.scan();
      const right = operator === "and" ? this.parseLogicalUnary() : this.parseLogicalAnd();
      left = { type: "LogicalExpression", ...ts.base(left.location.start, right.location.end, t.comments), operator, left, right };
    }
    return left;
  }

  /** `not`/`exists` prefixes. Iterative, so long chains cannot exhaust the stack. */
  private parseLogicalUnary(): Expr {
    const ts = this.ts;
    const prefixes: Token[] = [];
    for (let t = ts.peek(); t.type === "NOT" || t.type === "EXISTS"; t = ts.peek()) prefixes.push(ts.consume());
    let expr = this.parseBinarySuffix(this.parseBinaryOperand("=="), "==");
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const t = prefixes[i]!;
      const operator = t.type === "NOT" ? "not" : "exists";
      expr = { type: "UnaryExpression", ...ts.base(t.startPos, expr.location.end, t.comments), operator, argument: expr };
    }
    return expr;
  }

  /**
   * The four binary levels, named by a representative operator: "==" comparisons, "+"
   * additive, "*" multiplicative, "^" exponent. All are left-associative.
   */
  private parseBinarySuffix(first: Expr, level: "==" | "+" | "*" | "^"): Expr {
    const ts = this.ts;
    let left = first;
    for (;;) {
      const t = ts.peek();
      const operator = binaryOperatorAt(level, t.type);
      if (operator === undefined) return left;
      ts.scan();
      const right = this.parseBinaryOperand(level);
      if (level === "*" || level === "^") {
        // The official parser builds (and throws away) one extra base here, which drops any
        // errors still pending; reproduced so errors land where the official parser puts them.
        ts.errors = [];
      }
      left = { type: "BinaryExpression", ...ts.base(left.location.start, right.location.end, t.comments), operator, left, right };
    }
  }

  /** An operand of the given binary level: a full expression of the next tighter level. */
  private parseBinaryOperand(level: "==" | "+" | "*" | "^"): Expr {
    switch (level) {
      case "==":
        return this.parseBinarySuffix(this.parseBinaryOperand("+"), "+");
      case "+":
        return this.parseBinarySuffix(this.parseBinaryOperand("*"), "*");
      case "*":
        return this.parseBinarySuffix(this.parsePipeExpression(), "^");
      case "^":
        return this.parsePipeExpression();
    }
  }

  private parsePipeExpression(): Expr {
    return this.parsePipeSuffix(this.parseSignedExpression());
  }

  private parsePipeSuffix(first: Expr): Expr {
    const ts = this.ts;
    let argument = first;
    while (ts.peek().type === "PIPE_FORWARD") {
      const t = ts.scan();
      const destination = this.parseSignedExpression();
      let call: Omit<ast.CallExpression, "type">;
      if (destination.type === "CallExpression") {
        const { type: _type, ...rest } = destination;
        call = rest;
      } else {
        ts.errors.push("pipe destination must be a function call");
        call = { ...this.baseOf(destination), callee: destination };
      }
      argument = { type: "PipeExpression", ...ts.base(argument.location.start, call.location.end, t.comments), argument, call };
    }
    return argument;
  }

  /** Unary `+`/`-`: binds tighter than `|>` and `^`. Iterative, so long chains are safe. */
  private parseSignedExpression(): Expr {
    const ts = this.ts;
    const signs: Token[] = [];
    for (let t = ts.peek(); t.type === "ADD" || t.type === "SUB"; t = ts.peek()) signs.push(ts.consume());
    let expr = this.parsePostfixSuffix(this.parsePrimaryExpression());
    for (let i = signs.length - 1; i >= 0; i--) {
      const sign = signs[i]!;
      const operator = sign.type === "ADD" ? "+" : "-";
      expr = { type: "UnaryExpression", ...ts.base(sign.startPos, expr.location.end, sign.comments), operator, argument: expr };
    }
    return expr;
  }

  private parsePostfixSuffix(first: Expr): Expr {
    let expr = first;
    for (;;) {
      switch (this.ts.peek().type) {
        case "DOT":
          expr = this.parseDotExpression(expr);
          break;
        case "LPAREN":
          expr = this.parseCallExpression(expr);
          break;
        case "LBRACK":
          expr = this.parseIndexExpression(expr);
          break;
        default:
          return expr;
      }
    }
  }

  private parseDotExpression(object: Expr): ast.MemberExpression {
    const ts = this.ts;
    const dot = ts.expect("DOT");
    const property = this.parseIdentifier();
    const node: ast.MemberExpression = { type: "MemberExpression", ...ts.base(object.location.start, property.location.end), object, property };
    setComments(node, "lbrack", dot.comments);
    return node;
  }

  private parseCallExpression(callee: Expr): ast.CallExpression {
    const ts = this.ts;
    const lparen = ts.open("LPAREN", "RPAREN");
    const properties = this.nested(() => this.parsePropertyList());
    const end = ts.close("RPAREN");
    const call: ast.CallExpression = { type: "CallExpression", ...ts.base(callee.location.start, end.endPos), callee };
    setComments(call, "lparen", lparen.comments);
    if (properties.length > 0) {
      const base = ts.base(properties[0]!.location.start, properties.at(-1)!.location.end);
      call.arguments = [{ type: "ObjectExpression", ...base, properties }];
    }
    setComments(call, "rparen", end.comments);
    return call;
  }

  private parseIndexExpression(object: Expr): Expr {
    const ts = this.ts;
    const start = ts.open("LBRACK", "RBRACK");
    const index = this.parseExpressionWhileMore([]);
    const end = ts.close("RBRACK");
    if (index?.type === "StringLiteral") {
      const node: ast.MemberExpression = { type: "MemberExpression", ...ts.base(object.location.start, end.endPos), object, property: index };
      setComments(node, "lbrack", start.comments);
      setComments(node, "rbrack", end.comments);
      return node;
    }
    if (index !== undefined) {
      const node: ast.IndexExpression = { type: "IndexExpression", ...ts.base(object.location.start, end.endPos), array: object, index };
      setComments(node, "lbrack", start.comments);
      setComments(node, "rbrack", end.comments);
      return node;
    }
    ts.errors.push("no expression included in brackets");
    const base = ts.base(object.location.start, end.endPos);
    const placeholder: ast.IntegerLiteral = { type: "IntegerLiteral", ...ts.base(start.startPos, end.endPos), value: "-1" };
    return { type: "IndexExpression", ...base, array: object, index: placeholder };
  }

  // ------------------------------------------------------------------------------------------
  // Primary expressions and literals

  private parsePrimaryExpression(): Expr {
    const ts = this.ts;
    const t = ts.peekWithRegex();
    switch (t.type) {
      case "IDENT":
        return this.parseIdentifier();
      case "INT": {
        ts.consume();
        const decoded = decodeInteger(t.lit);
        if (!decoded.ok) ts.errors.push(decoded.error);
        return { type: "IntegerLiteral", ...ts.baseOfToken(t), value: decoded.ok ? decoded.value : "0" };
      }
      case "FLOAT":
        ts.consume();
        return { type: "FloatLiteral", ...ts.baseOfToken(t), value: Number(t.lit) };
      case "STRING":
        return this.parseStringLiteral();
      case "QUOTE":
        return this.parseStringExpression();
      case "REGEX": {
        ts.consume();
        const decoded = decodeRegex(t.lit);
        if (!decoded.ok) ts.errors.push(decoded.error);
        return { type: "RegexpLiteral", ...ts.baseOfToken(t), value: decoded.ok ? decoded.value : "" };
      }
      case "TIME": {
        ts.consume();
        const decoded = decodeDateTime(t.lit);
        if (!decoded.ok) return { type: "BadExpression", location: ts.locationOfToken(t), text: decoded.error, expression: null };
        return { type: "DateTimeLiteral", ...ts.baseOfToken(t), value: decoded.value };
      }
      case "DURATION": {
        ts.consume();
        const decoded = decodeDuration(t.lit);
        if (!decoded.ok) return this.badExpression(t);
        return { type: "DurationLiteral", ...ts.baseOfToken(t), values: decoded.value };
      }
      case "PIPE_RECEIVE":
        ts.consume();
        return { type: "PipeLiteral", ...ts.baseOfToken(t) };
      case "DOT":
        return this.parseLabelLiteral();
      case "LBRACK":
        return this.nested(() => this.parseArrayOrDict(ts.open("LBRACK", "RBRACK")));
      case "LBRACE":
        return this.nested(() => this.parseObjectLiteral());
      case "LPAREN":
        return this.nested(() => this.parseParenExpression());
      default:
        // Not consumed: the caller decides how to skip it.
        return this.badExpression(t);
    }
  }

  /** `.name` / `."name"`; a missing name is an error (the token after the dot is consumed). */
  private parseLabelLiteral(): ast.LabelLiteral {
    const ts = this.ts;
    const dot = ts.consume();
    const t = ts.expectOneOf(["IDENT", "STRING"]);
    let value = t.lit;
    if (t.type === "STRING") {
      const decoded = decodeStringLiteral(t.lit);
      value = decoded.ok ? decoded.value : "";
    }
    return { type: "LabelLiteral", ...ts.base(dot.startPos, t.endPos, dot.comments), value };
  }

  private badExpression(t: Token): ast.BadExpression {
    return {
      type: "BadExpression",
      location: this.ts.locationOfToken(t),
      text: `invalid token for primary expression: ${t.type}`,
      expression: null,
    };
  }

  /** An empty BadExpression, at the start of token `t`, standing for a missing `then`/`else` branch. */
  private placeholder(t: Token): ast.BadExpression {
    return { type: "BadExpression", location: emptyLocationAt(t), text: "", expression: null };
  }

  /** Runs a rule one nesting level deeper (the depth bound counts these). */
  private nested<T>(rule: () => T): T {
    return rule();
  }

  private parseIdentifier(): ast.Identifier {
    return { type: "Identifier", ...this.parseBareIdentifier() };
  }

  /**
   * An identifier. On another token: records an error, leaves the token for the next rule, and
   * returns an empty name located (zero-width) at that token.
   */
  private parseBareIdentifier(): ast.BareIdentifier {
    const t = this.ts.expectOrSkip("IDENT");
    if (t.type === "IDENT") return { ...this.ts.baseOfToken(t), name: t.lit };
    return { ...this.ts.base(t.startPos, t.startPos, t.comments), name: "" };
  }

  private parseStringLiteral(): ast.StringLiteral {
    const t = this.ts.expect("STRING");
    return this.stringLiteralFromToken(t);
  }

  private stringLiteralFromToken(t: Token): ast.StringLiteral {
    const decoded = decodeStringLiteral(t.lit);
    if (!decoded.ok) this.ts.errors.push(decoded.error);
    return { type: "StringLiteral", ...this.ts.baseOfToken(t), value: decoded.ok ? decoded.value : "" };
  }

  /** `"text ${expr} text"`, read with the scanner in string mode. */
  private parseStringExpression(): Expr {
    const ts = this.ts;
    const start = ts.expect("QUOTE");
    const parts: ast.StringExpressionPart[] = [];
    for (;;) {
      const t = ts.scanStringPart();
      switch (t.type) {
        case "TEXT": {
          const decoded = decodeText(t.lit);
          if (!decoded.ok) return this.badExpression(t);
          parts.push({ type: "TextPart", ...ts.baseOfToken(t), value: decoded.value });
          break;
        }
        case "STRINGEXPR": {
          const expression = this.parseExpression();
          const end = ts.expect("RBRACE");
          parts.push({ type: "InterpolatedPart", ...ts.base(t.startPos, end.endPos), expression });
          break;
        }
        case "QUOTE":
          return { type: "StringExpression", ...ts.base(start.startPos, t.endPos), parts };
        default:
          ts.errors.push(`got unexpected token in string expression ${formatSpan(t.startPos, t.endPos)}: ${t.type}`);
          return { type: "StringExpression", ...ts.base(start.startPos, t.endPos), parts: [] };
      }
    }
  }

  private parseArrayOrDict(start: Token): Expr {
    const ts = this.ts;
    const next = ts.peek().type;
    if (next === "COLON") {
      ts.consume();
      const end = ts.close("RBRACK");
      return this.listNode("DictExpression", start, end, []);
    }
    if (next === "RBRACK") {
      const end = ts.close("RBRACK");
      return this.listNode("ArrayExpression", start, end, []);
    }
    const first = this.parseExpression();
    if (ts.peek().type === "COLON") {
      ts.consume();
      const val = this.parseExpression();
      return this.parseDictItemsRest(start, first, val);
    }
    return this.parseArrayItemsRest(start, first);
  }

  private parseArrayItemsRest(start: Token, first: Expr): Expr {
    const ts = this.ts;
    if (ts.peek().type === "RBRACK") return this.listNode("ArrayExpression", start, ts.close("RBRACK"), [first]);
    const items: Expr[] = [withComma(first, ts.expect("COMMA").comments)];
    let lastOffset = ts.peek().start;
    while (ts.more()) {
      const expression = this.parseExpression();
      items.push(withComma(expression, ts.peek().type === "COMMA" ? ts.scan().comments : []));
      // An expression that consumed nothing means a token no rule accepts: stop, as the
      // official parser does, instead of looping on it.
      const offset = ts.peek().start;
      if (offset === lastOffset) break;
      lastOffset = offset;
    }
    return this.listNode("ArrayExpression", start, ts.close("RBRACK"), items);
  }

  private parseDictItemsRest(start: Token, key: Expr, val: Expr): Expr {
    const ts = this.ts;
    if (ts.peek().type === "RBRACK") return this.listNode("DictExpression", start, ts.close("RBRACK"), [{ key, val }]);
    const items: ast.DictItem[] = [withComma({ key, val }, ts.expect("COMMA").comments)];
    let lastOffset = ts.peek().start;
    while (ts.more()) {
      const k = this.parseExpression();
      ts.expect("COLON");
      const v = this.parseExpression();
      items.push(withComma({ key: k, val: v }, ts.peek().type === "COMMA" ? ts.scan().comments : []));
      const offset = ts.peek().start;
      if (offset === lastOffset) break; // see parseArrayItemsRest
      lastOffset = offset;
    }
    return this.listNode("DictExpression", start, ts.close("RBRACK"), items);
  }

  private listNode(type: "ArrayExpression", start: Token, end: Token, elements: Expr[]): ast.ArrayExpression;
  private listNode(type: "DictExpression", start: Token, end: Token, elements: ast.DictItem[]): ast.DictExpression;
  private listNode(
    type: "ArrayExpression" | "DictExpression",
    start: Token,
    end: Token,
    elements: Expr[] | ast.DictItem[],
  ): ast.ArrayExpression | ast.DictExpression {
    const node = { type, ...this.ts.base(start.startPos, end.endPos), elements } as ast.ArrayExpression | ast.DictExpression;
    setComments(node, "lbrack", start.comments);
    setComments(node, "rbrack", end.comments);
    return node;
  }

  // ------------------------------------------------------------------------------------------
  // Records and property lists

  private parseObjectLiteral(): ast.ObjectExpression {
    const ts = this.ts;
    const start = ts.open("LBRACE", "RBRACE");
    const body = this.parseObjectBody();
    const end = ts.close("RBRACE");
    const node: ast.ObjectExpression = { type: "ObjectExpression", ...ts.base(start.startPos, end.endPos), properties: body.properties };
    setComments(node, "lbrace", start.comments);
    if (body.with) node.with = body.with;
    setComments(node, "rbrace", end.comments);
    return node;
  }

  private parseObjectBody(): { with?: ast.WithSource; properties: ast.Property[] } {
    const ts = this.ts;
    const t = ts.peek();
    if (t.type === "STRING") {
      return { properties: this.parsePropertyListSuffix(this.parseStringLiteral()) };
    }
    if (t.type !== "IDENT") return { properties: this.parsePropertyList() };
    const ident = this.parseIdentifier();
    const next = ts.peek();
    if (next.type !== "IDENT") return { properties: this.parsePropertyListSuffix(ident) };
    // `{r with ...}`; another identifier in that place is an (unnamed) error.
    if (next.lit !== "with") ts.errors.push("");
    const withToken = ts.consume();
    const { type: _type, ...source } = ident;
    const withSource: ast.WithSource = source;
    setComments(withSource, "with", withToken.comments);
    return { with: withSource, properties: this.parsePropertyList() };
  }

  private parsePropertyListSuffix(key: ast.PropertyKey): ast.Property[] {
    const ts = this.ts;
    const properties = [this.parsePropertySuffix(key)];
    if (!ts.more()) return properties;
    const t = ts.peek();
    if (t.type !== "COMMA") {
      ts.errors.push(`expected comma in property list, got ${t.type}`);
    } else {
      setComments(properties[0]!, "comma", ts.consume().comments);
    }
    return properties.concat(this.parsePropertyList());
  }

  private parsePropertyList(): ast.Property[] {
    const ts = this.ts;
    const properties: ast.Property[] = [];
    const commaErrors: string[] = [];
    while (ts.more()) {
      const t = ts.peek();
      let property: ast.Property;
      if (t.type === "IDENT") property = this.parsePropertySuffix(this.parseIdentifier());
      else if (t.type === "STRING") property = this.parsePropertySuffix(this.parseStringLiteral());
      else property = this.parseInvalidProperty();
      if (ts.more()) {
        const next = ts.peek();
        if (next.type !== "COMMA") commaErrors.push(`expected comma in property list, got ${next.type}`);
        else setComments(property, "comma", ts.consume().comments);
      }
      properties.push(property);
    }
    ts.errors.push(...commaErrors);
    return properties;
  }

  private parsePropertySuffix(key: ast.PropertyKey): ast.Property {
    const ts = this.ts;
    let value: Expr | null = null;
    let separator: ast.Comment[] = [];
    if (ts.peek().type === "COLON") {
      separator = ts.consume().comments;
      value = this.parsePropertyValue() ?? null;
    }
    const end = (value ?? key).location.end;
    const property: ast.Property = { type: "Property", ...ts.base(key.location.start, end), key, value };
    setComments(property, "separator", separator);
    return property;
  }

  private parseInvalidProperty(): ast.Property {
    const ts = this.ts;
    const t = ts.peek();
    const ownErrors: string[] = [];
    let value: Expr | null = null;
    if (t.type === "COLON") {
      ownErrors.push("missing property key");
      ts.consume();
      value = this.parsePropertyValue() ?? null;
    } else if (t.type === "COMMA") {
      ownErrors.push("missing property in property list");
    } else {
      ownErrors.push(`unexpected token for property key: ${t.type} (${t.lit})`);
      // Skip to the next comma, colon or closer; a colon still introduces a value.
      this.parseExpressionWhileMore(["COMMA", "COLON"]);
      if (ts.peek().type === "COLON") {
        ts.consume();
        value = this.parsePropertyValue() ?? null;
      }
    }
    ts.errors.push(...ownErrors);
    const base = ts.base(t.startPos, ts.peek().startPos);
    const key: ast.StringLiteral = { type: "StringLiteral", ...ts.base(t.startPos, t.startPos), value: "<invalid>" };
    return { type: "Property", ...base, key, value };
  }

  private parsePropertyValue(): Expr | undefined {
    const value = this.parseExpressionWhileMore(["COMMA", "COLON"]);
    if (value === undefined) this.ts.errors.push("missing property value");
    return value;
  }

  // ------------------------------------------------------------------------------------------
  // Parentheses and function literals

  private parseParenExpression(): Expr {
    const ts = this.ts;
    const lparen = ts.open("LPAREN", "RPAREN");
    const t = ts.peek();
    if (t.type === "RPAREN") return this.parseFunctionExpression(lparen, ts.close("RPAREN"), []);
    if (t.type === "IDENT") return this.parseParenIdentExpression(lparen, this.parseIdentifier());
    const expression: Expr = this.parseExpressionWhileMore([]) ?? {
      type: "BadExpression",
      location: ts.locationOfToken(t),
      text: t.lit,
      expression: null,
    };
    return this.parenNode(lparen, ts.close("RPAREN"), expression);
  }

  private parenNode(lparen: Token, rparen: Token, expression: Expr): ast.ParenExpression {
    const node: ast.ParenExpression = { type: "ParenExpression", ...this.ts.base(lparen.startPos, rparen.endPos), expression };
    setComments(node, "lparen", lparen.comments);
    setComments(node, "rparen", rparen.comments);
    return node;
  }

  /** After `( ident`: a function literal's parameters, or a parenthesised expression. */
  private parseParenIdentExpression(lparen: Token, key: ast.Identifier): Expr {
    const ts = this.ts;
    const t = ts.peek();
    switch (t.type) {
      case "RPAREN": {
        const rparen = ts.close("RPAREN");
        if (ts.peek().type !== "ARROW") return this.parenNode(lparen, rparen, key);
        const param: ast.Property = { type: "Property", ...this.baseOf(key), key, value: null };
        return this.parseFunctionExpression(lparen, rparen, [param]);
      }
      case "ASSIGN": {
        ts.consume();
        const value = this.parseExpression();
        const param: ast.Property = { type: "Property", ...ts.base(key.location.start, value.location.end), key, value };
        setComments(param, "separator", t.comments);
        const params = [param];
        if (ts.peek().type === "COMMA") {
          setComments(param, "comma", ts.scan().comments);
          params.push(...this.parseParameterList());
        }
        return this.parseFunctionExpression(lparen, ts.close("RPAREN"), params);
      }
      case "COMMA": {
        ts.consume();
        const param: ast.Property = { type: "Property", ...this.baseOf(key), key, value: null };
        setComments(param, "comma", t.comments);
        const params = [param, ...this.parseParameterList()];
        return this.parseFunctionExpression(lparen, ts.close("RPAREN"), params);
      }
      default: {
        let expr = this.parseExpressionSuffix(key);
        while (ts.more()) {
          const right = this.parseExpression();
          if (right.type === "BadExpression") {
            this.skipInvalidToken();
            continue;
          }
          expr = this.invalidBinary(expr, right);
        }
        return this.parenNode(lparen, ts.close("RPAREN"), expr);
      }
    }
  }

  private parseParameterList(): ast.Property[] {
    const ts = this.ts;
    const params: ast.Property[] = [];
    while (ts.more()) {
      const before = ts.peek().start;
      const param = this.parseParameter();
      if (ts.peek().type === "COMMA") setComments(param, "comma", ts.scan().comments);
      params.push(param);
      if (ts.peek().start === before) ts.scan(); // a token that is no parameter: skip it
    }
    return params;
  }

  private parseParameter(): ast.Property {
    const ts = this.ts;
    const key = this.parseIdentifier();
    if (ts.peek().type !== "ASSIGN") return { type: "Property", ...this.baseOf(key), key, value: null };
    const assign = ts.scan();
    const value = this.parseExpression();
    const param: ast.Property = { type: "Property", ...ts.base(key.location.start, value.location.end), key, value };
    setComments(param, "separator", assign.comments);
    return param;
  }

  private parseFunctionExpression(lparen: Token, rparen: Token, params: ast.Property[]): ast.FunctionExpression {
    const ts = this.ts;
    const arrow = ts.expectOrSkip("ARROW");
    const body: ast.FunctionBody = ts.peek().type === "LBRACE" ? this.nested(() => this.parseBlock()) : this.parseExpression();
    const node: ast.FunctionExpression = { type: "FunctionExpression", ...ts.base(lparen.startPos, body.location.end), params, body };
    setComments(node, "lparen", lparen.comments);
    setComments(node, "rparen", rparen.comments);
    setComments(node, "arrow", arrow.comments);
    return node;
  }

  /** A base spanning another node (takes pending errors, no comments). */
  private baseOf(node: { location: ast.SourceLocation }): ast.BaseNode {
    return this.ts.base(node.location.start, node.location.end);
  }
}

function binaryOperatorAt(level: "==" | "+" | "*" | "^", type: TokenType): ast.BinaryOperator | undefined {
  switch (level) {
    case "==":
      return COMPARISON_OPERATORS.get(type);
    case "+":
      return ADDITIVE_OPERATORS.get(type);
    case "*":
      return MULTIPLICATIVE_OPERATORS.get(type);
    case "^":
      return type === "POW" ? "^" : undefined;
  }
}

/** The official parser's span format in messages: `@line:col-line:col` (empty file name). */
function formatSpan(start: ast.Position, end: ast.Position): string {
  return `@${start.line}:${start.column}-${end.line}:${end.column}`;
}

/** Sets an optional comment list only when non-empty, as the official JSON omits empty ones. */
function setComments<T extends object>(node: T, key: string, comments: ast.Comment[]): void {
  if (comments.length > 0) (node as Record<string, unknown>)[key] = comments;
}

function withComma<T extends object>(node: T, comments: ast.Comment[]): T {
  setComments(node, "comma", comments);
  return node;
}

function withAttributes<T extends ast.BaseNode>(node: T, attributes: ast.Attribute[]): T {
  if (attributes.length > 0) node.attributes = attributes;
  return node;
}

function copyLocation(loc: ast.SourceLocation): ast.SourceLocation {
  return { start: { ...loc.start }, end: { ...loc.end } };
}

function emptyLocationAt(t: Token): ast.SourceLocation {
  return { start: { ...t.startPos }, end: { ...t.startPos } };
}

function invalidLocation(): ast.SourceLocation {
  return { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
}
