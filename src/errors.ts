/**
 * The one error type of Strongroom. Codes are InfluxDB's closed set; the HTTP layer maps a code
 * to a status with `statusForCode` and renders `{"code","message"}`. Messages are written in the
 * caller's terms and must never contain a secret value.
 */
export type ErrorCode =
  | 'internal error'
  | 'not implemented'
  | 'not found'
  | 'conflict'
  | 'invalid'
  | 'unprocessable entity'
  | 'empty value'
  | 'unavailable'
  | 'forbidden'
  | 'too many requests'
  | 'unauthorized'
  | 'method not allowed'
  | 'request too large'
  | 'unsupported media type';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  'internal error': 500,
  'not implemented': 501,
  'not found': 404,
  conflict: 422,
  invalid: 400,
  'unprocessable entity': 422,
  'empty value': 400,
  unavailable: 503,
  forbidden: 403,
  'too many requests': 429,
  unauthorized: 401,
  'method not allowed': 405,
  'request too large': 413,
  'unsupported media type': 415,
};

export function statusForCode(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

export class StrongroomError extends Error {
  readonly code: ErrorCode;
  /** Extra response headers (for example Retry-After on 429). */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; headers?: Record<string, string> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StrongroomError';
    this.code = code;
    this.headers = options?.headers ?? {};
  }
}

export const notFound = (message = 'not found') => new StrongroomError('not found', message);
export const invalid = (message: string) => new StrongroomError('invalid', message);
export const unauthorized = (message = 'unauthorized access') => new StrongroomError('unauthorized', message);
export const forbidden = (message: string) => new StrongroomError('forbidden', message);
export const conflict = (message: string) => new StrongroomError('conflict', message);

export function isStrongroomError(e: unknown): e is StrongroomError {
  return e instanceof StrongroomError;
}
