/**
 * Annotated CSV, byte for byte as InfluxDB's /api/v2/query writes it (flux csv/result.go):
 * CRLF line ends, a leading annotation column, then `result` and `table`, annotations and
 * header repeated only when the schema changes, a blank line after each result.
 */
import type { FluxCell, FluxResult, FluxTable } from './types.js';
import type { ColumnType } from './interpreter/table.js';
import { formatFloat } from './interpreter/format.js';
import { formatTimeRFC3339Nano } from './interpreter/time.js';

export type CsvAnnotation = 'datatype' | 'group' | 'default';

export interface CsvDialect {
  header?: boolean;
  delimiter?: string;
  annotations?: CsvAnnotation[];
}

const DATATYPE: Record<ColumnType, string> = {
  int: 'long', uint: 'unsignedLong', float: 'double', string: 'string', bool: 'boolean', time: 'dateTime:RFC3339',
};

const CRLF = '\r\n';

/**
 * Go encoding/csv quoting: delimiter, quote, CR/LF or leading whitespace force quotes. With
 * CRLF output Go also writes a newline inside a quoted field as CRLF and drops bare CRs.
 */
function field(text: string, delimiter: string): string {
  if (text === '') return text;
  if (text === '\\.' || text.includes(delimiter) || SPECIAL.test(text) || startsWithSpace(text)) {
    return `"${text.replace(/"/g, '""').replace(/\r/g, '').replace(/\n/g, CRLF)}"`;
  }
  return text;
}

const SPECIAL = /["\r\n]/;

/** /^\s/u, without the regexp for the usual first character (printable ASCII, not a space). */
function startsWithSpace(text: string): boolean {
  const c = text.charCodeAt(0);
  return c > 32 && c < 127 ? false : /^\s/u.test(text);
}

export function formatCell(cell: FluxCell, type: ColumnType): string {
  if (cell === null || cell === undefined) return '';
  switch (type) {
    case 'float': return formatFloat(Number(cell));
    case 'time': return typeof cell === 'bigint' ? formatTimeRFC3339Nano(cell) : String(cell);
    case 'bool': return cell ? 'true' : 'false';
    default: return String(cell);
  }
}

function sameSchema(a: FluxTable, b: FluxTable): boolean {
  return a.columns.length === b.columns.length
    && a.columns.every((c, i) => c.label === b.columns[i]!.label && c.type === b.columns[i]!.type && c.group === b.columns[i]!.group);
}

export function encodeAnnotatedCsv(results: FluxResult[], dialect: CsvDialect = {}): string {
  const delimiter = dialect.delimiter ?? ',';
  const header = dialect.header ?? true;
  const annotations = dialect.annotations ?? [];
  const withDefault = annotations.includes('default');
  const line = (cells: string[]) => cells.map((c) => field(c, delimiter)).join(delimiter) + CRLF;
  let out = '';
  for (const result of results) {
    if (result.tables.length === 0) continue;
    let previous: FluxTable | undefined;
    result.tables.forEach((t, id) => {
      const empty = t.rows.length === 0;
      if (!previous || !sameSchema(previous, t) || (empty && withDefault)) {
        if (previous) out += CRLF;
        for (const a of annotations) {
          if (a === 'datatype') out += line(['#datatype', 'string', 'long', ...t.columns.map((c) => DATATYPE[c.type])]);
          else if (a === 'group') out += line(['#group', 'false', 'false', ...t.columns.map((c) => String(c.group))]);
          else {
            // Empty tables carry their table id and group-key values here, having no rows to show them.
            const cells = t.columns.map((c, i) => (empty && c.group ? formatCell(t.groupValues?.[i] ?? null, c.type) : ''));
            out += line(['#default', result.name, empty ? String(id) : '', ...cells]);
          }
        }
        if (header) out += line(['', 'result', 'table', ...t.columns.map((c) => c.label)]);
      }
      // As line([...]) per row, without the arrays: the first three cells are the table's.
      const lead = [field('', delimiter), field(withDefault ? '' : result.name, delimiter), field(String(id), delimiter)].join(delimiter);
      for (const row of t.rows) {
        let text = lead;
        for (let i = 0; i < t.columns.length; i++) text += delimiter + field(formatCell(row[i] as FluxCell, t.columns[i]!.type), delimiter);
        out += text + CRLF;
      }
      previous = t;
    });
    out += CRLF;
  }
  return out === '' ? CRLF : out;
}
