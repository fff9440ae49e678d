/** Functions that pull tables, records and columns out of streams: tableFind, getRecord, ... */
import type { Value } from '../../interpreter/values.js';
import { array, record, stream } from '../../interpreter/values.js';
import type { Table } from '../../interpreter/table.js';
import { columnIndex, keyRecord, rowRecord } from '../../interpreter/table.js';
import { FluxError, typeError } from '../../interpreter/errors.js';
import type { Args } from '../builtin.js';
import { builtin } from '../builtin.js';

async function findTable(a: Args, name: string): Promise<Table | undefined> {
  const fn = a.get('fn', 'function');
  for (const t of a.get(name, 'stream').tables) {
    const v = await a.call(fn, { key: keyRecord(t) });
    if (v.kind === 'bool' && v.v) return t;
  }
  return undefined;
}

function onlyTable(a: Args): Table {
  const s = a.get('table', 'stream');
  if (s.tables.length !== 1) throw typeError(`expected a single table (use tableFind), got a stream of ${s.tables.length} tables`);
  return s.tables[0]!;
}

function recordAt(t: Table, idx: number): Value {
  if (idx < 0 || idx >= t.rows.length) throw new FluxError('invalid', `index out of bounds: ${idx}`);
  return record(rowRecord(t, idx).fields);
}

function columnValues(t: Table, column: string): Value {
  const i = columnIndex(t, column);
  if (i < 0) throw new FluxError('invalid', `cannot find column "${column}"`);
  return array(t.rows.map((r) => r[i]!));
}

export const extractors = [
  builtin('tableFind', '(<-tables: stream[A], fn: (key: B) => bool) => stream[A]', async (a) => {
    const t = await findTable(a, 'tables');
    if (!t) throw new FluxError('not found', 'no table found');
    return stream([t]);
  }),
  builtin('getRecord', '(<-table: stream[A], idx: int) => A', (a) => recordAt(onlyTable(a), a.integer('idx'))),
  builtin('getColumn', '(<-table: stream[A], column: string) => [B]', (a) => columnValues(onlyTable(a), a.text('column'))),
  builtin('findRecord', '(<-tables: stream[A], fn: (key: B) => bool, idx: int) => A', async (a) => {
    const t = await findTable(a, 'tables');
    const idx = a.integer('idx');
    if (!t || idx < 0 || idx >= t.rows.length) return record([], true); // reads of its labels give null
    return recordAt(t, idx);
  }),
  builtin('findColumn', '(<-tables: stream[A], fn: (key: B) => bool, column: string) => [B]', async (a) => {
    const t = await findTable(a, 'tables');
    const column = a.text('column');
    if (!t || columnIndex(t, column) < 0) return array([]);
    return columnValues(t, column);
  }),
];
