/** Equality and ordering of Flux values, shared by operators, sort, distinct, min and max. */
import type { Value } from './values.js';

/** int, uint or float (a comparison per row in filters: no Set lookup). */
const isNumeric = (kind: Value['kind']): boolean => kind === 'int' || kind === 'uint' || kind === 'float';

/** Deep equality; int, uint and float compare by numeric value. Null equals nothing here. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (isNumeric(a.kind) && isNumeric(b.kind)) return compareValues(a, b) === 0;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'null': return false;
    case 'string': case 'bool': case 'time': return a.v === (b as typeof a).v;
    case 'duration': {
      const d = b as typeof a;
      return a.months === d.months && a.nanos === d.nanos && a.negative === d.negative;
    }
    case 'bytes': return Buffer.from(a.v).equals(Buffer.from((b as typeof a).v));
    case 'regexp': return a.source === (b as typeof a).source;
    case 'array': {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => valuesEqual(x, bi[i]!));
    }
    case 'record': {
      const bf = (b as typeof a).fields;
      if (a.fields.size !== bf.size) return false;
      for (const [k, x] of a.fields) {
        const y = bf.get(k);
        if (y === undefined || !(valuesEqual(x, y) || (x.kind === 'null' && y.kind === 'null'))) return false;
      }
      return true;
    }
    case 'dict': {
      const be = (b as typeof a).entries;
      if (a.entries.size !== be.size) return false;
      for (const [k, [, x]] of a.entries) {
        const y = be.get(k);
        if (!y || !valuesEqual(x, y[1])) return false;
      }
      return true;
    }
    default: return a === b;
  }
}

/**
 * Ordering: negative, zero or positive; undefined when the two values do not compare (different
 * kinds, or kinds without an order). Numbers compare across int, uint and float.
 */
export function compareValues(a: Value, b: Value): number | undefined {
  if (isNumeric(a.kind) && isNumeric(b.kind)) {
    const x = (a as { v: bigint | number }).v;
    const y = (b as { v: bigint | number }).v;
    if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
    const fx = Number(x);
    const fy = Number(y);
    return fx < fy ? -1 : fx > fy ? 1 : fx === fy ? 0 : undefined;
  }
  if (a.kind !== b.kind) return undefined;
  switch (a.kind) {
    case 'string': { const y = (b as typeof a).v; return a.v < y ? -1 : a.v > y ? 1 : 0; }
    case 'time': { const y = (b as typeof a).v; return a.v < y ? -1 : a.v > y ? 1 : 0; }
    case 'bool': return Number(a.v) - Number((b as typeof a).v);
    case 'duration': {
      const d = b as typeof a;
      const sx = a.negative ? -1n : 1n;
      const sy = d.negative ? -1n : 1n;
      const mx = a.months * sx; const my = d.months * sy;
      if (mx !== my) return mx < my ? -1 : 1;
      const nx = a.nanos * sx; const ny = d.nanos * sy;
      return nx < ny ? -1 : nx > ny ? 1 : 0;
    }
    default: return undefined;
  }
}

/** Sort order for table rows: nulls first, then by compareValues. */
export function compareForSort(a: Value, b: Value): number {
  if (a.kind === 'null') return b.kind === 'null' ? 0 : -1;
  if (b.kind === 'null') return 1;
  return compareValues(a, b) ?? 0;
}
