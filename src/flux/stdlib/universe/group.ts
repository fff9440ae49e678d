/**
 * group(): regroups every row of a stream by the values of the key columns. When the input
 * tables all have the same columns (one source table, or tables split by an earlier group) the
 * rows are regrouped as they are; otherwise every row becomes a record, which also merges the
 * differing schemas. Both give the same tables.
 */
import type { RecordValue, Value } from '../../interpreter/values.js';
import { NULL, dictKey, stream } from '../../interpreter/values.js';
import type { Column, ColumnType, Table } from '../../interpreter/table.js';
import { orderKey, rowRecord, tablesFromRecords, typeAfter } from '../../interpreter/table.js';
import { typeError } from '../../interpreter/errors.js';
import { builtin } from '../builtin.js';

/** True when every table has the first one's columns (labels and types, in order, no label twice). */
function sameColumns(tables: Table[]): boolean {
  const first = tables[0]!.columns;
  if (new Set(first.map((c) => c.label)).size !== first.length) return false;
  return tables.every((t) => t.columns.length === first.length
    && t.columns.every((c, j) => c.label === first[j]!.label && c.type === first[j]!.type));
}

/** As tablesFromRecords over the rows of tables with one schema, without building records. */
function groupRows(tables: Table[], keyLabels: string[]): Table[] {
  const columns = tables[0]!.columns;
  if (tables.every((t) => t.rows.length === 0)) return [];
  const present = keyLabels.filter((l) => columns.some((c) => c.label === l));
  const at = present.map((l) => columns.findIndex((c) => c.label === l));
  const groups = new Map<string, Value[][]>();
  for (const t of tables) {
    for (const row of t.rows) {
      let id = at.length === 1 ? dictKey(row[at[0]!] ?? NULL) : '';
      if (at.length > 1) for (let k = 0; k < at.length; k++) id += (k > 0 ? '\u0000' : '') + dictKey(row[at[k]!] ?? NULL);
      let g = groups.get(id);
      if (!g) groups.set(id, (g = []));
      g.push(row);
    }
  }
  return [...groups.values()].map((rows) => tableFromRows(columns, rows, present));
}

/** As tableFromRecords: the same type checks, in the same order, over rows instead of records. */
function tableFromRows(input: Column[], rows: Value[][], key: string[]): Table {
  // Labels are distinct here (sameColumns), so a column's type is kept by position.
  const types = new Array<ColumnType | null | undefined>(input.length);
  const out = new Array<Value[]>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    // Rows are never changed once built (filter and limit share them too): a full row is kept.
    let full = row.length === input.length;
    for (let j = 0; j < input.length; j++) {
      const cell = row[j];
      if (cell === undefined) full = false;
      types[j] = typeAfter(types[j], input[j]!.label, cell ?? NULL);
    }
    out[i] = full ? row : input.map((_, j) => row[j] ?? NULL);
  }
  const columns = input.map((c, j) => ({ label: c.label, type: types[j] ?? 'string' as ColumnType }));
  const keyLabels = orderKey(columns, key);
  const keyValues = keyLabels.map((l) => out[0]![columns.findIndex((c) => c.label === l)] ?? NULL);
  return { columns, key: keyLabels, keyValues, rows: out };
}

export const group = builtin('group', '(<-tables: stream[A], ?columns: [string], ?mode: string) => stream[A]', (a) => {
  const columns = a.strings('columns', []);
  const mode = a.text('mode', 'by');
  if (mode !== 'by' && mode !== 'except') throw typeError(`group: mode must be "by" or "except", got "${mode}"`);
  const s = a.get('tables', 'stream');
  const all = [...new Set(s.tables.flatMap((t) => t.columns.map((c) => c.label)))];
  const key = mode === 'by' ? columns : all.filter((l) => !columns.includes(l));
  let out: Table[];
  if (s.tables.length > 0 && sameColumns(s.tables)) {
    out = groupRows(s.tables, key);
  } else {
    const records: RecordValue[] = [];
    for (const t of s.tables) for (let i = 0; i < t.rows.length; i++) records.push(rowRecord(t, i));
    out = tablesFromRecords(records, key);
  }
  // Column types come from the input schema even when a group holds only nulls.
  const types = new Map(s.tables.flatMap((t) => t.columns.map((c) => [c.label, c.type] as const)));
  for (const t of out) for (const c of t.columns) c.type = types.get(c.label) ?? c.type;
  return stream(out);
});
