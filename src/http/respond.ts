/**
 * Response encoding as InfluxDB's API does it: JSON pretty-printed with tabs, and errors as
 * `{"code","message"}` with the `X-Platform-Error-Code` header.
 */
import type { FastifyReply } from 'fastify';
import { type ErrorCode, StrongroomError, statusForCode } from '../errors.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

export function encodeJson(value: unknown): string {
  return JSON.stringify(value, null, '\t');
}

export function sendJson(reply: FastifyReply, status: number, value: unknown): FastifyReply {
  return reply.code(status).type(JSON_TYPE).send(encodeJson(value));
}

export function errorBody(code: ErrorCode, message: string, compact = false): string {
  const body = { code, message };
  return compact ? JSON.stringify(body) : encodeJson(body);
}

export function sendError(reply: FastifyReply, err: StrongroomError, compact = false): FastifyReply {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.code(statusForCode(err.code)).header('X-Platform-Error-Code', err.code).type(JSON_TYPE).send(errorBody(err.code, err.message, compact));
}

/** Maps Fastify's own errors (body too large, bad URL, ...) to InfluxDB codes. */
export function fromFrameworkError(err: { code?: string; statusCode?: number; message: string }): StrongroomError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new StrongroomError('request too large', 'request body is larger than the configured limit');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new StrongroomError('invalid', 'a path parameter is longer than the server accepts');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_VALIDATION':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new StrongroomError('invalid', err.message);
    default:
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
        return new StrongroomError(err.statusCode === 413 ? 'request too large' : err.statusCode === 415 ? 'unsupported media type' : 'invalid', err.message);
      }
      return undefined;
  }
}
