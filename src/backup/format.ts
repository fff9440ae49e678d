/**
 * The backup file: JSON lines, the same for both backends, so a backup of SQLite restores into
 * PostgreSQL and back.
 *   {"format":"strongroom-backup","version":1,"createdAt":...,"source":"sqlite","migrations":[...]}
 *   {"table":"orgs","row":{...}}                      one line per row, tables in dependency order
 *   {"end":true,"rows":{"orgs":2,...}}                counts; a file without it is truncated
 * Binary columns (ciphertexts, wrapped keys) are {"$b64":"..."}. Nothing in the file is a
 * plaintext secret value: it holds what storage holds, and is useless without the master key.
 */
export const BACKUP_FORMAT = 'strongroom-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader { format: typeof BACKUP_FORMAT; version: number; createdAt: string; source: 'sqlite' | 'postgres'; migrations: string[] }
export interface BackupEnd { end: true; rows: Record<string, number> }

export class BackupFormatError extends Error {}

export function encodeValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { $b64: v.toString('base64') };
  if (v instanceof Uint8Array) return { $b64: Buffer.from(v).toString('base64') };
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  return v;
}

export function decodeValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$b64' && typeof (v as { $b64: unknown }).$b64 === 'string') return Buffer.from((v as { $b64: string }).$b64, 'base64');
  }
  return v;
}

export function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = encodeValue(v);
  return out;
}

export function decodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = decodeValue(v);
  return out;
}

export function parseHeader(line: string | undefined, file: string): BackupHeader {
  let h: Partial<BackupHeader>;
  try {
    h = JSON.parse(line ?? '') as Partial<BackupHeader>;
  } catch {
    throw new BackupFormatError(`${file} is not a Strongroom backup (its first line is not JSON)`);
  }
  if (h.format !== BACKUP_FORMAT) throw new BackupFormatError(`${file} is not a Strongroom backup (format ${JSON.stringify(h.format)})`);
  if (h.version !== BACKUP_VERSION) throw new BackupFormatError(`${file} is a version ${h.version} backup; this Strongroom reads version ${BACKUP_VERSION}`);
  if (!Array.isArray(h.migrations) || (h.source !== 'sqlite' && h.source !== 'postgres')) throw new BackupFormatError(`${file} has a malformed header`);
  return h as BackupHeader;
}
