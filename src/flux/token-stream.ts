import type { BaseNode, Comment, Position, SourceLocation } from "./ast.js";
import { Scanner } from "./lexer.js";
import type { Token, TokenType } from "./token.js";

/**
 * The parser's view of the input: one token of lookahead, the pending syntax errors, and the
 * count of open brackets. It mirrors the official parser's bookkeeping exactly, because where an
 * error lands in the tree depends on it:
 *
 * - Errors are queued in `errors` and handed to the next node whose base is built, so an error
 *   is recorded on the node being completed when it was found.
 * - `open`/`close` count expected closing tokens; `more()` stops a list at any closer that an
 *   enclosing construct is waiting for, which is how the parser recovers from missing commas or
 *   brackets without consuming its parent's tokens.
 */
export class TokenStream {
  private readonly scanner: Scanner;
  private buffered: Token | undefined;
  private readonly openClosers = new Map<TokenType, number>();
  /** Errors not yet attached to a node. */
  errors: string[] = [];

  constructor(source: string) {
    this.scanner = new Scanner(source);
  }

  /** Next token, consuming it. */
  scan(): Token {
    const t = this.buffered;
    if (t !== undefined) {
      this.buffered = undefined;
      return t;
    }
    return this.scanner.scan("main");
  }

  /** Next token without consuming it. */
  peek(): Token {
    this.buffered ??= this.scanner.scan("main");
    return this.buffered;
  }

  /** Like peek, but where an operand may start, so `/` begins a regexp literal. */
  peekWithRegex(): Token {
    if (this.buffered?.type === "DIV") {
      this.scanner.unread(this.buffered.comments);
      this.buffered = undefined;
    }
    this.buffered ??= this.scanner.scan("withRegex");
    return this.buffered;
  }

  /** Next token in string-interpolation mode (never buffered). */
  scanStringPart(): Token {
    return this.scanner.scan("stringExpr");
  }

  /** Consumes the token returned by the last peek. */
  consume(): Token {
    const t = this.buffered;
    if (t === undefined) throw new Error("consume() without peek()");
    this.buffered = undefined;
    return t;
  }

  /** Consumes the next token, recording an error when it is not `expected` (it is consumed anyway). */
  expect(expected: TokenType): Token {
    return this.expectOneOf([expected]);
  }

  expectOneOf(expected: readonly TokenType[]): Token {
    const t = this.scan();
    if (!expected.includes(t.type)) this.errors.push(unexpectedTokenMessage(expected, t));
    return t;
  }

  /**
   * Like expect, but a wrong token is left in place for the next rule to use. The token
   * returned then carries no comments (they stay with the token left in place), except at the
   * end of input, where the official parser reports them in both places.
   */
  expectOrSkip(expected: TokenType): Token {
    const t = this.scan();
    if (t.type === expected) return t;
    this.errors.push(unexpectedTokenMessage([expected], t));
    this.buffered = t;
    return t.type === "EOF" ? t : { ...t, comments: [] };
  }

  /** Consumes an opening token and remembers that its closer is now expected. */
  open(start: TokenType, end: TokenType): Token {
    const t = this.expect(start);
    this.openClosers.set(end, (this.openClosers.get(end) ?? 0) + 1);
    return t;
  }

  /** False at end of input or at a closer some enclosing construct is waiting for. */
  more(): boolean {
    const type = this.peek().type;
    if (type === "EOF") return false;
    return (this.openClosers.get(type) ?? 0) === 0;
  }

  /** Consumes the expected closer if present; otherwise records an error and leaves the token. */
  close(end: TokenType): Token {
    this.openClosers.set(end, (this.openClosers.get(end) ?? 0) - 1);
    const t = this.peek();
    if (t.type === end) return this.consume();
    this.errors.push(`expected ${end}, got ${t.type}`);
    return t;
  }

  // ------------------------------------------------------------------------------------------
  // Node bases. Each takes the pending errors, like the official `base_node*` helpers.

  base(start: Position, end: Position, comments?: Comment[]): BaseNode {
    return this.fillBase({}, start, end, comments);
  }

  /**
   * As base(), written onto `node`: `fillBase({type: "X"}, ...)` then more fields gives the
   * same object, keys in the same order, as `{type: "X", ...base(...), ...}` without the spread.
   */
  fillBase<T extends object>(node: T, start: Position, end: Position, comments?: Comment[]): T & BaseNode {
    const n = node as T & BaseNode;
    n.location = location(start, end);
    if (comments !== undefined && comments.length > 0) n.comments = comments;
    if (this.errors.length > 0) {
      n.errors = this.errors.map((msg) => ({ msg }));
      this.errors = [];
    }
    return n;
  }

  /** A base covering one token, carrying that token's comments. */
  baseOfToken(t: Token): BaseNode {
    return this.base(t.startPos, t.endPos, t.comments);
  }

  /** A location that does not take pending errors (for nodes that are errors themselves). */
  locationOfToken(t: Token): SourceLocation {
    return location(t.startPos, t.endPos);
  }
}

function location(start: Position, end: Position): SourceLocation {
  return { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
}

function unexpectedTokenMessage(expected: readonly TokenType[], got: Token): string {
  let wanted: string;
  if (expected.length === 1) {
    wanted = expected[0]!;
  } else {
    wanted = expected
      .map((e, i) => `${i === 0 ? "" : i < expected.length - 1 ? "," : " or"} \`${e}\``)
      .join("");
  }
  if (got.type === "EOF") return `expected ${wanted}, got EOF`;
  return `expected ${wanted}, got ${got.type} (${got.lit}) at ${got.startPos.line}:${got.startPos.column}`;
}
