/**
 * Where the master key comes from: STRONGROOM_MASTER_KEY (base64 of 32 bytes), a key file, or —
 * for the embedded default only — a file created in the data dir on first start (mode 0600).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KEY_BYTES, newKey } from './aead.js';

export interface MasterKeySource {
  /** base64 of 32 bytes, from STRONGROOM_MASTER_KEY. */
  base64?: string;
  /** A file holding the key as base64 text. */
  file?: string;
  /** Where the embedded default lives when neither is given; undefined means "must be configured". */
  defaultFile?: string;
}

export interface LoadedMasterKey {
  key: Buffer;
  /** Human-readable description of where it came from (never the key). */
  origin: string;
  /** Set when the key was just generated. */
  created: boolean;
}

export class MasterKeyError extends Error {}

export function decodeMasterKey(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64').replace(/=+$/, '') !== trimmed.replace(/=+$/, '')) {
    throw new MasterKeyError(`master key from ${origin} must be the base64 encoding of exactly ${KEY_BYTES} bytes`);
  }
  return key;
}

export function writeMasterKeyFile(file: string, key: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
}

export function loadMasterKey(src: MasterKeySource): LoadedMasterKey {
  if (src.base64 !== undefined && src.base64 !== '') {
    return { key: decodeMasterKey(src.base64, 'STRONGROOM_MASTER_KEY'), origin: 'STRONGROOM_MASTER_KEY', created: false };
  }
  const file = src.file ?? src.defaultFile;
  if (!file) throw new MasterKeyError('no master key configured: set --master-key-file or STRONGROOM_MASTER_KEY');
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new MasterKeyError(`cannot read master key file ${file}: ${(e as Error).message}`);
    }
    return { key: decodeMasterKey(text, file), origin: file, created: false };
  }
  if (src.file) throw new MasterKeyError(`master key file ${file} does not exist`);
  const key = newKey();
  writeMasterKeyFile(file, key);
  return { key, origin: file, created: true };
}

export const DEFAULT_MASTER_KEY_FILE = 'master.key';
export const defaultMasterKeyPath = (dataDir: string) => join(dataDir, DEFAULT_MASTER_KEY_FILE);
