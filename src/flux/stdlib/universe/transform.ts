/**
 * Universe transformations that reshape streams row by row or table by table:
 * filter, map, keep, drop, rename, limit, sort, group (group.ts), set, union and yield.
 */
import type { RecordValue, StreamValue, Value } from '../../interpreter/values.js';
import { NULL, dictKey, stream } from '../../interpreter/values.js';
import type { Column, Table } from '../../interpreter/table.js';
import { columnIndex, orderKey, refillRecord, rowRecord, tableFromRecords } from '../../interpreter/table.js';
import { group } from './group.js';
import { compareForSort } from '../../interpreter/compare.js';
import { FluxError, typeError } from '../../interpreter/errors.js';
import type { Args } from '../builtin.js';
import { builtin, secretAsName } from '../builtin.js';

const input = (a: Args, name = 'tables'): StreamValue => a.get(name, 'stream');

/** Keeps the columns `pred` accepts, in order, and trims the group key to match. */
function project(t: Table, pred: (label: string) => boolean): Table {
  const idx = t.columns.map((c, i) => (pred(c.label) ? i : -1)).filter((i) => i >= 0);
  const keep = new Set(idx.map((i) => t.columns[i]!.label));
  const key = t.key.filter((k) => keep.has(k));
  return {
    columns: idx.map((i) => t.columns[i]!),
    key,
    keyValues: key.map((k) => t.keyValues[t.key.indexOf(k)]!),
    rows: t.rows.map((row) => idx.map((i) => row[i]!)),
  };
}

/** Evaluates a `(column) => bool|string` predicate once per distinct label. */
async function perColumn(a: Args, fn: Value, labels: string[]): Promise<Map<string, Value>> {
  const out = new Map<string, Value>();
  if (fn.kind !== 'function') throw typeError('argument "fn" must be a function');
  for (const l of labels) if (!out.has(l)) out.set(l, await a.call(fn, { column: { kind: 'string', v: l } }));
  return out;
}

async function keepOrDrop(a: Args, keep: boolean): Promise<Value> {
  const s = input(a);
  const fn = a.optValue('fn');
  const listed = a.has('columns') ? new Set(a.strings('columns')) : undefined;
  if (!listed && !fn) throw typeError('one of "columns" or "fn" is required');
  const out: Table[] = [];
  for (const t of s.tables) {
    const verdict = fn && !listed ? await perColumn(a, fn, t.columns.map((c) => c.label)) : undefined;
    out.push(project(t, (label) => {
      const hit = listed ? listed.has(label) : verdict!.get(label)?.kind === 'bool' && (verdict!.get(label) as { v: boolean }).v;
      return keep ? hit : !hit;
    }));
  }
  return stream(out);
}

export const transformations = [
  builtin('filter', '(<-tables: stream[A], fn: (r: A) => bool, ?onEmpty: string) => stream[A]', async (a) => {
    const fn = a.get('fn', 'function');
    const onEmpty = a.text('onEmpty', 'drop');
    // A predicate without calls can keep nothing of its argument (it can only answer a bool),
    // so one record per table is refilled for each row instead of built anew.
    const reuse = fn.fn.callSync !== undefined;
    const out: Table[] = [];
    for (const t of input(a).tables) {
      const rows: Value[][] = [];
      const shared = reuse && t.rows.length > 0 ? rowRecord(t, 0) : undefined;
      for (let i = 0; i < t.rows.length; i++) {
        let v = a.call(fn, { r: shared ? refillRecord(shared, t, i) : rowRecord(t, i) });
        if (v instanceof Promise) v = await v; // only a predicate that calls functions waits
        if (v.kind !== 'bool' && v.kind !== 'null') throw typeError(`filter: fn must return a bool, got ${v.kind}`);
        if (v.kind === 'bool' && v.v) rows.push(t.rows[i]!);
      }
      if (rows.length > 0 || onEmpty === 'keep') out.push({ ...t, rows });
    }
    return stream(out);
  }),

  builtin('map', '(<-tables: stream[A], fn: (r: A) => B, ?mergeKey: bool) => stream[B]', async (a) => {
    const fn = a.get('fn', 'function');
    // Output rows are regrouped by their group-key values: a row whose key column changed joins
    // the table for its new key, wherever it came from.
    const groups = new Map<string, { key: string[]; records: RecordValue[] }>();
    for (const t of input(a).tables) {
      for (let i = 0; i < t.rows.length; i++) {
        let v = a.call(fn, { r: rowRecord(t, i) });
        if (v instanceof Promise) v = await v;
        if (v.kind !== 'record') throw typeError(`map: fn must return a record, got ${v.kind}`);
        const fields = v.fields;
        // Most tables have no group key: their rows all share the id '' (no other id is empty).
        const key = t.key.length === 0 ? t.key : t.key.filter((l) => fields.has(l));
        const id = key.length === 0 ? '' : `${key.join(',')}\u0000${key.map((l) => dictKey(fields.get(l)!)).join('\u0000')}`;
        let g = groups.get(id);
        if (!g) groups.set(id, (g = { key, records: [] }));
        g.records.push(v);
      }
      a.run.addRows(t.rows.length);
    }
    return stream([...groups.values()].map((g) => tableFromRecords(g.records, g.key)));
  }),

  builtin('keep', '(<-tables: stream[A], ?columns: [string], ?fn: (column: string) => bool) => stream[B]', (a) => keepOrDrop(a, true)),
  builtin('drop', '(<-tables: stream[A], ?columns: [string], ?fn: (column: string) => bool) => stream[B]', (a) => keepOrDrop(a, false)),

  builtin('rename', '(<-tables: stream[A], ?columns: A, ?fn: (column: string) => string) => stream[B]', async (a) => {
    const mapping = a.opt('columns', 'record');
    const fn = a.optValue('fn');
    if (!mapping && !fn) throw typeError('one of "columns" or "fn" is required');
    const out: Table[] = [];
    for (const t of input(a).tables) {
      const names = new Map<string, string>();
      if (mapping) {
        for (const [from, to] of mapping.fields) {
          if (to.kind !== 'string') throw typeError(`rename: new name for "${from}" must be a string`);
          if (to.secret) throw secretAsName('columns');
          names.set(from, to.v);
        }
      } else {
        for (const [label, v] of await perColumn(a, fn!, t.columns.map((c) => c.label))) {
          if (v.kind !== 'string') throw typeError('rename: fn must return a string');
          if (v.secret) throw secretAsName('fn');
          names.set(label, v.v);
        }
      }
      const rename = (l: string) => names.get(l) ?? l;
      const columns: Column[] = t.columns.map((c) => ({ ...c, label: rename(c.label) }));
      const seen = new Set<string>();
      for (const c of columns) {
        if (seen.has(c.label)) throw typeError(`rename: column "${c.label}" would appear twice`);
        seen.add(c.label);
      }
      out.push({ ...t, columns, key: t.key.map(rename) });
    }
    return stream(out);
  }),

  builtin('limit', '(<-tables: stream[A], n: int, ?offset: int) => stream[A]', (a) => {
    const n = a.integer('n');
    const offset = a.integer('offset', 0);
    if (n < 0 || offset < 0) throw typeError('limit: n and offset must not be negative');
    return stream(input(a).tables.map((t) => ({ ...t, rows: t.rows.slice(offset, offset + n) })));
  }),

  builtin('sort', '(<-tables: stream[A], ?columns: [string], ?desc: bool) => stream[A]', (a) => {
    const columns = a.strings('columns', ['_value']);
    const desc = a.boolean('desc', false);
    return stream(input(a).tables.map((t) => {
      const idx = columns.map((c) => columnIndex(t, c)).filter((i) => i >= 0);
      const rows = [...t.rows].sort((x, y) => {
        for (const i of idx) {
          const c = compareForSort(x[i]!, y[i]!);
          if (c !== 0) return desc ? -c : c;
        }
        return 0;
      });
      return { ...t, rows };
    }));
  }),

  group,

  builtin('set', '(<-tables: stream[A], key: string, value: string) => stream[A]', (a) => {
    const key = a.text('key');
    const value = a.get('value', 'string');
    return stream(input(a).tables.map((t) => {
      const i = columnIndex(t, key);
      if (i >= 0) {
        const columns = t.columns.map((c, j) => (j === i ? { label: key, type: 'string' as const } : c));
        const keyValues = t.key.map((k, j) => (k === key ? value : t.keyValues[j]!));
        return { columns, key: t.key, keyValues, rows: t.rows.map((r) => r.map((v, j) => (j === i ? value : v))) };
      }
      return { ...t, columns: [...t.columns, { label: key, type: 'string' as const }], rows: t.rows.map((r) => [...r, value]) };
    }));
  }),

  builtin('union', '(tables: [stream[A]]) => stream[A]', (a) => {
    const list = a.get('tables', 'array');
    if (list.items.length < 2) throw typeError('union: tables must contain at least two streams');
    const out: Table[] = [];
    for (const s of list.items) {
      if (s.kind !== 'stream') throw typeError(`union: every element of tables must be a stream, got ${s.kind}`);
      out.push(...s.tables);
    }
    return stream(out);
  }),

  builtin('yield', '(<-tables: stream[A], ?name: string) => stream[A]', (a) => {
    const name = a.text('name', '_result');
    const s = input(a);
    if (a.run.results.some((r) => r.name === name)) throw new FluxError('invalid', `found duplicate yield name "${name}"`);
    a.run.results.push({ name, stream: s });
    return s;
  }, { sideEffect: true }),
];

/** Keeps group-key columns first when an aggregate builds its output rows. */
export function keyColumns(t: Table): { columns: Column[]; values: Value[] } {
  const key = orderKey(t.columns, t.key);
  return {
    columns: key.map((k) => t.columns[columnIndex(t, k)]!),
    values: key.map((k) => t.keyValues[t.key.indexOf(k)] ?? NULL),
  };
}
