/**
 * Parser for InfluxDB annotated CSV (the `/api/v2/query` answer): annotation rows (#datatype,
 * #group, #default), a header row, data rows, and an empty line between result blocks. Each
 * block may hold several tables told apart by the `table` column; the `result` column (or the
 * #default annotation) names the result.
 */
export interface FluxTable {
  result: string;
  table: string;
  columns: string[];
  datatypes: string[];
  groupKey: string[];
  rows: string[][];
}

export interface FluxResult {
  name: string;
  tables: FluxTable[];
}

/** Splits CSV text into records of fields (RFC 4180 quoting; CRLF or LF). */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else {
      field += ch;
    }
    i++;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const isBlank = (record: string[]) => record.every((f) => f === '');

export function parseAnnotatedCsv(text: string): FluxResult[] {
  const records = parseCsvRecords(text);
  const tables: FluxTable[] = [];
  let i = 0;
  while (i < records.length) {
    while (i < records.length && isBlank(records[i]!)) i++;
    if (i >= records.length) break;
    const annotations = new Map<string, string[]>();
    while (i < records.length && records[i]![0]?.startsWith('#')) {
      annotations.set(records[i]![0]!, records[i]!);
      i++;
    }
    const header = records[i++] ?? [];
    const datatypes = annotations.get('#datatype') ?? [];
    const groups = annotations.get('#group') ?? [];
    const defaults = annotations.get('#default') ?? [];
    const resultCol = header.indexOf('result');
    const tableCol = header.indexOf('table');
    // Drop the leading annotation column when the header starts with an empty cell.
    const skip = header[0] === '' || header[0]?.startsWith('#') ? 1 : 0;
    const columns = header.slice(skip);
    const byTable = new Map<string, FluxTable>();
    while (i < records.length && !isBlank(records[i]!) && !records[i]![0]?.startsWith('#')) {
      const row = records[i++]!;
      const result = (resultCol >= 0 ? row[resultCol] || defaults[resultCol] : '') || '_result';
      const table = (tableCol >= 0 ? row[tableCol] || defaults[tableCol] : '') || '0';
      const id = `${result}\u0000${table}`;
      let t = byTable.get(id);
      if (!t) {
        t = {
          result,
          table,
          columns,
          datatypes: datatypes.slice(skip),
          groupKey: columns.filter((_, c) => groups[c + skip] === 'true'),
          rows: [],
        };
        byTable.set(id, t);
        tables.push(t);
      }
      t.rows.push(row.slice(skip).map((v, c) => (v === '' && defaults[c + skip] ? defaults[c + skip]! : v)));
    }
    if (byTable.size === 0 && columns.length > 0) {
      const result = (resultCol >= 0 ? defaults[resultCol] : '') || '_result';
      tables.push({ result, table: '0', columns, datatypes: datatypes.slice(skip), groupKey: [], rows: [] });
    }
  }
  const results: FluxResult[] = [];
  for (const t of tables) {
    let r = results.find((x) => x.name === t.result);
    if (!r) {
      r = { name: t.result, tables: [] };
      results.push(r);
    }
    r.tables.push(t);
  }
  return results;
}
