/** JSON (the `params` of invokable scripts) to Flux values: integers become int, other numbers float. */
import type { Value } from './values.js';
import { NULL, array, bool, float, int, record, str } from './values.js';

export function jsonToValue(v: unknown): Value {
  if (v === null || v === undefined) return NULL;
  if (typeof v === 'string') return str(v);
  if (typeof v === 'boolean') return bool(v);
  if (typeof v === 'number') return Number.isSafeInteger(v) ? int(BigInt(v)) : float(v);
  if (typeof v === 'bigint') return int(v);
  if (Array.isArray(v)) return array(v.map(jsonToValue));
  if (typeof v === 'object') return record(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, jsonToValue(x)]));
  return NULL;
}
