/**
 * API tokens and session IDs: 64 random bytes, shown once, stored only as a SHA-256 hash.
 * A fast hash is right here because the input is high-entropy (nothing to brute-force), and it
 * lets a token be found by an indexed lookup; the final comparison is constant-time anyway.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(64).toString('base64url');
}

export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** A presented token's hash: `hex` (= hashToken) is the lookup key, `bytes` what digestMatches compares. */
export interface TokenDigest {
  bytes: Buffer;
  hex: string;
}

export function tokenDigest(token: string): TokenDigest {
  const bytes = hash('sha256', token, 'buffer') as unknown as Buffer;
  return { bytes, hex: bytes.toString('hex') };
}

/** A stored hash (hex, as hashToken makes it) as bytes, for digestMatches. */
export function storedDigest(storedHash: string): Buffer {
  return Buffer.from(storedHash, 'hex');
}

/** Whether `digest` (tokenDigest of the presented token) is `stored` (storedDigest of a row's hash), compared in constant time. */
export function digestMatches(digest: TokenDigest, stored: Buffer): boolean {
  return stored.length === digest.bytes.length && timingSafeEqual(digest.bytes, stored);
}

/** Whether `tokenHash` (hashToken of the presented token) is `storedHash`, compared in constant time. */
export function tokenHashMatches(tokenHash: string, storedHash: string): boolean {
  const a = Buffer.from(tokenHash, 'latin1');
  const b = Buffer.from(storedHash, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}
