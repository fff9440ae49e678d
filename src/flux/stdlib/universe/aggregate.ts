/**
 * Aggregates (count, sum, mean, reduce, distinct) turn each table into one row holding the group
 * key and the result; selectors (min, max, first, last) keep whole rows.
 */
import type { Value } from '../../interpreter/values.js';
import { NULL, float, int, isSecret, record, stream, uint } from '../../interpreter/values.js';
import type { ColumnType, Table } from '../../interpreter/table.js';
import { columnIndex, columnTypeOf, tableFromRecords } from '../../interpreter/table.js';
import { compareValues, valuesEqual } from '../../interpreter/compare.js';
import { typeError } from '../../interpreter/errors.js';
import type { Args } from '../builtin.js';
import { builtin } from '../builtin.js';
import { keyColumns } from './transform.js';

function columnOf(t: Table, column: string): number {
  const i = columnIndex(t, column);
  if (i < 0) throw typeError(`column "${column}" does not exist`);
  return i;
}

/** One output row per table: the group key, then `column` holding `compute(values)`. */
function aggregate(a: Args, type: (input: ColumnType) => ColumnType, compute: (values: Value[], input: ColumnType) => Value): Value {
  const column = a.text('column', '_value');
  const out: Table[] = [];
  for (const t of a.get('tables', 'stream').tables) {
    const i = columnOf(t, column);
    const inputType = t.columns[i]!.type;
    const values = t.rows.map((r) => r[i]!).filter((v) => v.kind !== 'null');
    const { columns, values: keyValues } = keyColumns(t);
    const own = columns.findIndex((c) => c.label === column);
    const cols = own >= 0 ? columns : [...columns, { label: column, type: type(inputType) }];
    const row = own >= 0 ? keyValues : [...keyValues, compute(values, inputType)];
    out.push({ columns: cols, key: t.key, keyValues: t.keyValues, rows: [row] });
  }
  return stream(out);
}

function numeric(type: ColumnType, fn: string): void {
  if (type !== 'int' && type !== 'uint' && type !== 'float') throw typeError(`${fn}: column must be numeric, got ${type}`);
}

/** A selector keeps the rows `pick` chooses from each table. */
function select(a: Args, pick: (t: Table, i: number) => Value[][]): Value {
  const column = a.text('column', '_value');
  return stream(a.get('tables', 'stream').tables.map((t) => ({ ...t, rows: pick(t, columnOf(t, column)) })));
}

function extreme(sign: 1 | -1) {
  return (t: Table, i: number): Value[][] => {
    let best: Value[] | undefined;
    for (const row of t.rows) {
      const v = row[i]!;
      if (v.kind === 'null') continue;
      if (!best || (compareValues(v, best[i]!) ?? 0) * sign > 0) best = row;
    }
    return best ? [best] : [];
  };
}

export const aggregates = [
  builtin('count', '(<-tables: stream[A], ?column: string) => stream[B]', (a) =>
    aggregate(a, () => 'int', (values) => int(BigInt(values.length)))),

  builtin('sum', '(<-tables: stream[A], ?column: string) => stream[A]', (a) =>
    aggregate(a, (t) => (numeric(t, 'sum'), t), (values, t) => {
      if (values.length === 0) return NULL;
      const secret = values.some(isSecret);
      if (t === 'float') return float(values.reduce((s, v) => s + (v as { v: number }).v, 0), secret);
      const total = values.reduce((s, v) => s + (v as { v: bigint }).v, 0n);
      return t === 'uint' ? uint(total, secret) : int(total, secret);
    })),

  builtin('mean', '(<-tables: stream[A], ?column: string) => stream[B]', (a) =>
    aggregate(a, (t) => (numeric(t, 'mean'), 'float'), (values) => {
      if (values.length === 0) return NULL;
      const total = values.reduce((s, v) => s + Number((v as { v: number | bigint }).v), 0);
      return float(total / values.length, values.some(isSecret));
    })),

  builtin('min', '(<-tables: stream[A], ?column: string) => stream[A]', (a) => select(a, extreme(-1))),
  builtin('max', '(<-tables: stream[A], ?column: string) => stream[A]', (a) => select(a, extreme(1))),
  builtin('first', '(<-tables: stream[A], ?column: string) => stream[A]', (a) =>
    select(a, (t, i) => t.rows.filter((r) => r[i]!.kind !== 'null').slice(0, 1))),
  builtin('last', '(<-tables: stream[A], ?column: string) => stream[A]', (a) =>
    select(a, (t, i) => t.rows.filter((r) => r[i]!.kind !== 'null').slice(-1))),

  builtin('distinct', '(<-tables: stream[A], ?column: string) => stream[B]', (a) => {
    const column = a.text('column', '_value');
    const out: Table[] = [];
    for (const t of a.get('tables', 'stream').tables) {
      const i = columnOf(t, column);
      const seen: Value[] = [];
      for (const row of t.rows) {
        const v = row[i]!;
        if (!seen.some((s) => valuesEqual(s, v) || (s.kind === 'null' && v.kind === 'null'))) seen.push(v);
      }
      const { columns, values } = keyColumns(t);
      out.push({
        columns: [...columns.filter((c) => c.label !== '_value'), { label: '_value', type: t.columns[i]!.type }],
        key: t.key.filter((k) => k !== '_value'),
        keyValues: t.keyValues.filter((_, j) => t.key[j] !== '_value'),
        rows: seen.map((v) => [...values.filter((_, j) => columns[j]!.label !== '_value'), v]),
      });
    }
    return stream(out);
  }),

  builtin('reduce', '(<-tables: stream[A], fn: (r: A, accumulator: B) => B, identity: B) => stream[C]', async (a) => {
    const fn = a.get('fn', 'function');
    const identity = a.get('identity', 'record');
    const out: Table[] = [];
    for (const t of a.get('tables', 'stream').tables) {
      let acc: Value = identity;
      for (let i = 0; i < t.rows.length; i++) {
        const r = record(t.columns.map((c, j) => [c.label, t.rows[i]![j]!] as [string, Value]), true);
        acc = await a.call(fn, { r, accumulator: acc });
        if (acc.kind !== 'record') throw typeError(`reduce: fn must return a record, got ${acc.kind}`);
      }
      const { columns, values } = keyColumns(t);
      const fields = new Map<string, Value>(columns.map((c, j) => [c.label, values[j]!]));
      for (const [k, v] of (acc as typeof identity).fields) { columnTypeOf(v, k); fields.set(k, v); }
      out.push(tableFromRecords([record(fields)], t.key));
    }
    return stream(out);
  }),
];
