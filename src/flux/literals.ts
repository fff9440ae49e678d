/**
 * Decoding of literal token text into AST values, with the official parser's error messages
 * (they end up in `errors[].msg`, which tests compare verbatim).
 */
import type { Duration, DurationUnit } from "./ast.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

/** Decodes a `"..."` token (quotes included). */
export function decodeStringLiteral(lit: string): Decoded<string> {
  if (lit.length < 2 || !lit.startsWith('"') || !lit.endsWith('"')) {
    return { ok: false, error: "invalid string literal" };
  }
  return decodeText(lit.slice(1, -1));
}

/** Resolves escapes in string text. `\xHH` yields raw bytes, so the result is UTF-8 checked. */
export function decodeText(text: string): Decoded<string> {
  if (!text.includes("\\")) return { ok: true, value: text }; // the common case, kept cheap
  const bytes: number[] = [];
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c !== "\\") {
      for (const b of encoder.encode(c)) bytes.push(b);
      continue;
    }
    const next = chars[++i];
    switch (next) {
      case undefined:
        return { ok: false, error: "invalid escape sequence" };
      case "n":
        bytes.push(10);
        break;
      case "r":
        bytes.push(13);
        break;
      case "t":
        bytes.push(9);
        break;
      case "\\":
      case '"':
      case "$":
        bytes.push(next.charCodeAt(0));
        break;
      case "x": {
        const h1 = chars[++i];
        if (h1 === undefined) return { ok: false, error: "\\x followed by 0 char, must be 2" };
        const h2 = chars[++i];
        if (h2 === undefined) return { ok: false, error: "\\x followed by 1 char, must be 2" };
        if (!/^[0-9a-fA-F]{2}$/.test(h1 + h2)) return { ok: false, error: "invalid byte value" };
        bytes.push(parseInt(h1 + h2, 16));
        break;
      }
      default:
        return { ok: false, error: `invalid escape character ${next}` };
    }
  }
  const utf8Error = checkUtf8(bytes);
  if (utf8Error !== undefined) return { ok: false, error: utf8Error };
  return { ok: true, value: decoder.decode(Uint8Array.from(bytes)) };
}

/** Rust's `Utf8Error` message for invalid UTF-8, or undefined when the bytes are valid. */
function checkUtf8(bytes: number[]): string | undefined {
  const isCont = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const width = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const invalid = (len: number) => `invalid utf-8 sequence of ${len} bytes from index ${i}`;
    const incomplete = `incomplete utf-8 byte sequence from index ${i}`;
    if (width === 0) return invalid(1);
    const second = bytes[i + 1];
    if (second === undefined) return incomplete;
    const [lo, hi] =
      b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (second < lo! || second > hi!) return invalid(1);
    for (let k = 2; k < width; k++) {
      if (bytes[i + k] === undefined) return incomplete;
      if (!isCont(bytes[i + k])) return invalid(k);
    }
    i += width;
  }
  return undefined;
}

const I64_MAX = "9223372036854775807";

/** Whether a string of decimal digits is above the largest i64 (without parsing huge numbers). */
function exceedsI64(digits: string): boolean {
  const significant = digits.replace(/^0+(?=\d)/, "");
  if (significant.length !== I64_MAX.length) return significant.length > I64_MAX.length;
  return significant > I64_MAX;
}

/** Integer literal digits; the official parser keeps the value as a decimal string. */
export function decodeInteger(lit: string): Decoded<string> {
  if (lit.startsWith("0") && lit.length > 1) {
    return { ok: false, error: `invalid integer literal "${lit}": nonzero value cannot start with 0` };
  }
  if (exceedsI64(lit)) return { ok: false, error: `invalid integer literal "${lit}": value out of range` };
  return { ok: true, value: lit };
}

/** `1h30m` → [{1,h},{30,m}]; `µs` is normalised to `us`. Magnitudes must fit an i64. */
export function decodeDuration(lit: string): Decoded<Duration[]> {
  const values: Duration[] = [];
  for (const m of lit.matchAll(/(\d+)(\D+)/gu)) {
    if (exceedsI64(m[1]!)) return { ok: false, error: "number too large to fit in target type" };
    const unit = (m[2] === "µs" ? "us" : m[2]) as DurationUnit;
    values.push({ magnitude: Number(m[1]), unit });
  }
  return { ok: true, value: values };
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))?)?$/;

/**
 * A date-time literal, printed the way the official parser serialises it (chrono's RFC 3339
 * with an explicit offset and 0, 3, 6 or 9 fraction digits). A date alone means midnight UTC.
 */
export function decodeDateTime(lit: string): Decoded<string> {
  const bad = { ok: false as const, error: "invalid date time literal, missing time offset" };
  const m = DATE_TIME.exec(lit);
  if (!m) return bad;
  const [, y, mo, d, hh = "00", mi = "00", ss = "00", frac, zulu, sign, oh, om] = m;
  const dateOnly = m[4] === undefined;
  if (!dateOnly && zulu === undefined && sign === undefined) return bad;
  const year = Number(y), month = Number(mo), day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return bad;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return bad;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return bad;
  const nanos = frac === undefined ? 0 : Number(frac.slice(0, 9).padEnd(9, "0"));
  const offset = sign === undefined ? "+00:00" : `${sign}${oh}:${om}`;
  return { ok: true, value: `${y}-${mo}-${d}T${hh}:${mi}:${ss}${formatFraction(nanos)}${offset}` };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatFraction(nanos: number): string {
  if (nanos === 0) return "";
  if (nanos % 1_000_000 === 0) return "." + String(nanos / 1_000_000).padStart(3, "0");
  if (nanos % 1_000 === 0) return "." + String(nanos / 1_000).padStart(6, "0");
  return "." + String(nanos).padStart(9, "0");
}

/** A `/.../` token: unescapes `\/` and checks the pattern as the official RE2-style parser. */
export function decodeRegex(lit: string): Decoded<string> {
  if (lit.length < 3) return { ok: false, error: "regexp must be at least 3 characters" };
  const pattern = regexBody(lit);
  if (pattern === undefined) return { ok: false, error: "unterminated regex sequence" };
  const problem = findRegexSyntaxError(pattern);
  if (problem === undefined) return { ok: true, value: pattern };
  return { ok: false, error: formatRegexError(pattern, problem.at, problem.message) };
}

/**
 * The pattern between the slashes, with `\/` unescaped to `/` and `\xHH` to that byte (other
 * escapes, `\\` included, are kept for the regex engine). Undefined when it ends in a lone
 * backslash: the scanner's longest match can end a literal on an escaped slash at the end of
 * input (`/a\/`).
 */
function regexBody(lit: string): string | undefined {
  const body = Array.from(lit.slice(1, -1));
  const bytes: number[] = [];
  const push = (text: string) => {
    for (const b of encoder.encode(text)) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      push(c);
      continue;
    }
    const next = body[++i];
    if (next === undefined) return undefined;
    const hex = next === "x" ? (body[i + 1] ?? "") + (body[i + 2] ?? "") : "";
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      push(next === "/" ? "/" : c + next);
    }
  }
  return decoder.decode(Uint8Array.from(bytes));
}

/**
 * Mirrors the Rust regex crate's error text after the official parser flattens it: the pattern
 * (with numbered lines between `~` rulers when it spans lines), a marker line whose carets are
 * removed, then the error; newlines dropped and every run of four spaces collapsed to one.
 */
function formatRegexError(pattern: string, at: number, message: string): string {
  const chars = Array.from(pattern);
  const before = chars.slice(0, at);
  const line = before.filter((c) => c === "\n").length;
  const column = at - (before.lastIndexOf("\n") + 1); // 0-based, in characters
  const lines = pattern.split("\n");
  if (lines.at(-1) === "") lines.pop(); // like Rust's str::lines()
  const multiLine = pattern.includes("\n");
  const numberWidth = multiLine ? String(lines.length).length : 0;
  const padding = multiLine ? numberWidth + 2 : 4;
  let notated = "";
  lines.forEach((text, i) => {
    notated += multiLine ? `${String(i + 1).padStart(numberWidth)}: ` : "    ";
    notated += text.replace(/\r$/, "") + "\n";
    if (i === line) notated += " ".repeat(padding + column) + "^\n";
  });
  const ruler = "~".repeat(79);
  const raw = multiLine
    ? `regex parse error:\n${ruler}\n${notated}${ruler}\nerror: ${message}`
    : `regex parse error:\n${notated}error: ${message}`;
  return raw.replaceAll("\n", "").replaceAll("    ", " ").replaceAll("^", "");
}

/** What may follow `\` in a pattern: a meta character or a known escape letter. */
const REGEX_ESCAPABLE = /^[\\.+*?()|[\]{}^$#&\-~aftnrvAzbBxuUpPdswDSW]$/;

interface RegexProblem {
  at: number;
  message: string;
}

/**
 * The common RE2 syntax errors (unbalanced groups and classes, dangling repetition, unknown
 * escapes, reversed counts). Not a full RE2 parser: rarer errors are accepted here.
 */
function findRegexSyntaxError(pattern: string): RegexProblem | undefined {
  const chars = Array.from(pattern);
  const openGroups: number[] = [];
  let canRepeat = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "\\") {
      const next = chars[i + 1];
      if (next === undefined) return { at: i, message: "incomplete escape sequence, reached end of pattern prematurely" };
      if (/[0-9]/.test(next)) return { at: i, message: "backreferences are not supported" };
      if (!REGEX_ESCAPABLE.test(next)) return { at: i, message: "unrecognized escape sequence" };
      i++;
      // `\p{Greek}`, `\x{263a}`: the braces belong to the escape.
      if ((next === "p" || next === "P" || next === "x") && chars[i + 1] === "{") {
        const close = chars.indexOf("}", i + 1);
        if (close > 0) i = close;
      }
      canRepeat = true;
    } else if (c === "(") {
      openGroups.push(i);
      canRepeat = false;
      if (chars[i + 1] === "?") {
        // `(?flags)`, `(?flags:...)`, `(?P<name>...)`: skip the group header.
        const header = /^\(\?(?:P?<[A-Za-z_][A-Za-z0-9_]*>|[imsUux-]*[:)])/.exec(chars.slice(i, i + 64).join(""));
        if (!header) {
          if (chars[i + 2] !== "P" && chars[i + 2] !== "<") {
            let j = i + 2;
            while (j < chars.length && /[imsUux-]/.test(chars[j]!)) j++;
            if (j >= chars.length) return { at: i, message: "unclosed group" };
            return { at: j, message: "unrecognized flag" };
          }
        } else {
          i += Array.from(header[0]).length - 1;
          if (header[0].endsWith(")")) {
            openGroups.pop();
            canRepeat = false;
          }
        }
      }
    } else if (c === ")") {
      if (openGroups.pop() === undefined) return { at: i, message: "unopened group" };
      canRepeat = true;
    } else if (c === "[") {
      const end = findClassEnd(chars, i);
      if (end < 0) return { at: i, message: "unclosed character class" };
      i = end;
      canRepeat = true;
    } else if (c === "*" || c === "+" || c === "?") {
      if (!canRepeat) return { at: i, message: "repetition operator missing expression" };
    } else if (c === "{") {
      if (!canRepeat) return { at: i, message: "repetition operator missing expression" };
      const counted = parseCountedRepetition(chars, i);
      if ("message" in counted) return counted;
      i = counted.end - 1;
      canRepeat = true;
    } else if (c === "|") {
      canRepeat = false;
    } else {
      canRepeat = c !== "^";
    }
  }
  const unclosed = openGroups.pop();
  return unclosed === undefined ? undefined : { at: unclosed, message: "unclosed group" };
}

/** `{n}`, `{n,}` or `{n,m}` starting at `start`; returns the index after `}` or the error. */
function parseCountedRepetition(chars: string[], start: number): { end: number } | RegexProblem {
  const unclosed = { at: start, message: "unclosed counted repetition" };
  const isSpace = (i: number) => i < chars.length && /\s/u.test(chars[i]!);
  // Like the Rust regex parser: whitespace around the digits is skipped.
  const decimal = (from: number): { end: number; value: number } | RegexProblem => {
    let at = from;
    while (isSpace(at)) at++;
    let end = at;
    while (end < chars.length && /[0-9]/.test(chars[end]!)) end++;
    if (end === at) return { at, message: "repetition quantifier expects a valid decimal" };
    const value = Number(chars.slice(at, end).join(""));
    while (isSpace(end)) end++;
    return { end, value };
  };
  if (start + 1 >= chars.length) return unclosed;
  const min = decimal(start + 1);
  if ("message" in min) return min;
  let i = min.end;
  let max = min.value;
  if (i >= chars.length) return unclosed;
  if (chars[i] === ",") {
    i++;
    if (i >= chars.length) return unclosed;
    if (chars[i] !== "}") {
      const upper = decimal(i);
      if ("message" in upper) return upper;
      i = upper.end;
      max = upper.value;
    }
  }
  if (i >= chars.length || chars[i] !== "}") return unclosed;
  if (max < min.value) return { at: start, message: "invalid repetition count range, the start must be <= the end" };
  return { end: i + 1 };
}

/** Index of the `]` closing the class opened at `start`, or -1. */
function findClassEnd(chars: string[], start: number): number {
  let i = start + 1;
  if (chars[i] === "^") i++;
  if (chars[i] === "]") i++; // a leading `]` is literal
  for (; i < chars.length; i++) {
    if (chars[i] === "\\") i++;
    else if (chars[i] === "]") return i;
  }
  return -1;
}
