import { invalid } from './errors.js';
import { pooledRandomHex } from './random.js';

/** Resource IDs are 16 lowercase hex characters (64 bits), as InfluxDB's. Never all zero. */
export type Id = string;

export function newId(): Id {
  for (;;) {
    // Every request gets an ID, and every write an audit ID: from the pool (src/random.ts).
    const id = pooledRandomHex(8);
    if (id !== '0000000000000000') return id;
  }
}

/**
 * Parses an ID from a URL or body the way InfluxDB does (hex, either case) and returns the
 * canonical lowercase form, or throws InfluxDB's `corrupt ID provided` errors.
 */
export function parseId(raw: string): Id {
  if (raw.length !== 16) throw invalid('corrupt ID provided: id must have a length of 16 bytes');
  if (!/^[0-9a-fA-F]{16}$/.test(raw) || /^0{16}$/.test(raw)) throw invalid('corrupt ID provided: invalid ID');
  return raw.toLowerCase();
}

export function isId(raw: unknown): raw is Id {
  return typeof raw === 'string' && /^[0-9a-f]{16}$/.test(raw) && raw !== '0000000000000000';
}
