/**
 * Expressions by precedence, loosest first, exactly as the official parser binds them:
 *
 *   Expression  = "if" … "then" … "else" … | Or
 *   Or          = And { "or" And }             And = Unary { "and" Unary }
 *   Unary       = ("not" | "exists") Unary | Comparison
 *   Comparison  = Additive { cmp Additive }    Additive = Multiplicative { ("+"|"-") Multiplicative }
 *   Multiplicative = Exponent { ("*"|"/"|"%") Exponent }   Exponent = Pipe { "^" Pipe }
 *   Pipe        = Sign { "|>" Sign }           Sign = ("+"|"-") Sign | Postfix
 *   Postfix     = Primary { "." ident | "(" props ")" | "[" expr "]" }
 *
 * All binary levels are left-associative. Prefix chains and binary chains are loops, so only
 * bracketing nests recursion, and that is bounded by MAX_NESTING.
 */
import type * as ast from "./ast.js";
import { decodeDateTime, decodeDuration, decodeInteger, decodeRegex, decodeStringLiteral } from "./literals.js";
import { type Expr, MAX_NESTING, NESTED_TOO_DEEP, setComments } from "./parser-base.js";
import { CompoundParser } from "./parser-compound.js";
import type { Token, TokenType } from "./token.js";

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

export abstract class ExpressionParser extends CompoundParser {
  protected parseExpression(): Expr {
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

  /** Continues an expression whose first operand (an identifier) was already parsed. */
  protected parseExpressionSuffix(first: Expr): Expr {
    let expr = this.parsePostfixSuffix(first);
    expr = this.parsePipeSuffix(expr);
    expr = this.parseBinarySuffix(expr, "^");
    expr = this.parseBinarySuffix(expr, "*");
    expr = this.parseBinarySuffix(expr, "+");
    expr = this.parseBinarySuffix(expr, "==");
    expr = this.parseLogicalSuffix(expr, "and");
    return this.parseLogicalSuffix(expr, "or");
  }

  protected parseConditionalExpression(): Expr {
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

  protected parseLogicalAnd(): Expr {
    return this.parseLogicalSuffix(this.parseLogicalUnary(), "and");
  }

  protected parseLogicalSuffix(first: Expr, operator: ast.LogicalOperator): Expr {
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
  protected parseLogicalUnary(): Expr {
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
  protected parseBinarySuffix(first: Expr, level: "==" | "+" | "*" | "^"): Expr {
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
  protected parseBinaryOperand(level: "==" | "+" | "*" | "^"): Expr {
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

  protected parsePipeExpression(): Expr {
    return this.parsePipeSuffix(this.parseSignedExpression());
  }

  protected parsePipeSuffix(first: Expr): Expr {
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
  protected parseSignedExpression(): Expr {
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

  protected parsePostfixSuffix(first: Expr): Expr {
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

  protected parseDotExpression(object: Expr): ast.MemberExpression {
    const ts = this.ts;
    const dot = ts.expect("DOT");
    const property = this.parseIdentifier();
    const node: ast.MemberExpression = { type: "MemberExpression", ...ts.base(object.location.start, property.location.end), object, property };
    setComments(node, "lbrack", dot.comments);
    return node;
  }

  protected parseCallExpression(callee: Expr): ast.CallExpression {
    const ts = this.ts;
    const lparen = ts.open("LPAREN", "RPAREN");
    const properties = this.parsePropertyList();
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

  protected parseIndexExpression(object: Expr): Expr {
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

  // Primary expressions and literals

  protected parsePrimaryExpression(): Expr {
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
        return this.parseArrayOrDict(ts.open("LBRACK", "RBRACK"));
      case "LBRACE":
        return this.parseObjectLiteral();
      case "LPAREN":
        return this.parseParenExpression();
      default:
        // Not consumed: the caller decides how to skip it.
        return this.badExpression(t);
    }
  }

  /** `.name` / `."name"`; a missing name is an error (the token after the dot is consumed). */
  protected parseLabelLiteral(): ast.LabelLiteral {
    const ts = this.ts;
    const dot = ts.consume();
    const t = ts.expectOneOf(["IDENT", "STRING"]);
    let value = t.lit;
    if (t.type === "STRING") {
      const decoded = decodeStringLiteral(t.lit);
      value = decoded.ok ? decoded.value : "";
    }
    return { type: "LabelLiteral", ...ts.base(dot.startPos, t.endPos), value };
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
