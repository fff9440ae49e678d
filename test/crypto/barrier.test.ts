import assert from 'node:assert/strict';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { newKey } from '../../src/crypto/aead.js';
import { Barrier, WrongMasterKeyError } from '../../src/crypto/barrier.js';
import { MasterKeyError, loadMasterKey } from '../../src/crypto/master-key.js';
import { type StorageHandle, openStorage } from '../../src/storage/database.js';
import { stores } from '../../src/storage/stores.js';
import { tempDir } from '../helpers/server.js';

let storage: StorageHandle;
let dir: string;
const NOW = '2026-01-01T00:00:00.000Z';
const write = <T>(job: Parameters<StorageHandle['writes']['write']>[0]) => storage.writes.write(job) as Promise<T>;

before(async () => {
  dir = tempDir();
  storage = await openStorage({ kind: 'sqlite', dataDir: dir });
  await write((tx) => stores.orgs.insert(tx, { id: '0000000000000001', name: 'one', description: '', createdAt: NOW, updatedAt: NOW }));
  await write((tx) => stores.orgs.insert(tx, { id: '0000000000000002', name: 'two', description: '', createdAt: NOW, updatedAt: NOW }));
});
after(async () => { await storage.close(); rmSync(dir, { recursive: true, force: true }); });

test('round trip, and the ciphertext does not contain the plaintext', async () => {
  const barrier = await Barrier.unseal(newKey(), stores, storage.db, (j) => storage.writes.write(j));
  const sealed = await write<Buffer>((tx) => barrier.sealValue(tx, '0000000000000001', 'PG_PASS', 'hunter2-canary'));
  assert.ok(!sealed.includes(Buffer.from('hunter2-canary')));
  assert.equal(await barrier.openValue(storage.db, '0000000000000001', 'PG_PASS', sealed), 'hunter2-canary');
  assert.equal(await barrier.openValue(storage.db, '0000000000000001', 'PG_PASS', await write<Buffer>((tx) => barrier.sealValue(tx, '0000000000000001', 'PG_PASS', ''))), '');
});

test('a flipped bit anywhere fails loudly', async () => {
  const masterKey = newKey();
  const dir2 = tempDir();
  const s2 = await openStorage({ kind: 'sqlite', dataDir: dir2 });
  try {
    await s2.writes.write((tx) => stores.orgs.insert(tx, { id: '0000000000000001', name: 'one', description: '', createdAt: NOW, updatedAt: NOW }));
    const barrier = await Barrier.unseal(masterKey, stores, s2.db, (j) => s2.writes.write(j));
    const sealed = await s2.writes.write((tx) => barrier.sealValue(tx, '0000000000000001', 'k', 'value'));
    for (const i of [0, 3, 7, 20, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[i]! ^= 0x01;
      await assert.rejects(barrier.openValue(s2.db, '0000000000000001', 'k', bad), /authentication failed|no data key term/);
    }
  } finally {
    await s2.close();
    rmSync(dir2, { recursive: true, force: true });
  }
});

test('a ciphertext moved to another key or org fails to open', async () => {
  const dir3 = tempDir();
  const s3 = await openStorage({ kind: 'sqlite', dataDir: dir3 });
  try {
    for (const id of ['0000000000000001', '0000000000000002']) await s3.writes.write((tx) => stores.orgs.insert(tx, { id, name: id, description: '', createdAt: NOW, updatedAt: NOW }));
    const barrier = await Barrier.unseal(newKey(), stores, s3.db, (j) => s3.writes.write(j));
    await s3.writes.write((tx) => barrier.createOrgKey(tx, '0000000000000002'));
    const sealed = await s3.writes.write((tx) => barrier.sealValue(tx, '0000000000000001', 'A', 'value'));
    await assert.rejects(barrier.openValue(s3.db, '0000000000000001', 'B', sealed), /authentication failed/);
    await assert.rejects(barrier.openValue(s3.db, '0000000000000002', 'A', sealed), /authentication failed/);
  } finally {
    await s3.close();
    rmSync(dir3, { recursive: true, force: true });
  }
});

test('a wrong master key is refused at unseal', async () => {
  const dir4 = tempDir();
  const s4 = await openStorage({ kind: 'sqlite', dataDir: dir4 });
  try {
    await Barrier.unseal(newKey(), stores, s4.db, (j) => s4.writes.write(j));
    await assert.rejects(Barrier.unseal(newKey(), stores, s4.db, (j) => s4.writes.write(j)), WrongMasterKeyError);
  } finally {
    await s4.close();
    rmSync(dir4, { recursive: true, force: true });
  }
});

test('rotation adds a term for new writes while old ciphertexts stay readable; rewrap switches the master key', async () => {
  const dir5 = tempDir();
  const s5 = await openStorage({ kind: 'sqlite', dataDir: dir5 });
  try {
    await s5.writes.write((tx) => stores.orgs.insert(tx, { id: '0000000000000001', name: 'one', description: '', createdAt: NOW, updatedAt: NOW }));
    const oldKey = newKey();
    const barrier = await Barrier.unseal(oldKey, stores, s5.db, (j) => s5.writes.write(j));
    const before = await s5.writes.write((tx) => barrier.sealValue(tx, '0000000000000001', 'k', 'old'));
    await s5.writes.write((tx) => barrier.rotateDataKeys(tx, ['0000000000000001']));
    const afterRotate = await s5.writes.write((tx) => barrier.sealValue(tx, '0000000000000001', 'k', 'new'));
    assert.equal(before.readUInt32BE(1), 1);
    assert.equal(afterRotate.readUInt32BE(1), 2);
    const newMaster = newKey();
    await s5.writes.write((tx) => barrier.rewrapAll(tx, newMaster));
    barrier.useMasterKey(newMaster);
    await assert.rejects(Barrier.unseal(oldKey, stores, s5.db, (j) => s5.writes.write(j)), WrongMasterKeyError);
    const reopened = await Barrier.unseal(newMaster, stores, s5.db, (j) => s5.writes.write(j));
    assert.equal(await reopened.openValue(s5.db, '0000000000000001', 'k', before), 'old');
    assert.equal(await reopened.openValue(s5.db, '0000000000000001', 'k', afterRotate), 'new');
  } finally {
    await s5.close();
    rmSync(dir5, { recursive: true, force: true });
  }
});

test('master key file: created with mode 0600 when absent; malformed keys are refused', () => {
  const d = tempDir();
  try {
    const created = loadMasterKey({ defaultFile: join(d, 'master.key') });
    assert.equal(created.created, true);
    assert.equal(statSync(join(d, 'master.key')).mode & 0o777, 0o600);
    assert.deepEqual(loadMasterKey({ defaultFile: join(d, 'master.key') }).key, created.key);
    assert.throws(() => loadMasterKey({ base64: 'dG9vIHNob3J0' }), MasterKeyError);
    assert.throws(() => loadMasterKey({ file: join(d, 'missing.key') }), MasterKeyError);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

/** A fresh store with one org (term 1 made), and barriers on it as separate processes would have. */
async function withOneOrg(body: (s: StorageHandle, unseal: () => Promise<Barrier>, org: string) => Promise<void>): Promise<void> {
  const masterKey = newKey();
  const d = tempDir();
  const s = await openStorage({ kind: 'sqlite', dataDir: d });
  const org = '0000000000000001';
  try {
    await s.writes.write((tx) => stores.orgs.insert(tx, { id: org, name: 'one', description: '', createdAt: NOW, updatedAt: NOW }));
    const unseal = () => Barrier.unseal(masterKey, stores, s.db, (j) => s.writes.write(j));
    const first = await unseal();
    await s.writes.write((tx) => first.createOrgKey(tx, org));
    await body(s, unseal, org);
  } finally {
    await s.close();
    rmSync(d, { recursive: true, force: true });
  }
}

/** A rotation and a write in one transaction that then fails: term 2 is unwrapped (and was cached) but never commits. */
async function rolledBackRotation(s: StorageHandle, barrier: Barrier, org: string): Promise<void> {
  await assert.rejects(s.writes.write(async (tx) => {
    await barrier.rotateDataKeys(tx, [org]);
    await barrier.sealValue(tx, org, 'K', 'lost');
    throw new Error('the transaction fails after sealing');
  }), /fails after sealing/);
}

test('a data key term whose transaction rolled back is never used to seal, once the term is made again', () => withOneOrg(async (s, unseal, org) => {
  const barrier = await unseal();
  await rolledBackRotation(s, barrier, org);
  // Term 2 made again, now for good, with another random key; a value sealed under it.
  await s.writes.write((tx) => barrier.rotateDataKeys(tx, [org]));
  const sealed = await s.writes.write((tx) => barrier.sealValue(tx, org, 'K', 'kept'));
  assert.equal(sealed.readUInt32BE(1), 2, 'sealed under term 2');
  // What another process (or this one after a restart) sees: the committed term 2.
  assert.equal(await (await unseal()).openValue(s.db, org, 'K', sealed), 'kept');
  assert.equal(await barrier.openValue(s.db, org, 'K', sealed), 'kept');
}));

test('a value sealed under a term made again elsewhere opens although a rolled-back key of that term is cached', () => withOneOrg(async (s, unseal, org) => {
  const [here, elsewhere] = [await unseal(), await unseal()];
  await rolledBackRotation(s, here, org);
  await s.writes.write((tx) => elsewhere.rotateDataKeys(tx, [org]));
  const sealed = await s.writes.write((tx) => elsewhere.sealValue(tx, org, 'K', 'kept'));
  assert.equal(await here.openValue(s.db, org, 'K', sealed), 'kept');
}));
