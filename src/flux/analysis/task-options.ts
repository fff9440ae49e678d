/**
 * Reads `option task = {name, every | cron, offset, concurrency, retry}` from the AST without
 * running the script, as InfluxDB 2.x does (task/options FromScriptAST): values must be literals.
 */
import type { Expression, File, ObjectExpression } from '../ast.js';
import { StrongroomError } from '../../errors.js';
import { durationFromParts, formatDuration } from '../interpreter/time.js';

export interface TaskOptions {
  name: string;
  /** Normalised duration text, e.g. "1h"; exactly one of every and cron is set. */
  every?: string;
  everyNs?: bigint;
  cron?: string;
  /** Normalised duration text; may be negative. */
  offset?: string;
  offsetNs?: bigint;
  concurrency: number;
  retry: number;
}

const SECOND = 1_000_000_000n;

function durationOf(e: Expression, label: string, problems: string[]): { text: string; ns: bigint } | undefined {
  let negative = false;
  let node = e;
  if (node.type === 'UnaryExpression' && node.operator === '-') { negative = true; node = node.argument; }
  if (node.type !== 'DurationLiteral') { problems.push(`${label} must be a duration literal`); return undefined; }
  const d = durationFromParts(node.values, negative);
  if (d.months !== 0n) { problems.push(`${label} must not use months or years`); return undefined; }
  return { text: formatDuration(d), ns: d.negative ? -d.nanos : d.nanos };
}

/** The task options of a script; null when it has no `option task`. Throws 'invalid' when malformed. */
export function readTaskOptions(file: File): TaskOptions | null {
  const stmts = file.body.filter(
    (s) => s.type === 'OptionStatement' && s.assignment.type === 'VariableAssignment' && s.assignment.id.name === 'task',
  );
  if (stmts.length === 0) return null;
  if (stmts.length > 1) throw new StrongroomError('invalid', 'invalid options: multiple task options defined');
  const stmt = stmts[0]!;
  const init = stmt.type === 'OptionStatement' ? stmt.assignment.init : undefined;
  if (!init || init.type !== 'ObjectExpression') throw new StrongroomError('invalid', 'invalid options: option task must be a record literal');
  const problems: string[] = [];
  const fields = new Map((init as ObjectExpression).properties.map((p) => [p.key.type === 'Identifier' ? p.key.name : p.key.value, p.value] as const));
  const opts: TaskOptions = { name: '', concurrency: 1, retry: 1 };

  const name = fields.get('name');
  if (!name) problems.push('name required');
  else if (name.type !== 'StringLiteral') problems.push('name must be a string literal');
  else opts.name = name.value;

  const every = fields.get('every');
  const cron = fields.get('cron');
  if ((every ? 1 : 0) + (cron ? 1 : 0) !== 1) problems.push('must specify exactly one of either cron or every');
  if (every) {
    const d = durationOf(every, 'every', problems);
    if (d) {
      if (d.ns < SECOND) problems.push('every option must be at least 1 second');
      else if (d.ns % SECOND !== 0n) problems.push('every option must be expressible as whole seconds');
      else { opts.every = d.text; opts.everyNs = d.ns; }
    }
  }
  if (cron) {
    if (cron.type !== 'StringLiteral') problems.push('cron must be a string literal');
    else opts.cron = cron.value;
  }
  const offset = fields.get('offset');
  if (offset) {
    const d = durationOf(offset, 'offset', problems);
    if (d) {
      if (d.ns % SECOND !== 0n) problems.push('offset option must be expressible as whole seconds');
      else { opts.offset = d.text; opts.offsetNs = d.ns; }
    }
  }
  for (const [label, max] of [['concurrency', 100], ['retry', 10]] as const) {
    const v = fields.get(label);
    if (!v) continue;
    if (v.type !== 'IntegerLiteral' || Number(v.value) < 1 || Number(v.value) > max) problems.push(`${label} must be an integer from 1 to ${max}`);
    else opts[label] = Number(v.value);
  }
  if (problems.length > 0) throw new StrongroomError('invalid', `invalid options: ${problems.join(', ')}`);
  return opts;
}
