/**
 * Type conversions: string(), int(), uint(), float(), bool(), bytes(), time(), duration().
 * A converted secret stays a secret: `int(v: secrets.get(key: "PIN"))` is still masked.
 */
import type { StringValue, Value } from '../../interpreter/values.js';
import { bool, bytes, duration, float, int, isSecret, str, time, uint } from '../../interpreter/values.js';
import { typeError } from '../../interpreter/errors.js';
import { MASK, stringify } from '../../interpreter/format.js';
import { durationNanos, parseDuration, parseTime } from '../../interpreter/time.js';
import { builtin } from '../builtin.js';

const cannot = (v: Value, to: string) => typeError(`cannot convert ${v.kind} to ${to}`);
const secretOf = (v: Value) => isSecret(v);

/** The value as an error message may show it: secrets are masked. */
function shown(v: Value): string {
  if (isSecret(v)) return MASK;
  return v.kind === 'string' ? JSON.stringify(v.v) : 'v' in v ? String(v.v) : v.kind;
}

function parseInteger(v: StringValue, to: string): bigint {
  if (!/^[+-]?\d+$/.test(v.v)) throw typeError(`cannot convert string ${shown(v)} to ${to}: invalid syntax`);
  return BigInt(v.v);
}

function toInt(v: Value): Value {
  switch (v.kind) {
    case 'null': return v;
    case 'int': return v;
    case 'uint': return int(v.v, v.secret);
    case 'float':
      if (!Number.isFinite(v.v)) throw typeError(`cannot convert float ${shown(v)} to int`);
      return int(BigInt(Math.trunc(v.v)), v.secret);
    case 'bool': return int(v.v ? 1n : 0n, v.secret);
    case 'time': return int(v.v, v.secret);
    case 'duration':
      if (v.months) throw typeError('cannot convert a duration with months to int');
      return int(durationNanos(v), v.secret);
    case 'string': {
      const n = parseInteger(v, 'int');
      if (n < -(2n ** 63n) || n >= 2n ** 63n) throw typeError(`cannot convert string ${shown(v)} to int: value out of range`);
      return int(n, v.secret);
    }
    default: throw cannot(v, 'int');
  }
}

export const conversions = [
  builtin('string', '(v: A) => string', (a) => {
    const v = a.value('v');
    if (v.kind === 'null') return v;
    if (v.kind === 'bytes') return str(Buffer.from(v.v).toString('utf8'), v.secret);
    if (v.kind === 'regexp') return str(v.source);
    return str(stringify(v), secretOf(v));
  }),
  builtin('int', '(v: A) => int', (a) => toInt(a.value('v'))),
  builtin('uint', '(v: A) => uint', (a) => {
    const v = a.value('v');
    if (v.kind === 'null') return v;
    if (v.kind === 'string') return uint(parseInteger(v, 'uint'), v.secret);
    const i = toInt(v);
    return i.kind === 'int' ? uint(i.v, i.secret) : i;
  }),
  builtin('float', '(v: A) => float', (a) => {
    const v = a.value('v');
    switch (v.kind) {
      case 'null': return v;
      case 'float': return v;
      case 'int': case 'uint': return float(Number(v.v), v.secret);
      case 'bool': return float(v.v ? 1 : 0, v.secret);
      case 'string': {
        const t = v.v.trim();
        const f = /^[+-]?inf$/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : /^nan$/i.test(t) ? NaN : Number(t);
        if (t === '' || Number.isNaN(f) && !/^nan$/i.test(t)) throw typeError(`cannot convert string ${shown(v)} to float: invalid syntax`);
        return float(f, v.secret);
      }
      default: throw cannot(v, 'float');
    }
  }),
  builtin('bool', '(v: A) => bool', (a) => {
    const v = a.value('v');
    switch (v.kind) {
      case 'null': return v;
      case 'bool': return v;
      case 'string':
        if (v.v === 'true') return bool(true, v.secret);
        if (v.v === 'false') return bool(false, v.secret);
        throw typeError(`cannot convert string ${shown(v)} to bool`);
      case 'int': case 'uint': case 'float':
        if (Number(v.v) === 1) return bool(true, v.secret);
        if (Number(v.v) === 0) return bool(false, v.secret);
        throw typeError(`cannot convert ${v.kind} ${shown(v)} to bool`);
      default: throw cannot(v, 'bool');
    }
  }),
  builtin('bytes', '(v: A) => bytes', (a) => {
    const v = a.value('v');
    if (v.kind === 'bytes') return v;
    if (v.kind !== 'string') throw cannot(v, 'bytes');
    return bytes(new Uint8Array(Buffer.from(v.v, 'utf8')), v.secret);
  }),
  builtin('time', '(v: A) => time', (a) => {
    const v = a.value('v');
    switch (v.kind) {
      case 'null': case 'time': return v;
      case 'int': case 'uint': return time(v.v, v.secret);
      case 'string': {
        const t = parseTime(v.v);
        if (t === null) throw typeError(`cannot convert string ${shown(v)} to time`);
        return time(t, v.secret);
      }
      default: throw cannot(v, 'time');
    }
  }),
  builtin('duration', '(v: A) => duration', (a) => {
    const v = a.value('v');
    switch (v.kind) {
      case 'null': case 'duration': return v;
      case 'int': case 'uint': return duration(0n, v.v < 0n ? -v.v : v.v, v.v < 0n, v.secret);
      case 'string': {
        let d;
        try { d = parseDuration(v.v); } catch { throw typeError(`cannot convert string ${shown(v)} to duration`); }
        return v.secret ? { ...d, secret: true } : d;
      }
      default: throw cannot(v, 'duration');
    }
  }),
];
