/**
 * Per-run state shared by the evaluator and the standard library: where secrets come from,
 * options, limits, yielded results and log output. One RunContext lives for one runFlux call.
 */
import type { SourceLocation } from '../ast.js';
import type { FunctionValue, StreamValue, Value } from './values.js';
import { LimitError } from './errors.js';

export interface SecretReader { get(key: string): Promise<string> }

export interface RunLimits {
  /** Wall-clock deadline in ms since the epoch. */
  deadline: number;
  /** The budget the deadline was computed from, for messages. */
  timeoutMs: number;
  maxCallDepth: number;
  /** Upper bound on table rows (and array items) created during the run. */
  maxRows: number;
}

export interface YieldedResult { name: string; stream: StreamValue }

/** What a builtin learns about the call being made. */
export interface CallSite {
  run: RunContext;
  location?: SourceLocation;
}

export class RunContext {
  readonly secretKeysRead = new Set<string>();
  /** Plain values read from the secret store during this run; used by the output scrubber. */
  readonly secretValues = new Set<string>();
  readonly results: YieldedResult[] = [];
  /** Options by qualified name: `now`, `task`, `http/requests.defaultConfig`. */
  readonly options = new Map<string, Value>();
  depth = 0;
  rows = 0;
  private ticks = 0;
  /**
   * Set by the evaluator: calls a Flux function value with named arguments. The answer is a
   * plain value when the function ran synchronously, so per-row callers can skip an await.
   */
  callFunction!: (fn: FunctionValue, args: Map<string, Value>, location?: SourceLocation) => Value | Promise<Value>;

  constructor(
    readonly secrets: SecretReader,
    readonly limits: RunLimits,
    readonly sqliteDir: string,
    readonly fallbackNow: bigint,
    readonly log: (line: string) => void,
    readonly signal?: AbortSignal,
  ) {}

  /** Called often by the evaluator; cheap except every 256th call. */
  checkpoint(): void {
    if ((++this.ticks & 255) !== 0) return;
    this.checkNow();
  }

  checkNow(): void {
    if (this.signal?.aborted) throw new LimitError('internal error', 'query canceled');
    if (Date.now() > this.limits.deadline) {
      throw this.timeLimitError();
    }
  }

  timeLimitError(): LimitError {
    return new LimitError('unprocessable entity', `query exceeded its time limit of ${this.limits.timeoutMs} ms`);
  }

  /** Counts rows (or array items) being created and stops runaway scripts. */
  addRows(n: number): void {
    this.rows += n;
    if (this.rows > this.limits.maxRows) {
      throw new LimitError('unprocessable entity', `query exceeded its limit of ${this.limits.maxRows} rows`);
    }
  }

  enter(): void {
    if (++this.depth > this.limits.maxCallDepth) {
      throw new LimitError('unprocessable entity', `query exceeded its call depth limit of ${this.limits.maxCallDepth}`);
    }
  }

  leave(): void {
    if (this.depth > 0) this.depth--;
  }

}
