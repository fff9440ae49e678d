/**
 * A task's settings live in its script, in `option task = {...}`, as in InfluxDB: they are read
 * from the AST without running the script, and a PATCH of name/every/cron/offset rewrites that
 * statement in the source (other fields and the rest of the script are kept byte for byte).
 */
import type { File, ObjectExpression, OptionStatement, SourceLocation } from '../flux/ast.js';
import { parse } from '../flux/parser.js';
import { type TaskOptions, readTaskOptions, syntaxErrorMessage } from '../flux/runtime.js';
import { invalid } from '../errors.js';
import { checkCron } from './schedule.js';

export interface ParsedTask { file: File; options: TaskOptions }

/** Parses a task script and reads its options; 400 `invalid` with InfluxDB's wording when either fails. */
export function parseTaskScript(flux: string): ParsedTask {
  const file = parse(flux);
  const syntax = syntaxErrorMessage(file);
  if (syntax) throw invalid(syntax);
  const options = readTaskOptions(file);
  if (!options) throw invalid('invalid options: no task options defined; add option task = {name: "...", every: 1h}');
  if (options.cron !== undefined) checkCron(options.cron);
  return { file, options };
}

export interface OptionChanges { name?: string; every?: string; cron?: string; offset?: string }

const DURATION = /^-?(\d+(ns|us|µs|ms|s|m|h|d|w))+$/;

/** Byte offset of a 1-based line and byte column in `src`. */
function offsetOf(src: Buffer, pos: { line: number; column: number }): number {
  let line = 1;
  let i = 0;
  while (line < pos.line) {
    const nl = src.indexOf(0x0a, i);
    if (nl < 0) break;
    i = nl + 1;
    line++;
  }
  return i + pos.column - 1;
}

const sliceOf = (src: Buffer, loc: SourceLocation) => src.subarray(offsetOf(src, loc.start), offsetOf(src, loc.end)).toString('utf8');

/** Returns `flux` with its `option task` record updated; the result is checked like a new script. */
export function rewriteTaskOption(flux: string, changes: OptionChanges): string {
  const { file } = parseTaskScript(flux);
  for (const [label, v] of [['every', changes.every], ['offset', changes.offset]] as const) {
    if (v !== undefined && v !== '' && !DURATION.test(v)) throw invalid(`${label} ${JSON.stringify(v)} is not a duration such as "1h" or "10m"`);
  }
  if (changes.every && changes.cron) throw invalid('invalid options: must specify exactly one of either cron or every');
  const stmt = file.body.find((s): s is OptionStatement => s.type === 'OptionStatement' && s.assignment.type === 'VariableAssignment' && s.assignment.id.name === 'task')!;
  const record = (stmt.assignment as { init: ObjectExpression }).init;
  const src = Buffer.from(flux, 'utf8');
  const fields: [string, string][] = record.properties.map((p) => [
    p.key.type === 'Identifier' ? p.key.name : p.key.value,
    p.value ? sliceOf(src, p.value.location) : (p.key.type === 'Identifier' ? p.key.name : ''),
  ]);
  const set = (name: string, text: string | undefined) => {
    const i = fields.findIndex(([k]) => k === name);
    if (text === undefined) { if (i >= 0) fields.splice(i, 1); return; }
    if (i >= 0) fields[i] = [name, text];
    else fields.push([name, text]);
  };
  if (changes.name !== undefined) set('name', JSON.stringify(changes.name));
  if (changes.every) { set('every', changes.every); set('cron', undefined); }
  if (changes.cron) { set('cron', JSON.stringify(changes.cron)); set('every', undefined); }
  if (changes.offset !== undefined) set('offset', changes.offset === '' || /^-?0+[a-zµ]+$/.test(changes.offset) ? undefined : changes.offset);
  const text = `{${fields.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
  const start = offsetOf(src, record.location.start);
  const end = offsetOf(src, record.location.end);
  const rewritten = Buffer.concat([src.subarray(0, start), Buffer.from(text, 'utf8'), src.subarray(end)]).toString('utf8');
  parseTaskScript(rewritten);
  return rewritten;
}
