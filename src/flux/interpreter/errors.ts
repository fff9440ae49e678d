/**
 * Errors raised while a Flux script runs. They carry an InfluxDB error code so the query API
 * can answer with the same status InfluxDB would (secret not found -> 404, unauthorized -> 401,
 * a type error -> 400). Messages are built in Flux's own forms, e.g.
 * `error calling function "get" @3:8-3:35: secret not found`.
 */
import type { ErrorCode } from '../../errors.js';
import { StrongroomError } from '../../errors.js';
import type { SourceLocation } from '../ast.js';

export class FluxError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FluxError';
    this.code = code;
  }
}

/** `3:8-3:35`, the position form Flux prints after `@`. */
export function formatLocation(loc: SourceLocation | undefined): string {
  if (!loc) return '?';
  return `${loc.start.line}:${loc.start.column}-${loc.end.line}:${loc.end.column}`;
}

/** A type or usage error: InfluxDB reports these as `invalid`. */
export const typeError = (message: string) => new FluxError('invalid', message);

/** An error at a source position that is not a function call (operators, lookups). */
export function atLocation(err: unknown, loc: SourceLocation | undefined): FluxError {
  const inner = toFluxError(err);
  return new FluxError(inner.code, `error @${formatLocation(loc)}: ${inner.message}`, { cause: inner });
}

/** Wraps an error raised inside a call the way Flux's interpreter does, keeping the inner code. */
export function callError(fname: string, loc: SourceLocation | undefined, err: unknown): FluxError {
  const inner = toFluxError(err);
  if (inner instanceof LimitError) return inner; // limits name themselves; no call chain needed
  return new FluxError(inner.code, `error calling function "${fname}" @${formatLocation(loc)}: ${inner.message}`, { cause: inner });
}

/** A run that hit one of its limits (time, depth, rows) or was cancelled. */
export class LimitError extends FluxError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
    this.name = 'LimitError';
  }
}

/** Normalises anything thrown (driver errors, StrongroomError from the secret store) to FluxError. */
export function toFluxError(err: unknown): FluxError {
  if (err instanceof FluxError) return err;
  if (err instanceof StrongroomError) return new FluxError(err.code, err.message, { cause: err });
  if (err instanceof Error) return new FluxError('internal error', err.message || String(err), { cause: err });
  return new FluxError('internal error', String(err));
}
