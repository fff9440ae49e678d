/**
 * Tables and streams. A Flux stream is a list of tables; every table has typed columns, a group
 * key (the columns whose value is the same on every row, and identifies the table) and rows.
 * Streams are materialised eagerly: Strongroom scripts move small result sets, and the run's
 * row limit (RunContext.addRows) bounds memory.
 */
import type { RecordValue, Value } from './values.js';
import { NULL, dictKey, record, typeName } from './values.js';
import { typeError } from './errors.js';

/** The column types a table (and annotated CSV) can hold. */
export type ColumnType = 'int' | 'uint' | 'float' | 'string' | 'bool' | 'time';

export interface Column { label: string; type: ColumnType }

export interface Table {
  columns: Column[];
  /** Labels of the group-key columns, in column order. */
  key: string[];
  /** Group-key values, parallel to `key`; kept for empty tables, whose rows cannot show them. */
  keyValues: Value[];
  rows: Value[][];
}

export function columnTypeOf(v: Value, label: string): ColumnType | undefined {
  switch (v.kind) {
    case 'null': return undefined;
    case 'int': case 'uint': case 'float': case 'string': case 'bool': case 'time': return v.kind;
    default: throw typeError(`cannot represent the type ${typeName(v)} as column data (column "${label}")`);
  }
}

export function columnIndex(t: Table, label: string): number {
  return t.columns.findIndex((c) => c.label === label);
}

/** Row `i` as an open record: reading a column the table lacks gives null, as in Flux. */
export function rowRecord(t: Table, i: number): RecordValue {
  const row = t.rows[i]!;
  const fields = new Map<string, Value>();
  for (let j = 0; j < t.columns.length; j++) fields.set(t.columns[j]!.label, row[j] ?? NULL);
  return { kind: 'record', fields, open: true };
}

/** Makes `r` (a rowRecord of `t`) hold row `i` instead, for callers that know it is not kept. */
export function refillRecord(r: RecordValue, t: Table, i: number): RecordValue {
  const row = t.rows[i]!;
  for (let j = 0; j < t.columns.length; j++) r.fields.set(t.columns[j]!.label, row[j] ?? NULL);
  return r;
}

/** The group key as a record, as `tableFind(fn: (key) => ...)` sees it. */
export function keyRecord(t: Table): RecordValue {
  return record(t.key.map((l, i) => [l, t.keyValues[i] ?? NULL] as [string, Value]));
}

/**
 * Builds tables from records, grouped by the values of `keyLabels` (labels that no record has
 * are dropped from the key). Columns appear in first-seen order; a label seen with two types is
 * a schema collision, as in Flux.
 */
export function tablesFromRecords(records: RecordValue[], keyLabels: string[]): Table[] {
  const groups = new Map<string, RecordValue[]>();
  const present = keyLabels.filter((l) => records.some((r) => r.fields.has(l)));
  for (const r of records) {
    const id = present.map((l) => dictKey(r.fields.get(l) ?? NULL)).join('\u0000');
    let g = groups.get(id);
    if (!g) groups.set(id, (g = []));
    g.push(r);
  }
  return [...groups.values()].map((rs) => tableFromRecords(rs, present));
}

/** One table from records that all share the given group key. */
export function tableFromRecords(records: RecordValue[], key: string[]): Table {
  return tableFromAlikeRecords(records, key) ?? tableFromAnyRecords(records, key);
}

/**
 * The usual case for map(): every record has the first one's labels in the same order, so the
 * columns are those labels and each row is a record's values as they come, with the types
 * checked by position in the order tableFromAnyRecords checks them. Undefined at the first
 * record that differs (it never throws a different error than tableFromAnyRecords would).
 */
function tableFromAlikeRecords(records: RecordValue[], key: string[]): Table | undefined {
  const first = records[0];
  if (first === undefined) return undefined;
  const labels = [...first.fields.keys()];
  const types = new Array<ColumnType | null | undefined>(labels.length);
  const rows = new Array<Value[]>(records.length);
  for (let i = 0; i < records.length; i++) {
    const fields = records[i]!.fields;
    if (fields.size !== labels.length) return undefined;
    const row = new Array<Value>(labels.length);
    let j = 0;
    for (const [label, v] of fields) {
      if (label !== labels[j]) return undefined;
      types[j] = typeAfter(types[j], label, v);
      row[j++] = v;
    }
    rows[i] = row;
  }
  const columns: Column[] = labels.map((label, j) => ({ label, type: types[j] ?? 'string' }));
  const keyLabels = orderKey(columns, key);
  return { columns, key: keyLabels, keyValues: keyLabels.map((l) => first.fields.get(l) ?? NULL), rows };
}

function tableFromAnyRecords(records: RecordValue[], key: string[]): Table {
  // null: the label was seen holding only nulls so far. One pass, no entry arrays: map()
  // builds a table from every row it returns.
  const types = new Map<string, ColumnType | null>();
  const note = (v: Value, label: string) => noteType(types, label, v);
  for (const r of records) r.fields.forEach(note);
  const columns: Column[] = [];
  types.forEach((type, label) => columns.push({ label, type: type ?? 'string' }));
  const rows = new Array<Value[]>(records.length);
  for (let i = 0; i < records.length; i++) {
    const fields = records[i]!.fields;
    const row = new Array<Value>(columns.length);
    for (let j = 0; j < columns.length; j++) row[j] = fields.get(columns[j]!.label) ?? NULL;
    rows[i] = row;
  }
  const keyLabels = orderKey(columns, key);
  const first = records[0];
  return { columns, key: keyLabels, keyValues: keyLabels.map((l) => first?.fields.get(l) ?? NULL), rows };
}

/** Records `v`'s column type under `label`; a label seen with two types is a schema collision. */
export function noteType(types: Map<string, ColumnType | null>, label: string, v: Value): void {
  const seen = types.get(label);
  const t = typeAfter(seen, label, v);
  if (t !== seen) types.set(label, t);
}

/**
 * The type a column has after holding `v`, given the one it had (undefined: nothing yet; null:
 * only nulls so far). A second non-null type is a schema collision.
 */
export function typeAfter(seen: ColumnType | null | undefined, label: string, v: Value): ColumnType | null {
  const t = columnTypeOf(v, label) ?? null;
  if (seen === undefined || seen === null) return t;
  if (t !== null && t !== seen) throw typeError(`schema collision: column "${label}" is both ${seen} and ${t}`);
  return seen;
}

/** Key labels sorted into column order, so the CSV #group row lines up with the header. */
export function orderKey(columns: Column[], key: string[]): string[] {
  const set = new Set(key);
  return columns.filter((c) => set.has(c.label)).map((c) => c.label);
}
