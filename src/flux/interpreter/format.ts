/**
 * Text forms of values: `stringify` for string interpolation and string(v:), `display` for
 * display(v:) and log lines. `display` masks tainted leaves, so its output may leave the run.
 */
import type { Value } from './values.js';
import { isSecret } from './values.js';
import { typeError } from './errors.js';
import { formatDuration, formatTimeFixed, formatTimeRFC3339Nano } from './time.js';

/** What secrets look like wherever they would otherwise be shown. */
export const MASK = '***';

/** Go's strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent. */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const s = String(f);
  if (!/e/i.test(s)) return s;
  const [mant, expText] = s.split(/e/i) as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const pointAt = (mant.replace('-', '').indexOf('.') === -1 ? mant.replace('-', '').length : mant.replace('-', '').indexOf('.')) + exp;
  let out: string;
  if (pointAt <= 0) out = `0.${'0'.repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) out = digits + '0'.repeat(pointAt - digits.length);
  else out = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return neg ? `-${out}` : out;
}

/**
 * Go's values.Stringify, used by `"${x}"`: basic values only. The caller propagates taint.
 * A null is an error, as in Flux.
 */
export function stringify(v: Value): string {
  switch (v.kind) {
    case 'string': return v.v;
    case 'int': case 'uint': return v.v.toString();
    case 'float': return formatFloat(v.v);
    case 'bool': return v.v ? 'true' : 'false';
    case 'time': return formatTimeFixed(v.v);
    case 'duration': return formatDuration(v);
    case 'null': throw typeError('interpolated expression produced a null value');
    default: throw typeError(`expected interpolated expression to have type string, got ${v.kind}`);
  }
}

/** Flux's display(): Flux-literal-like text of any value, with secrets masked. */
export function display(v: Value): string {
  if (isSecret(v)) return MASK;
  switch (v.kind) {
    case 'null': return '<null>';
    case 'string': return v.v;
    case 'int': case 'uint': return v.v.toString();
    case 'float': return formatFloat(v.v);
    case 'bool': return v.v ? 'true' : 'false';
    case 'time': return formatTimeRFC3339Nano(v.v);
    case 'duration': return formatDuration(v);
    case 'bytes': return '0x' + Buffer.from(v.v).toString('hex');
    case 'regexp': return v.source;
    case 'array': return `[${v.items.map(display).join(', ')}]`;
    case 'record': return `{${[...v.fields].map(([k, x]) => `${k}: ${display(x)}`).join(', ')}}`;
    case 'dict':
      if (v.entries.size === 0) return '[:]';
      return `[${[...v.entries.values()].map(([k, x]) => `${display(k)}: ${display(x)}`).join(', ')}]`;
    case 'function': return `<function ${v.fn.name}>`;
    case 'stream': return `<stream of ${v.tables.length} tables>`;
  }
}
