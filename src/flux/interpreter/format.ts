/**
 * Text forms of values: `stringify` for string interpolation and string(v:), `display` for
 * display(v:) and log lines. `display` masks tainted leaves, so its output may leave the run.
 */
import type { Value } from './values.js';
import { isSecret } from './values.js';
import { typeError } from './errors.js';
import { formatDuration, formatTimeFixed } from './time.js';
import { compareForSort } from './compare.js';

/** What secrets look like wherever they would otherwise be shown. */
export const MASK = '***';

/** Go's strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent. */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const s = String(f);
  if (!s.includes('e')) return s; // JS writes exponents with a lowercase e
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

/**
 * Go's fmt %v for a float64 (strconv 'g', shortest): an exponent below 1e-4 and from 1e6 up,
 * written with at least two exponent digits (`1e+06`, `1.5e-07`).
 */
export function formatFloatG(f: number): string {
  if (!Number.isFinite(f)) return formatFloat(f);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mant}e${exp < 0 ? '-' : '+'}${digits}`;
  }
  return formatFloat(f);
}

/** Items joined as Flux's display does: inline up to three, one per indented line beyond. */
function displayList(open: string, items: string[], close: string, indent: number): string {
  if (items.length <= 3) return `${open}${items.join(', ')}${close}`;
  const pad = (n: number) => '\n' + '    '.repeat(n);
  return `${open}${pad(indent + 1)}${items.join(`, ${pad(indent + 1)}`)}${pad(indent)}${close}`;
}

/**
 * Flux's display() (values.Display): Flux-literal-like text of any value, with records sorted
 * by label, and secrets masked.
 */
export function display(v: Value, indent = 0): string {
  if (isSecret(v)) return MASK;
  switch (v.kind) {
    case 'null': return '<null>';
    case 'string': return v.v;
    case 'int': case 'uint': return v.v.toString();
    case 'float': return formatFloatG(v.v);
    case 'bool': return v.v ? 'true' : 'false';
    case 'time': return formatTimeFixed(v.v);
    case 'duration': return formatDuration(v);
    case 'bytes': return `[${Array.from(v.v).join(' ')}]`;
    case 'regexp': return v.source;
    case 'array': return displayList('[', v.items.map((x) => display(x, indent + 1)), ']', indent);
    case 'record': {
      const keys = [...v.fields.keys()].sort();
      return displayList('{', keys.map((k) => `${k}: ${display(v.fields.get(k)!, indent + 1)}`), '}', indent);
    }
    case 'dict': {
      if (v.entries.size === 0) return '[:]';
      const pairs = [...v.entries.values()].sort(([a], [b]) => compareForSort(a, b));
      return displayList('[', pairs.map(([k, x]) => `${display(k, indent + 1)}: ${display(x, indent + 1)}`), ']', indent);
    }
    case 'function': return `<function ${v.fn.name}>`;
    case 'stream': return `<stream of ${v.tables.length} tables>`;
  }
}
