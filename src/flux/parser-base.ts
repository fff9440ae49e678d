/**
 * Shared state and small helpers of the Flux parser, which is split by concern into a chain of
 * classes (as Babel's parser is): ParserBase → CompoundParser (strings, lists, records,
 * parentheses and functions) → ExpressionParser (operators, postfix, primary) → Parser
 * (statements and files, in parser.ts). The rules call each other recursively across the
 * chain through the abstract methods declared here.
 */
import type * as ast from "./ast.js";
import { decodeStringLiteral } from "./literals.js";
import { TokenStream } from "./token-stream.js";
import type { Token, TokenType } from "./token.js";

export type Expr = ast.Expression;

/**
 * How deeply statements and expressions may nest (each statement and each expression inside
 * parentheses, calls, arrays, records, functions, blocks or interpolations is one level) before
 * the parser gives up on the inner part with "Program is nested too deep". Same limit and same
 * recovery as the official parser; it keeps the recursion far from the JS stack limit.
 */
export const MAX_NESTING = 80;
export const NESTED_TOO_DEEP = "Program is nested too deep";

export abstract class ParserBase {
  protected readonly ts: TokenStream;
  /** Current nesting of statements and expressions, bounded by MAX_NESTING. */
  protected depth = 0;

  constructor(source: string) {
    this.ts = new TokenStream(source);
  }

  protected abstract parseExpression(): Expr;
  /** Continues an expression whose first operand (an identifier) was already parsed. */
  protected abstract parseExpressionSuffix(first: Expr): Expr;
  protected abstract parseBlock(): ast.Block;

  /**
   * Parses expressions until a stop token or a closer; several expressions in a row are joined
   * by `<INVALID_OP>` binary nodes, and tokens that start no expression are skipped with an
   * error. Used where the parser must resynchronise (brackets, property values).
   */
  protected parseExpressionWhileMore(stopTokens: readonly TokenType[]): Expr | undefined {
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

  protected skipInvalidToken(): void {
    const t = this.ts.scan();
    this.ts.errors.push(`invalid expression ${formatSpan(t.startPos, t.endPos)}: ${t.lit}`);
  }

  protected invalidBinary(left: Expr, right: Expr): ast.BinaryExpression {
    return { type: "BinaryExpression", ...this.ts.base(left.location.start, right.location.end), operator: "<INVALID_OP>", left, right };
  }

  protected badExpression(t: Token): ast.BadExpression {
    return {
      type: "BadExpression",
      location: this.ts.locationOfToken(t),
      text: `invalid token for primary expression: ${t.type}`,
      expression: null,
    };
  }

  /** An empty BadExpression, at the start of token `t`, standing for a missing `then`/`else` branch. */
  protected placeholder(t: Token): ast.BadExpression {
    return { type: "BadExpression", location: emptyLocationAt(t), text: "", expression: null };
  }

  protected parseIdentifier(): ast.Identifier {
    return this.identifierInto({ type: "Identifier" }) as ast.Identifier;
  }

  /**
   * An identifier. On another token: records an error, leaves the token for the next rule, and
   * returns an empty name located (zero-width) at that token.
   */
  protected parseBareIdentifier(): ast.BareIdentifier {
    return this.identifierInto({});
  }

  // Identifiers are the commonest node: built in place rather than spread from a base.
  private identifierInto(node: object): ast.BareIdentifier {
    const t = this.ts.expectOrSkip("IDENT");
    const id = t.type === "IDENT" ? this.ts.fillBase(node, t.startPos, t.endPos, t.comments)
      : this.ts.fillBase(node, t.startPos, t.startPos, t.comments);
    (id as ast.BareIdentifier).name = t.type === "IDENT" ? t.lit : "";
    return id as ast.BareIdentifier;
  }

  protected parseStringLiteral(): ast.StringLiteral {
    const t = this.ts.expect("STRING");
    return this.stringLiteralFromToken(t);
  }

  protected stringLiteralFromToken(t: Token): ast.StringLiteral {
    const decoded = decodeStringLiteral(t.lit);
    if (!decoded.ok) this.ts.errors.push(decoded.error);
    const node = this.ts.fillBase({ type: "StringLiteral" }, t.startPos, t.endPos, t.comments) as ast.StringLiteral;
    node.value = decoded.ok ? decoded.value : "";
    return node;
  }

  /** A base spanning another node (takes pending errors, no comments). */
  protected baseOf(node: { location: ast.SourceLocation }): ast.BaseNode {
    return this.ts.base(node.location.start, node.location.end);
  }
}

/** Sets an optional comment list only when non-empty, as the official JSON omits empty ones. */
export function setComments<T extends object>(node: T, key: string, comments: ast.Comment[]): void {
  if (comments.length > 0) (node as Record<string, unknown>)[key] = comments;
}

export function withComma<T extends object>(node: T, comments: ast.Comment[]): T {
  setComments(node, "comma", comments);
  return node;
}

/** The official parser's span format in messages: `@line:col-line:col` (empty file name). */
export function formatSpan(start: ast.Position, end: ast.Position): string {
  return `@${start.line}:${start.column}-${end.line}:${end.column}`;
}

export function copyLocation(loc: ast.SourceLocation): ast.SourceLocation {
  return { start: { ...loc.start }, end: { ...loc.end } };
}

export function emptyLocationAt(t: Token): ast.SourceLocation {
  return { start: { ...t.startPos }, end: { ...t.startPos } };
}
