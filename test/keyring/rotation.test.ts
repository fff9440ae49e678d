/**
 * Key rotation and master-key rewrap on a live server, under 16-way reads and writes, on SQLite
 * and on PostgreSQL: no request fails, every value still resolves to what was written, and the
 * next start needs the new master key.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { api, setupInstance, startInProcess, tempDir } from '../helpers/server.js';
import { newMasterKey, underLoad } from './load.js';
import { mismatchedSecrets } from './scripts.js';

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
