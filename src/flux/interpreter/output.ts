/**
 * Converts yielded streams to the public result shape. This is the boundary where secrets are
 * masked: a tainted cell becomes `***`, and its column becomes a string column (an int column
 * cannot hold `***`). Every string cell is then passed through the run's scrubber.
 */
import type { Value } from './values.js';
import { isSecret } from './values.js';
import type { Table } from './table.js';
import { MASK, stringify } from './format.js';
import type { FluxCell, FluxResult, FluxTable } from '../types.js';
import type { YieldedResult } from './context.js';
import type { Scrubber } from '../scrub.js';

function plainCell(v: Value): FluxCell {
  switch (v.kind) {
    case 'null': return null;
    case 'int': case 'uint': case 'time': return v.v;
    case 'float': case 'string': case 'bool': return v.v;
    default: return null;
  }
}

export function outputTable(t: Table, scrub: Scrubber): FluxTable {
  const masked = t.columns.map((_, i) => t.rows.some((r) => isSecret(r[i]!)) || t.key.includes(t.columns[i]!.label) && isSecret(t.keyValues[t.key.indexOf(t.columns[i]!.label)]!));
  const columns = t.columns.map((c, i) => ({ label: scrub(c.label), type: masked[i] ? 'string' as const : c.type, group: t.key.includes(c.label) }));
  const cell = (v: Value, i: number): FluxCell => {
    if (isSecret(v)) return MASK;
    if (masked[i]) return v.kind === 'null' ? null : scrub(stringify(v));
    const c = plainCell(v);
    return typeof c === 'string' ? scrub(c) : c;
  };
  return {
    columns,
    rows: t.rows.map((r) => r.map(cell)),
    groupValues: t.columns.map((c, i) => {
      const k = t.key.indexOf(c.label);
      return k >= 0 ? cell(t.keyValues[k]!, i) : undefined;
    }),
  };
}

export function outputResults(results: YieldedResult[], scrub: Scrubber): FluxResult[] {
  return results.map((r) => ({ name: scrub(r.name), tables: r.stream.tables.map((t) => outputTable(t, scrub)) }));
}
