/**
 * API tokens and session IDs: 64 random bytes, shown once, stored only as a SHA-256 hash.
 * A fast hash is right here because the input is high-entropy (nothing to brute-force), and it
 * lets a token be found by an indexed lookup; the final comparison is constant-time anyway.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(64).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenHashMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
