import { StrongroomError, invalid } from '../errors.js';

/** Org and user names: 1–255 characters, no control characters, trimmed. */
export function checkName(what: 'org' | 'user', raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new StrongroomError('empty value', `${what} name is required`);
  }
  if (raw.length > 255) throw invalid(`${what} name must be at most 255 characters`);
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw invalid(`${what} name must not contain control characters`);
  return raw.trim();
}
