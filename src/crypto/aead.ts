/**
 * AES-256-GCM with a random 96-bit nonce: the one primitive every sealed byte goes through.
 * Layout: nonce (12) ‖ ciphertext ‖ tag (16). Associated data binds a ciphertext to where it
 * belongs; opening with other associated data, a flipped bit or another key throws.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { pooledRandomBytes } from '../random.js';

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  constructor(what: string) {
    super(`${what}: authentication failed (wrong key, tampered or moved ciphertext)`);
    this.name = 'DecryptionError';
  }
}

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = pooledRandomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

export function open(key: Buffer, sealed: Buffer, aad: Buffer, what: string): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError(what);
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new DecryptionError(what);
  }
}

export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}
