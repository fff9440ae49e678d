/**
 * Decoding of literal token text into AST values, with the official parser's error messages
 * (they end up in `errors[].msg`, which tests compare verbatim).
 */
import type { Duration, DurationUnit } from "./ast.js";
import { checkRegexSyntax } from "./regex-syntax.js";

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

/**
 * A `/.../` token: the pattern with `\/` unescaped to `/` and `\xHH` to that byte, checked as the
 * official parser does (its Rust regex crate, which follows RE2 syntax).
 */
export function decodeRegex(lit: string): Decoded<string> {
  if (lit.length < 3) return { ok: false, error: "regexp must be at least 3 characters" };
  const body = regexBody(lit);
  if (!body.ok) return body;
  const error = checkRegexSyntax(body.value);
  return error === undefined ? body : { ok: false, error };
}

/**
 * The pattern between the slashes. Other escapes, `\\` included, are kept for the regex
 * engine. A lone backslash at the end is an error: the scanner's longest match can end a
 * literal on an escaped slash at the end of input (`/a\/`).
 */
function regexBody(lit: string): Decoded<string> {
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
    if (next === undefined) return { ok: false, error: "unterminated regex sequence" };
    if (next === "x") {
      const [h1, h2] = [body[i + 1], body[i + 2]];
      if (h1 === undefined) return { ok: false, error: "\\x followed by 0 char, must be 2" };
      if (h2 === undefined) return { ok: false, error: "\\x followed by 1 char, must be 2" };
      if (!/^[0-9a-fA-F]{2}$/.test(h1 + h2)) return { ok: false, error: "invalid byte value" };
      bytes.push(parseInt(h1 + h2, 16));
      i += 2;
    } else {
      push(next === "/" ? "/" : c + next);
    }
  }
  return { ok: true, value: decoder.decode(Uint8Array.from(bytes)) };
}
