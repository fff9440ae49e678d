/**
 * Key rotation and master-key rewrap on a live server, under 16-way reads and writes, on SQLite
 * and on PostgreSQL: no request fails, every value still resolves to what was written, and the
 * next start needs the new master key.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { type InProcessServer, api, setupInstance, startInProcess, tempDir } from '../helpers/server.js';
import { mismatchedSecrets } from './scripts.js';

const WORKERS = 16;
const KEYS_PER_WORKER = 3;
const newMasterKey = () => randomBytes(32).toString('base64');

interface Keyring { orgs: { orgID: string; name: string; terms: number[]; activeTerm: number }[]; dataKeys: number }

async function underLoad(start: (masterKey: string) => Promise<InProcessServer>) {
  let masterKey = newMasterKey();
  const server = await start(masterKey);
  let stopped = false;
  try {
    const { token, orgId } = await setupInstance(server.url);
    const other = await api(server.url, token, 'POST', '/api/v2/orgs', { name: 'second' });
    assert.equal(other.status, 201);
    const orgs = [orgId, other.json.id as string];
    const failures: string[] = [];
    const written = new Map<string, Record<string, string>>(orgs.map((o) => [o, {}]));
    let done = false;
    const worker = async (w: number) => {
      const org = orgs[w % 2]!;
      for (let i = 0; !done || i < 6; i++) {
        const key = `W${w}_K${i % KEYS_PER_WORKER}`;
        const value = `canary-${w}-${i}-${randomBytes(6).toString('hex')}`;
        const put = await api(server.url, token, 'PATCH', `/api/v2/orgs/${org}/secrets`, { [key]: value });
        if (put.status !== 204) { failures.push(`PATCH ${put.status} ${put.text}`); continue; }
        written.get(org)![key] = value;
        const bad = await mismatchedSecrets(server.url, token, org, { [key]: value }).catch((e: Error) => [e.message]);
        if (bad.length > 0) failures.push(`read back ${key}: ${bad.join(', ')}`);
        const list = await api(server.url, token, 'GET', `/api/v2/orgs/${org}/secrets`);
        if (list.status !== 200 || !(list.json.secrets as string[]).includes(key)) failures.push(`list ${list.status} ${list.text}`);
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

    const before = await api(server.url, token, 'GET', '/api/v2/keyring');
    assert.equal(before.status, 200);
    for (let round = 0; round < 3; round++) {
      const rot = await api(server.url, token, 'POST', '/api/v2/keyring/rotate');
      assert.equal(rot.status, 200, rot.text);
      assert.equal(rot.json.rotatedOrgs, 2);
      const next = newMasterKey();
      const rw = await api(server.url, token, 'POST', '/api/v2/keyring/rewrap', { currentMasterKey: masterKey, newMasterKey: next });
      assert.equal(rw.status, 200, rw.text);
      assert.ok(rw.json.rewrappedDataKeys >= 2 * (round + 2));
      masterKey = next;
    }
    // The old key no longer proves possession.
    const stale = await api(server.url, token, 'POST', '/api/v2/keyring/rewrap', { currentMasterKey: newMasterKey(), newMasterKey: newMasterKey() });
    assert.equal(stale.status, 401);
    done = true;
    await load;
    assert.deepEqual(failures, []);

    const ring = (await api(server.url, token, 'GET', '/api/v2/keyring')).json as Keyring;
    for (const o of ring.orgs) assert.deepEqual(o.terms, [1, 2, 3, 4], `terms of ${o.name}`);
    assert.equal(ring.dataKeys, 8);
    assert.ok(!JSON.stringify(before.json).includes(masterKey) && !JSON.stringify(ring).includes(masterKey));
    for (const org of orgs) assert.deepEqual(await mismatchedSecrets(server.url, token, org, written.get(org)!), []);

    // The next start needs the new key: the old one is refused, the new one opens every value.
    await server.stop();
    stopped = true;
    return { token, orgs, written, masterKey };
  } finally {
    if (!stopped) await server.stop();
  }
}

test('SQLite: rotate and rewrap three times under 16-way load; the next start needs the new key', { timeout: 180_000 }, async () => {
  const dataDir = tempDir();
  try {
    const { token, orgs, written, masterKey } = await underLoad((key) => startInProcess({ dataDir, masterKey: key }));
    await assert.rejects(startInProcess({ dataDir, masterKey: newMasterKey() }), /master key does not match/);
    const again = await startInProcess({ dataDir, masterKey });
    try {
      for (const org of orgs) assert.deepEqual(await mismatchedSecrets(again.url, token, org, written.get(org)!), []);
    } finally {
      await again.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('PostgreSQL: rotate and rewrap three times under 16-way load; the next start needs the new key', { timeout: 180_000 }, async () => {
  const pg = await freshPostgresDatabase();
  try {
    const start = (key: string) => startInProcess({ storage: 'postgres', postgresUrl: pg.url, masterKey: key });
    const { token, orgs, written, masterKey } = await underLoad(start);
    await assert.rejects(start(newMasterKey()), /master key does not match/);
    const again = await start(masterKey);
    try {
      for (const org of orgs) assert.deepEqual(await mismatchedSecrets(again.url, token, org, written.get(org)!), []);
    } finally {
      await again.stop();
    }
  } finally {
    await pg.drop();
  }
});

test('keyring endpoints are operator-only and never return key material', { timeout: 180_000 }, async () => {
  const masterKey = newMasterKey();
  const server = await startInProcess({ masterKey });
  try {
    const { token, orgId, userId } = await setupInstance(server.url);
    const { allAccessPermissions } = await import('../../src/auth/permissions.js');
    const created = await api(server.url, token, 'POST', '/api/v2/authorizations', { orgID: orgId, permissions: allAccessPermissions(orgId, userId) });
    assert.equal(created.status, 201);
    const allAccess = created.json.token as string;
    for (const [method, path, body] of [['GET', '/api/v2/keyring'], ['POST', '/api/v2/keyring/rotate'], ['POST', '/api/v2/keyring/rewrap', { currentMasterKey: masterKey, newMasterKey: newMasterKey() }]] as const) {
      const r = await api(server.url, allAccess, method, path, body);
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.match(r.json.message, /write:orgs is unauthorized/);
      assert.equal((await api(server.url, undefined, method, path, body)).status, 401);
    }
    const bad = await api(server.url, token, 'POST', '/api/v2/keyring/rewrap', { currentMasterKey: masterKey, newMasterKey: 'c2hvcnQ=' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /newMasterKey must be the base64 encoding of exactly 32 bytes/);
    const same = await api(server.url, token, 'POST', '/api/v2/keyring/rewrap', { currentMasterKey: masterKey, newMasterKey: masterKey });
    assert.equal(same.status, 400);
    const ring = await api(server.url, token, 'GET', '/api/v2/keyring');
    assert.deepEqual(ring.json, { orgs: [{ orgID: orgId, name: 'acme', terms: [1], activeTerm: 1 }], dataKeys: 1 });
  } finally {
    await server.stop();
  }
});
