/** Conversions of driver cells (mostly text) to Flux values, shared by the SQL drivers. */
import type { Value } from '../../interpreter/values.js';
import { NULL, bool, float, int, str, time, uint } from '../../interpreter/values.js';
import type { ColumnType } from '../../interpreter/table.js';
import { formatTimeRFC3339Nano, fractionNanos, nanosFromMs, nanosFromParts } from '../../interpreter/time.js';

const SQL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Parses `2024-01-02 03:04:05.123456`, `...+00`, `...Z` or a bare date as UTC; more than 9
 * fraction digits is not a time, as in RFC 3339. One match per cell: a column holds many.
 */
export function parseSqlTime(text: string): bigint | null {
  const fast = parseUtcTime(text);
  if (fast !== undefined) return fast;
  const m = SQL_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  if (frac.length > 9) return null;
  let offset = 0;
  if (zone !== 'Z') {
    // +07, +0730 and +07:30
    const minutes = zone.length === 3 ? 0 : Number(zone.slice(zone.length - 2));
    offset = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + minutes);
  }
  return nanosFromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), fractionNanos(frac), offset);
}

/** Digits of `text` from `start` to `end` as a number; -1 if any is not a digit. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The forms databases write for UTC (`2024-01-02 03:04:05[.123456][Z]`, with a space or `T`),
 * read without a regular expression: a time column has one per row. Anything else (a zone
 * offset, surrounding blanks, a bare date, ...) answers undefined and takes the general path.
 */
function parseUtcTime(text: string): bigint | null | undefined {
  const n = text.length;
  if (n < 19 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const sep = text.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return undefined;
  const end = text.charCodeAt(n - 1) === 90 ? n - 1 : n; // a trailing Z
  let fracNanos = 0;
  if (end > 19) {
    if (text.charCodeAt(19) !== 46 || end === 20) return undefined;
    if (end - 20 > 9) return digits(text, 20, end) < 0 ? undefined : null;
    const frac = digits(text, 20, end);
    if (frac < 0) return undefined;
    fracNanos = frac * POWERS_OF_TEN[9 - (end - 20)]!;
  }
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  const h = digits(text, 11, 13);
  const mi = digits(text, 14, 16);
  const sec = digits(text, 17, 19);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return undefined;
  // Rows of a time column mostly share their day: Date.UTC once per day, then whole-number
  // arithmetic (exactly Date.UTC's own for these ranges: no year past 9999, no field past 99).
  const day = y * 10_000 + mo * 100 + d;
  if (day !== lastDay) {
    lastDay = day;
    lastDayMs = Date.UTC(y, mo - 1, d);
  }
  return nanosFromMs(lastDayMs + h * 3_600_000 + mi * 60_000 + sec * 1000, fracNanos, 0);
}

const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];
let lastDay = -1;
let lastDayMs = 0;

/** A driver cell (string, number, bigint, boolean, Date, Buffer) as a Flux value of `type`. */
export function cellToValue(cell: unknown, type: ColumnType): Value {
  if (cell === null || cell === undefined) return NULL;
  switch (type) {
    case 'int':
      if (typeof cell === 'boolean') return int(cell ? 1n : 0n);
      if (typeof cell === 'number' && !Number.isInteger(cell)) return int(BigInt(Math.trunc(cell)));
      return int(BigInt(cell as string | number | bigint));
    case 'uint': return uint(BigInt(cell as string | number | bigint));
    case 'float': return float(Number(cell));
    case 'bool':
      if (typeof cell === 'string') return bool(cell === 't' || cell === 'true' || cell === '1');
      return bool(Boolean(Number(cell)));
    case 'time': {
      if (cell instanceof Date) return time(BigInt(cell.getTime()) * 1_000_000n);
      const t = parseSqlTime(String(cell));
      return t === null ? NULL : time(t);
    }
    case 'string':
      if (Buffer.isBuffer(cell) || cell instanceof Uint8Array) return str(Buffer.from(cell).toString('utf8'));
      return str(String(cell));
  }
}

/** RFC 3339 text with microseconds for databases whose timestamps stop there. */
export function timeParam(ns: bigint): string {
  return formatTimeRFC3339Nano(ns - (((ns % 1000n) + 1000n) % 1000n));
}

/**
 * A Flux value as a query parameter for servers that take text for 64-bit integers and a
 * `YYYY-MM-DD hh:mm:ss.uuuuuu` UTC timestamp (PostgreSQL and MySQL/MariaDB alike).
 */
export function textualParam(v: Value): string | number | boolean | null {
  switch (v.kind) {
    case 'int': case 'uint': return v.v.toString();
    case 'time': return timeParam(v.v).replace('T', ' ').replace('Z', '');
    case 'float': case 'string': case 'bool': return v.v;
    default: return null;
  }
}
