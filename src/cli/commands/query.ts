/**
 * `strongroom query 'SCRIPT'` (or `-f file.flux`, or stdin), as `influx query`: results as
 * tables, or `--raw` annotated CSV.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type GlobalFlags, clientOf, orgQuery, run, withGlobals } from '../globals.js';
import { readStdin } from '../prompt.js';

interface QueryFlags extends GlobalFlags { file?: string; raw?: boolean }

/** Splits annotated CSV (CRLF, quoted fields) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

/** Prints each table of annotated CSV as an aligned block, like `influx query`. */
export function printTables(csv: string, write: (s: string) => void): void {
  let header: string[] | undefined;
  let groupFlags: string[] = [];
  let block: string[][] = [];
  let currentTable = '';
  const flush = () => {
    if (!header || block.length === 0) return;
    const cols = header.slice(3);
    const widths = cols.map((h, i) => Math.max(h.length, ...block.map((r) => (r[i + 3] ?? '').length)));
    const groupKey = cols.filter((_, i) => groupFlags[i + 3] === 'true').map((c) => `${c}=${block[0]![header!.indexOf(c)]}`).join(',');
    write(`Result: ${block[0]![1] || '_result'}\nTable: keys: [${groupKey}]\n`);
    write(cols.map((c, i) => c.padStart(widths[i]!)).join('  ') + '\n');
    write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
    for (const r of block) write(cols.map((_, i) => (r[i + 3] ?? '').padStart(widths[i]!)).join('  ') + '\n');
    write('\n');
    block = [];
  };
  let defaultResult = '';
  for (const r of parseCsv(csv)) {
    if (r.length === 1 && r[0] === '') { flush(); header = undefined; continue; }
    if (r[0] === '#group') { groupFlags = r; continue; }
    if (r[0] === '#default') { defaultResult = r[1] ?? ''; continue; }
    if (r[0]?.startsWith('#')) continue;
    if (r[1] === 'result' && r[2] === 'table') { flush(); header = r; continue; }
    if (!header) continue;
    if (r[2] !== currentTable) { flush(); currentTable = r[2] ?? ''; }
    block.push(r[1] === '' ? [r[0]!, defaultResult, ...r.slice(2)] : r);
  }
  flush();
}

export function registerQueryCommand(program: Command): void {
  withGlobals(program.command('query').description('run a Flux script (argument, -f file, or stdin)').argument('[script]', 'Flux source'))
    .option('-f, --file <file>', 'read the script from a file')
    .option('-r, --raw', 'print annotated CSV as the server sent it')
    .action(run(async (script: string | undefined, f: QueryFlags) => {
      const source = script ?? (f.file ? readFileSync(f.file, 'utf8') : await readStdin());
      const org = orgQuery(f);
      if (Object.keys(org).length === 0) throw new Error('must specify org ID or org name');
      const { text } = await clientOf(f).request('POST', `/api/v2/query?${new URLSearchParams(org)}`, { query: source, type: 'flux', dialect: { annotations: ['datatype', 'group', 'default'] } });
      if (f.raw) process.stdout.write(text);
      else printTables(text, (s) => process.stdout.write(s));
    }));
}
