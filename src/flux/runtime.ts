/**
 * The Flux runtime's entry points for the server: run a script (runFlux), and read facts from a
 * script without running it (referencedSecretKeys, readTaskOptions).
 *
 * A run parses, evaluates with the standard library, and returns the yielded tables with every
 * secret masked. Errors come back as StrongroomError with InfluxDB's codes and message forms,
 * scrubbed of the secret values read during the run.
 */
import type { File } from './ast.js';
import { parse } from './parser.js';
import { syntaxErrorsAndDepth } from './syntax-errors.js';
import { StrongroomError } from '../errors.js';
import type { SecretReader } from './interpreter/context.js';
import { RunContext } from './interpreter/context.js';
import { Evaluator } from './interpreter/evaluator.js';
import { toFluxError } from './interpreter/errors.js';
import { jsonToValue } from './interpreter/json-values.js';
import { record } from './interpreter/values.js';
import { outputResults } from './interpreter/output.js';
import { PREDEFINED_NAMES, loadPackage, universeScope } from './stdlib/index.js';
import { compileErrorMessage } from './analysis/check.js';
import { createScrubber } from './scrub.js';
import { MAX_TREE_DEPTH, NESTED_TOO_DEEP_MESSAGE } from './analysis/depth.js';
import type { FluxResult } from './types.js';

export type { SecretReader } from './interpreter/context.js';
export type { ColumnType, FluxCell, FluxColumn, FluxResult, FluxTable } from './types.js';
export { referencedSecretKeys } from './analysis/secret-keys.js';
export { readTaskOptions } from './analysis/task-options.js';
export type { TaskOptions } from './analysis/task-options.js';

export interface FluxRunOptions {
  secrets: SecretReader;
  /** The value of `now()`; default: the current time. */
  now?: Date;
  /** The `params` record of invokable scripts (JSON values). */
  params?: Record<string, unknown>;
  /** sqlite3 databases are confined to this directory (plus ":memory:"). */
  sqliteDir: string;
  /** Wall-clock budget for the run; default 30 s. */
  timeoutMs?: number;
  /** Deepest nesting of function calls; default 1000. */
  maxCallDepth?: number;
  /** Most table rows (and array items) a run may create; default 1,000,000. */
  maxRows?: number;
  signal?: AbortSignal;
  /** Receives display() output, already masked and scrubbed. */
  onLog?: (line: string) => void;
}

export interface FluxRunOutcome {
  results: FluxResult[];
  /** Keys read with secrets.get during the run, in first-read order. */
  secretKeysRead: string[];
}

export const DEFAULT_LIMITS = { timeoutMs: 30_000, maxCallDepth: 1000, maxRows: 1_000_000 } as const;

/** `compilation failed: error @2:5-2:6: ...; error @...`: every syntax error at once. */
export function syntaxErrorMessage(file: File): string | undefined {
  const { errors, depth } = syntaxErrorsAndDepth(file);
  // A tree too deep to evaluate or walk recursively is refused here, where every consumer looks.
  if (errors.length === 0) return depth > MAX_TREE_DEPTH ? `compilation failed: ${NESTED_TOO_DEEP_MESSAGE}` : undefined;
  // Hostile input can hold hundreds of thousands of errors; the message names the first ones.
  const shown = errors.slice(0, MAX_REPORTED_SYNTAX_ERRORS).map((e) => `error @${e.line}:${e.column}: ${e.message}`);
  const more = errors.length - shown.length;
  return `compilation failed: ${shown.join('; ')}${more > 0 ? `; and ${more} more errors` : ''}`;
}

/** Most syntax errors one message lists (an 800 KB script produced a 6 MB message). */
export const MAX_REPORTED_SYNTAX_ERRORS = 100;

export async function runFlux(source: string, options: FluxRunOptions): Promise<FluxRunOutcome> {
  const file = parse(source);
  const syntax = syntaxErrorMessage(file);
  if (syntax) throw new StrongroomError('invalid', syntax);
  const compile = compileErrorMessage(file, PREDEFINED_NAMES);
  if (compile) throw new StrongroomError('invalid', compile);

  const now = options.now ?? new Date();
  // display() masks tainted values itself; the scrubber catches anything it could not see.
  const log = (line: string) => options.onLog?.(createScrubber(run.secretValues)(line));
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  const run: RunContext = new RunContext(
    options.secrets,
    {
      deadline: Date.now() + timeoutMs,
      timeoutMs,
      maxCallDepth: options.maxCallDepth ?? DEFAULT_LIMITS.maxCallDepth,
      maxRows: options.maxRows ?? DEFAULT_LIMITS.maxRows,
    },
    options.sqliteDir,
    BigInt(now.getTime()) * 1_000_000n,
    log,
    options.signal,
  );

  const universe = universeScope();
  universe.define('params', options.params ? jsonToValue(options.params) : record([]));
  const evaluator = new Evaluator(run, (path) => loadPackage(path));
  try {
    const outcome = await evaluator.evalFile(file, universe);
    if (run.results.length === 0 && outcome.lastStream) run.results.push({ name: '_result', stream: outcome.lastStream });
    const scrub = createScrubber(run.secretValues);
    return { results: outputResults(run.results, scrub), secretKeysRead: [...run.secretKeysRead] };
  } catch (e) {
    const err = toFluxError(e);
    const scrub = createScrubber(run.secretValues);
    throw new StrongroomError(err.code, scrub(err.message));
  }
}
