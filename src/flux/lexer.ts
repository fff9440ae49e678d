import type { Comment, Position } from "./ast.js";
import { KEYWORDS, type Token, type TokenType } from "./token.js";

/**
 * Flux scanner. It reproduces the official (Ragel-generated) scanner's longest-match rules so
 * that our token boundaries, and therefore our trees and error messages, match InfluxDB's:
 *
 * - It works on UTF-8 bytes, and columns count bytes, as the official positions do.
 * - Regexp literals are only recognised in `withRegex` mode, which the parser uses where an
 *   operand may start; elsewhere `/` is division.
 * - Inside `"..."` with interpolation, the parser switches to `stringExpr` mode, which yields
 *   TEXT, STRINGEXPR (`${`) and QUOTE tokens.
 * - Comments are not returned as tokens; they are attached to the next token.
 * - Nothing throws: a byte sequence no rule accepts becomes one ILLEGAL token of one character.
 */
export type ScanMode = "main" | "withRegex" | "stringExpr";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const enum Ch {
  Tab = 9,
  Newline = 10,
  VTab = 11,
  FormFeed = 12,
  Return = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Dollar = 36,
  Percent = 37,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  Question = 63,
  At = 64,
  UpperT = 84,
  UpperZ = 90,
  LBrack = 91,
  Backslash = 92,
  RBrack = 93,
  Caret = 94,
  Underscore = 95,
  LBrace = 123,
  Pipe = 124,
  RBrace = 125,
  Tilde = 126,
}

const PUNCTUATION: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ["+", "ADD"],
  ["-", "SUB"],
  ["*", "MUL"],
  ["/", "DIV"],
  ["%", "MOD"],
  ["^", "POW"],
  ["==", "EQ"],
  ["<", "LT"],
  [">", "GT"],
  ["<=", "LTE"],
  [">=", "GTE"],
  ["!=", "NEQ"],
  ["=~", "REGEXEQ"],
  ["!~", "REGEXNEQ"],
  ["=", "ASSIGN"],
  ["=>", "ARROW"],
  ["<-", "PIPE_RECEIVE"],
  ["(", "LPAREN"],
  [")", "RPAREN"],
  ["[", "LBRACK"],
  ["]", "RBRACK"],
  ["{", "LBRACE"],
  ["}", "RBRACE"],
  [":", "COLON"],
  ["|>", "PIPE_FORWARD"],
  [",", "COMMA"],
  [".", "DOT"],
  ['"', "QUOTE"],
  ["?", "QUESTION_MARK"],
]);

const TWO_BYTE_PUNCTUATION = new Map<number, TokenType>();
const ONE_BYTE_PUNCTUATION = new Map<number, TokenType>();
for (const [text, type] of PUNCTUATION) {
  if (text.length === 2) TWO_BYTE_PUNCTUATION.set((text.charCodeAt(0) << 8) | text.charCodeAt(1), type);
  else ONE_BYTE_PUNCTUATION.set(text.charCodeAt(0), type);
}

// Duration units, as byte strings; "µs" is U+00B5 followed by "s".
const DURATION_UNITS: readonly Uint8Array[] = ["y", "mo", "w", "d", "h", "m", "s", "ms", "us", "µs", "ns"].map(
  (u) => encoder.encode(u),
);

const LETTER = /^\p{L}$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

const isDigit = (b: number): boolean => b >= Ch.Zero && b <= Ch.Nine;
const isHexDigit = (b: number): boolean =>
  isDigit(b) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102);
/** Whitespace other than newline, as Ragel's `space - '\n'`. */
const isBlank = (b: number): boolean =>
  b === Ch.Space || b === Ch.Tab || b === Ch.VTab || b === Ch.FormFeed || b === Ch.Return;

/** The comment list of a token with none; shared, so frozen (nothing may add to it). */
const NO_COMMENTS: Comment[] = Object.freeze([]) as unknown as Comment[];

export class Scanner {
  private readonly bytes: Uint8Array;
  /** All ASCII: byte offsets are string offsets, so token text is a slice, not a decode. */
  private readonly ascii: boolean;
  private p = 0;
  private lastNewline = 0;
  private curLine = 1;
  // Where the last token started, for unread(); three fields, not an object per token.
  private checkpointP = 0;
  private checkpointLine = 1;
  private checkpointLastNewline = 0;
  /** Comments scanned but not yet attached to a token. */
  private pendingComments: Comment[] = [];

  constructor(private readonly source: string) {
    this.bytes = encoder.encode(source);
    this.ascii = this.bytes.length === source.length;
  }

  /** Total length of the source in UTF-8 bytes. */
  get byteLength(): number {
    return this.bytes.length;
  }

  /** Source text between two byte offsets. */
  text(start: number, end: number): string {
    return this.ascii ? this.source.slice(start, end) : decoder.decode(this.bytes.subarray(start, end));
  }

  scan(mode: ScanMode = "main"): Token {
    for (;;) {
      const token = this.scanOne(mode);
      if (token.type !== "COMMENT") {
        if (this.pendingComments.length === 0) {
          token.comments = NO_COMMENTS;
        } else {
          token.comments = this.pendingComments;
          this.pendingComments = [];
        }
        return token;
      }
      this.pendingComments.push({ text: token.lit });
    }
  }

  /**
   * Rewinds to before the last token scanned, so it can be scanned again in another mode. The
   * token's comments are handed back so the rescanned token gets them.
   */
  unread(comments: Comment[]): void {
    this.p = this.checkpointP;
    this.curLine = this.checkpointLine;
    this.lastNewline = this.checkpointLastNewline;
    this.pendingComments = comments.concat(this.pendingComments);
  }

  private scanOne(mode: ScanMode): Token {
    this.checkpointP = this.p;
    this.checkpointLine = this.curLine;
    this.checkpointLastNewline = this.lastNewline;
    if (mode !== "stringExpr") this.skipWhitespace();
    const start = this.p;
    if (start >= this.bytes.length) return this.eofToken();
    const startPos: Position = { line: this.curLine, column: start - this.lastNewline + 1 };

    let type: TokenType | undefined;
    let end = start;
    if (mode === "stringExpr") {
      [type, end] = this.matchStringExprToken(start);
    } else {
      if (mode === "withRegex") {
        const regexEnd = this.matchRegex(start);
        if (regexEnd > 0) [type, end] = ["REGEX", regexEnd];
      }
      if (type === undefined) [type, end] = this.matchMainToken(start);
    }

    if (type === undefined) {
      // Input that ends inside some tokens the scanner was still matching (`!`, `|`, `@`, and
      // `$` in a string) is not an error to the official scanner: it reports the end of input.
      if (this.isUnfinishedTokenAtEnd(start, mode)) {
        this.p = this.bytes.length;
        return this.eofToken();
      }
      return this.illegalToken(start, startPos);
    }
    this.advanceTo(end);
    return {
      type,
      lit: this.text(start, end),
      start,
      end,
      startPos,
      endPos: { line: this.curLine, column: end - this.lastNewline + 1 },
      comments: [],
    };
  }

  private skipWhitespace(): void {
    const b = this.bytes;
    while (this.p < b.length) {
      const c = b[this.p]!;
      if (c === Ch.Newline) {
        this.p++;
        this.curLine++;
        this.lastNewline = this.p;
      } else if (isBlank(c)) {
        this.p++;
      } else {
        return;
      }
    }
  }

  /** Moves to `end`, counting the newlines inside the token just matched. */
  private advanceTo(end: number): void {
    const b = this.bytes;
    for (let i = this.p; i < end; i++) {
      if (b[i] === Ch.Newline) {
        this.curLine++;
        this.lastNewline = i + 1;
      }
    }
    this.p = end;
  }

  private eofToken(): Token {
    const n = this.bytes.length;
    const pos = { line: this.curLine, column: n - this.lastNewline + 1 };
    return { type: "EOF", lit: "", start: n, end: n, startPos: pos, endPos: { ...pos }, comments: [] };
  }

  private isUnfinishedTokenAtEnd(start: number, mode: ScanMode): boolean {
    if (this.bytes.length - start > 3) return false;
    const rest = this.text(start, this.bytes.length);
    if (mode === "stringExpr") return rest === "$";
    return rest === "!" || rest === "|" || rest === "@";
  }

  /** One ILLEGAL token covering the whole UTF-8 character at `start`. */
  private illegalToken(start: number, startPos: Position): Token {
    const size = utf8CharLength(this.bytes, start);
    this.p = start + size;
    return {
      type: "ILLEGAL",
      lit: this.text(start, start + size),
      start,
      end: start + size,
      startPos,
      endPos: { line: startPos.line, column: startPos.column + size },
      comments: [],
    };
  }

  // ------------------------------------------------------------------------------------------
  // Main mode

  private matchMainToken(p: number): [TokenType | undefined, number] {
    const b = this.bytes;
    const c = b[p]!;
    if (c === Ch.Slash && b[p + 1] === Ch.Slash) return ["COMMENT", this.matchComment(p)];
    if (isDigit(c) || (c === Ch.Dot && isDigit(b[p + 1] ?? 0))) return this.matchNumeric(p);
    if (c === Ch.Quote) {
      const end = this.matchStringLiteral(p);
      return end > 0 ? ["STRING", end] : ["QUOTE", p + 1];
    }
    if (c === Ch.At) {
      const end = this.matchIdentifier(p + 1);
      return end > p + 1 ? ["ATTRIBUTE", end] : [undefined, p];
    }
    const identEnd = this.matchIdentifier(p);
    if (identEnd > p) {
      return [KEYWORDS.get(this.text(p, identEnd)) ?? "IDENT", identEnd];
    }
    return this.matchPunctuation(p);
  }

  /** Operators and delimiters, longest first (`<=` before `<`). */
  private matchPunctuation(p: number): [TokenType | undefined, number] {
    const b = this.bytes;
    if (p + 1 < b.length) {
      const two = TWO_BYTE_PUNCTUATION.get((b[p]! << 8) | b[p + 1]!);
      if (two !== undefined) return [two, p + 2];
    }
    const one = ONE_BYTE_PUNCTUATION.get(b[p]!);
    return one !== undefined ? [one, p + 1] : [undefined, p];
  }

  /** `//` to the end of the line, including the newline. */
  private matchComment(p: number): number {
    const nl = this.bytes.indexOf(Ch.Newline, p);
    return nl < 0 ? this.bytes.length : nl + 1;
  }

  private matchIdentifier(p: number): number {
    let i = p;
    let first = true;
    while (i < this.bytes.length) {
      const c = this.bytes[i]!;
      if (c < 0x80) {
        const ok = c === Ch.Underscore || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (!first && isDigit(c));
        if (!ok) break;
        i++;
      } else {
        const size = utf8CharLength(this.bytes, i);
        const ch = this.text(i, i + size);
        if (!(first ? LETTER : LETTER_OR_DIGIT).test(ch)) break;
        i += size;
      }
      first = false;
    }
    return i;
  }

  /**
   * Integers, floats, durations and date-times all start with digits; like the official
   * scanner, take the longest match (ties go to the earlier kind in that list).
   */
  private matchNumeric(p: number): [TokenType, number] {
    const b = this.bytes;
    const digitsEnd = this.skipDigits(p);
    const candidates: Array<[TokenType, number]> = [];
    if (digitsEnd > p) candidates.push(["INT", digitsEnd]);
    if (b[digitsEnd] === Ch.Dot && (digitsEnd > p || isDigit(b[digitsEnd + 1] ?? 0))) {
      candidates.push(["FLOAT", this.skipDigits(digitsEnd + 1)]);
    }
    if (digitsEnd > p) {
      candidates.push(["DURATION", this.matchDuration(p)]);
      candidates.push(["TIME", this.matchDateTime(p)]);
    }
    let best = candidates[0]!;
    for (const c of candidates) if (c[1] > best[1]) best = c;
    return best;
  }

  private skipDigits(p: number): number {
    while (p < this.bytes.length && isDigit(this.bytes[p]!)) p++;
    return p;
  }

  /** End of the longest `(digits unit)+` at p, or p when there is none. */
  private matchDuration(p: number): number {
    const digitsEnd = this.skipDigits(p);
    if (digitsEnd === p) return p;
    let best = p;
    for (const unit of DURATION_UNITS) {
      if (!this.bytesAt(digitsEnd, unit)) continue;
      const unitEnd = digitsEnd + unit.length;
      best = Math.max(best, unitEnd, this.matchDuration(unitEnd));
    }
    return best;
  }

  /** `YYYY-MM-DD` optionally followed by `Thh:mm:ss[.fff][Z|±hh:mm]`; p when none. */
  private matchDateTime(p: number): number {
    const date = this.matchPattern(p, "dddd-dd-dd");
    if (date < 0) return p;
    if (this.bytes[date] !== Ch.UpperT) return date;
    let end = this.matchPattern(date + 1, "dd:dd:dd");
    if (end < 0) return date;
    if (this.bytes[end] === Ch.Dot) end = this.skipDigits(end + 1);
    if (this.bytes[end] === Ch.UpperZ) return end + 1;
    const sign = this.bytes[end];
    if (sign === Ch.Plus || sign === Ch.Minus) {
      const offsetEnd = this.matchPattern(end + 1, "dd:dd");
      if (offsetEnd > 0) return offsetEnd;
    }
    return end;
  }

  /** Matches a pattern where `d` is a digit and other characters are literal; -1 on mismatch. */
  private matchPattern(p: number, pattern: string): number {
    for (let i = 0; i < pattern.length; i++) {
      const c = this.bytes[p + i];
      if (c === undefined) return -1;
      if (pattern[i] === "d" ? !isDigit(c) : c !== pattern.charCodeAt(i)) return -1;
    }
    return p + pattern.length;
  }

  private bytesAt(p: number, expected: Uint8Array): boolean {
    for (let i = 0; i < expected.length; i++) if (this.bytes[p + i] !== expected[i]) return false;
    return true;
  }

  /**
   * A complete `"..."` with no interpolation and only valid escapes; returns its end, or 0 when
   * the text is not one (the parser then re-reads it as a string expression).
   */
  private matchStringLiteral(p: number): number {
    const b = this.bytes;
    let i = p + 1;
    while (i < b.length) {
      const c = b[i]!;
      if (c === Ch.Quote) return i + 1;
      if (c === Ch.Backslash) {
        const n = this.escapeLength(i);
        if (n === 0) return 0;
        i += n;
      } else if (c === Ch.Dollar) {
        const next = b[i + 1];
        if (next === Ch.Quote) return i + 2; // a trailing `$` is literal
        if (next === undefined || next === Ch.LBrace) return 0;
        i += 2;
      } else {
        i++;
      }
    }
    return 0;
  }

  /** Length of the valid escape sequence at p (which holds `\`), or 0. */
  private escapeLength(p: number): number {
    const next = this.bytes[p + 1];
    switch (next) {
      case 110: // n
      case 114: // r
      case 116: // t
      case Ch.Backslash:
      case Ch.Quote:
        return 2;
      case Ch.Dollar:
        return this.bytes[p + 2] === Ch.LBrace ? 3 : 0;
      case 120: // x
        return isHexDigit(this.bytes[p + 2] ?? 0) && isHexDigit(this.bytes[p + 3] ?? 0) ? 4 : 0;
      default:
        return 0;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Regex mode

  /**
   * End of a regexp literal at p, or 0. The literal runs to the first `/` not preceded by a
   * backslash; if the input ends first, the longest match ends at the last escaped `/`.
   */
  private matchRegex(p: number): number {
    const b = this.bytes;
    if (b[p] !== Ch.Slash) return 0;
    let lastEnd = 0;
    for (let i = p + 1; i < b.length; i++) {
      if (b[i] !== Ch.Slash) continue;
      if (i === p + 1) return 0;
      if (b[i - 1] !== Ch.Backslash) return i + 1;
      lastEnd = i + 1;
    }
    return lastEnd;
  }

  // ------------------------------------------------------------------------------------------
  // String-expression mode

  private matchStringExprToken(p: number): [TokenType | undefined, number] {
    const b = this.bytes;
    const c = b[p]!;
    if (c === Ch.Dollar && b[p + 1] === Ch.LBrace) return ["STRINGEXPR", p + 2];
    if (c === Ch.Quote) return ["QUOTE", p + 1];
    if (c === Ch.Dollar && b[p + 1] === Ch.Quote) return ["TEXT", p + 1];
    const end = this.matchText(p);
    return end > p ? ["TEXT", end] : [undefined, p];
  }

  /** Literal text inside a string expression, up to `"`, `${`, `$"` or an invalid escape. */
  private matchText(p: number): number {
    const b = this.bytes;
    let i = p;
    while (i < b.length) {
      const c = b[i]!;
      if (c === Ch.Quote) break;
      if (c === Ch.Backslash) {
        const n = this.escapeLength(i);
        if (n === 0) break;
        i += n;
      } else if (c === Ch.Dollar) {
        const next = b[i + 1];
        if (next === undefined || next === Ch.LBrace || next === Ch.Quote) break;
        i += 2;
      } else {
        i++;
      }
    }
    return i;
  }
}

/** Byte length of the UTF-8 character starting at p (1 for a stray continuation byte). */
function utf8CharLength(bytes: Uint8Array, p: number): number {
  const c = bytes[p]!;
  const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
  return Math.min(len, bytes.length - p);
}
