/** The pooled CSPRNG bytes behind IDs and nonces: never handed out twice, never all the same. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newKey, seal } from '../../src/crypto/aead.js';
import { newId } from '../../src/ids.js';
import { pooledRandomBytes, pooledRandomHex } from '../../src/random.js';

test('200,000 IDs across many pool refills are distinct', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 200_000; i++) ids.add(newId());
  assert.equal(ids.size, 200_000);
  for (const id of [...ids].slice(0, 1000)) assert.match(id, /^[0-9a-f]{16}$/);
});

test('AES-GCM nonces of 100,000 seals are distinct', () => {
  const key = newKey();
  const nonces = new Set<string>();
  for (let i = 0; i < 100_000; i++) nonces.add(seal(key, Buffer.from('v'), Buffer.from('aad')).subarray(0, 12).toString('hex'));
  assert.equal(nonces.size, 100_000);
});

test('pooled bytes are copies: changing one leaves the next draws alone, and sizes are honoured', () => {
  const a = pooledRandomBytes(32);
  a.fill(0);
  const b = pooledRandomBytes(32);
  assert.equal(b.length, 32);
  assert.notDeepEqual(b, Buffer.alloc(32), '32 zero bytes from a CSPRNG: practically impossible');
  assert.equal(pooledRandomHex(8).length, 16);
  assert.throws(() => pooledRandomBytes(257), RangeError);
});
