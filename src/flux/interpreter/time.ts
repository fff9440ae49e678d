/**
 * Time and duration arithmetic and text forms, following Go's formatting that Flux uses:
 * interpolation prints 9 fraction digits, CSV and JSON print RFC3339Nano (zeros trimmed), and
 * durations print normalised, largest unit first (`90m` -> `1h30m`).
 */
import type { DurationValue } from './values.js';
import { duration } from './values.js';
import { typeError } from './errors.js';

const NS_PER = {
  ns: 1n, us: 1_000n, µs: 1_000n, ms: 1_000_000n, s: 1_000_000_000n,
  m: 60_000_000_000n, h: 3_600_000_000_000n, d: 86_400_000_000_000n, w: 604_800_000_000_000n,
} as const;

/** Builds a duration from literal parts such as `[{magnitude: 1, unit: 'h'}, {magnitude: 30, unit: 'm'}]`. */
export function durationFromParts(parts: { magnitude: number | bigint; unit: string }[], negative = false): DurationValue {
  let months = 0n;
  let nanos = 0n;
  for (const { magnitude, unit } of parts) {
    const m = BigInt(magnitude);
    if (unit === 'y') months += m * 12n;
    else if (unit === 'mo') months += m;
    else if (unit in NS_PER) nanos += m * NS_PER[unit as keyof typeof NS_PER];
    else throw typeError(`invalid duration unit "${unit}"`);
  }
  return duration(months, nanos, negative);
}

const DURATION_PART = /(\d+)(y|mo|w|d|h|ms|m|s|us|µs|ns)/y;

/** Parses Flux duration text (`1h30m`, `-5m`); used by duration(v: string). */
export function parseDuration(text: string): DurationValue {
  let s = text.trim();
  let negative = false;
  if (s.startsWith('-')) { negative = true; s = s.slice(1); }
  if (s === '') throw typeError(`invalid duration "${text}"`);
  const parts: { magnitude: bigint; unit: string }[] = [];
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < s.length) {
    const m = DURATION_PART.exec(s);
    if (!m) throw typeError(`invalid duration "${text}"`);
    parts.push({ magnitude: BigInt(m[1]!), unit: m[2]! });
  }
  return durationFromParts(parts, negative);
}

/** Normalised text form: `1y2mo`, `1h30m`, `0ns`, `-5m`. */
export function formatDuration(d: DurationValue): string {
  let out = '';
  const years = d.months / 12n;
  const months = d.months % 12n;
  if (years) out += `${years}y`;
  if (months) out += `${months}mo`;
  let ns = d.nanos;
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms', 'us', 'ns'] as const) {
    const size = NS_PER[unit];
    const q = ns / size;
    if (q) { out += `${q}${unit}`; ns -= q * size; }
  }
  if (out === '') return '0ns';
  return d.negative ? `-${out}` : out;
}

/** Signed nanoseconds of the fixed part; months are ignored (callers check months first). */
export function durationNanos(d: DurationValue): bigint {
  return d.negative ? -d.nanos : d.nanos;
}

const NS_PER_SECOND = 1_000_000_000n;

/**
 * `YYYY-MM-DDTHH:MM:SS` and the nanoseconds past that second. A result column formats one time
 * per row: the date part comes from toISOString once per day (cached), the time of day from
 * whole-number arithmetic, and only one BigInt division is made.
 */
function splitTime(ns: bigint): { iso: string; frac: number } {
  let sec = ns / NS_PER_SECOND; // truncates toward zero
  let rest = ns - sec * NS_PER_SECOND;
  if (rest < 0n) { sec -= 1n; rest += NS_PER_SECOND; }
  const s = Number(sec); // |s| < 2^34 for any int64 time: exact
  const day = Math.floor(s / 86_400);
  if (day !== lastDay) {
    lastDay = day;
    lastDayPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11); // YYYY-MM-DDT
  }
  const ofDay = s - day * 86_400;
  const h = Math.floor(ofDay / 3600);
  const m = Math.floor((ofDay % 3600) / 60);
  return { iso: `${lastDayPrefix}${two(h)}:${two(m)}:${two(ofDay % 60)}`, frac: Number(rest) };
}

let lastDay = Number.NaN;
let lastDayPrefix = '';
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `2006-01-02T15:04:05.000000000Z`: the form string interpolation and string(v: time) use. */
export function formatTimeFixed(ns: bigint): string {
  const { iso, frac } = splitTime(ns);
  return `${iso}.${String(frac).padStart(9, '0')}Z`;
}

/** RFC3339Nano with trailing zeros trimmed: the form CSV and JSON use. */
export function formatTimeRFC3339Nano(ns: bigint): string {
  const { iso, frac } = splitTime(ns);
  if (frac === 0) return `${iso}Z`;
  let digits = String(frac).padStart(9, '0');
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end--;
  if (end < digits.length) digits = digits.slice(0, end);
  return `${iso}.${digits}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2}))?$/;

/** Parses RFC 3339 (or a bare date) to nanoseconds; null when the text is not a time. */
export function parseTime(text: string): bigint | null {
  const m = RFC3339.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const offset = zone === 'Z' || zone === 'z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return nanosFromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), fractionNanos(frac), offset);
}

/** Fraction digits (at most 9) as nanoseconds: `5` is 500000000. */
export function fractionNanos(frac: string): number {
  return frac === '' ? 0 : Number(frac) * 10 ** (9 - frac.length);
}

/**
 * Nanoseconds of a UTC calendar time (Date.UTC's rules) plus `fracNanos`, given the zone's
 * offset in minutes; null when Date.UTC cannot represent it.
 */
export function nanosFromParts(y: number, mo: number, d: number, h: number, mi: number, s: number, fracNanos: number, offsetMinutes: number): bigint | null {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(ms)) return null;
  return nanosFromMs(ms, fracNanos, offsetMinutes);
}

/** Nanoseconds of a whole-millisecond time plus `fracNanos` (below 1e9), moved by a zone offset. */
export function nanosFromMs(ms: number, fracNanos: number, offsetMinutes: number): bigint {
  let ns = BigInt(ms) * 1_000_000n;
  if (fracNanos !== 0) ns += BigInt(fracNanos);
  if (offsetMinutes !== 0) ns -= BigInt(offsetMinutes) * 60_000_000_000n;
  return ns;
}
