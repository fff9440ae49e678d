import { invalid } from './errors.js';
import { pooledRandomBytes, pooledRandomHex } from './random.js';

/** Resource IDs are 16 lowercase hex characters (64 bits), as InfluxDB's. Never all zero. */
export type Id = string;

export function newId(): Id {
  for (;;) {
    // Every request gets an ID, and every write an audit ID: from the pool (src/random.ts).
    const id = pooledRandomHex(8);
    if (id !== '0000000000000000') return id;
  }
}

const COUNTER_BITS = 20;
let orderedMs = 0;
let orderedCounter = 0;

/**
 * IDs of records that are only ever appended (audit events), in the same 16-hex form: the time
 * in milliseconds (11 hex digits, good until the year 2527), then a 20-bit counter that starts at
 * a random point each millisecond. A unique index over random IDs puts every insert on a random
 * page, which COMMIT must write to the WAL and a checkpoint copy again (half of the pages a
 * secret write dirtied); over time-ordered IDs the inserts of a batch share the index's last
 * pages. Strictly increasing within a process, even if the clock steps back. Two processes
 * (instances sharing PostgreSQL) can meet on an ID only in the same millisecond; inserts use
 * ON CONFLICT DO NOTHING and draw the next ID (src/audit/log.ts).
 */
export function newOrderedId(now = Date.now()): Id {
  if (now > orderedMs) {
    orderedMs = now;
    // The lower half, so a millisecond always has room for 2^19 more.
    orderedCounter = pooledRandomBytes(4).readUInt32BE(0) >>> (32 - COUNTER_BITS + 1);
  } else if (++orderedCounter >= 1 << COUNTER_BITS) {
    orderedMs++;
    orderedCounter = 0;
  }
  return orderedMs.toString(16).padStart(11, '0') + orderedCounter.toString(16).padStart(5, '0');
}

/** 16 hex digits, not all zero (the zero ID is invalid, as in InfluxDB). */
const ID_TEXT = /^(?!0{16})[0-9a-fA-F]{16}$/;

/**
 * Parses an ID from a URL or body the way InfluxDB does (hex, either case) and returns the
 * canonical lowercase form, or throws InfluxDB's `corrupt ID provided` errors.
 */
export function parseId(raw: string): Id {
  if (raw.length !== 16) throw invalid('corrupt ID provided: id must have a length of 16 bytes');
  if (!ID_TEXT.test(raw)) throw invalid('corrupt ID provided: invalid ID');
  return raw.toLowerCase();
}

export function isId(raw: unknown): raw is Id {
  return typeof raw === 'string' && /^[0-9a-f]{16}$/.test(raw) && raw !== '0000000000000000';
}
