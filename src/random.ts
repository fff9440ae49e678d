/**
 * Small random values (IDs, AES-GCM nonces) cut from a buffer of CSPRNG output refilled 4 KiB at
 * a time: one `randomBytes(8)` call cost more than the rest of making an ID, and every request
 * makes one. The bytes are the same CSPRNG's; each caller gets its own copy, and no byte is
 * handed out twice.
 */
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let offset = pool.length;

/** Reserves `n` unused bytes of the pool (refilling it first if needed); returns where they start. */
function take(n: number): number {
  if (n > 256) throw new RangeError('the random pool is for small values');
  if (offset + n > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += n;
  return offset - n;
}

/** Overwrites bytes once handed out, so the pool never holds a copy of a value in use. */
const forget = (start: number, n: number) => pool.fill(0, start, start + n);

/** `n` (≤ 256) fresh random bytes. */
export function pooledRandomBytes(n: number): Buffer {
  const start = take(n);
  const out = Buffer.from(pool.subarray(start, start + n));
  forget(start, n);
  return out;
}

/** `n` (≤ 256) fresh random bytes as lowercase hex. */
export function pooledRandomHex(n: number): string {
  const start = take(n);
  const out = pool.toString('hex', start, start + n);
  forget(start, n);
  return out;
}
