/**
 * Two server instances on one PostgreSQL database: one re-wraps the keyring while the other keeps
 * rotating. Nothing ends up wrapped under the old master key; the other instance refuses to make
 * new data keys (503) but keeps serving the values it can; both restart with the new key only.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { api, setupInstance, startInProcess } from '../helpers/server.js';
import { mismatchedSecrets } from './scripts.js';

test('PostgreSQL, two instances: rewrap on one while the other rotates; restarts need the new key', { timeout: 120_000 }, async () => {
  const pg = await freshPostgresDatabase();
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  const start = (masterKey: string) => startInProcess({ storage: 'postgres', postgresUrl: pg.url, masterKey });
  try {
    const a = await start(oldKey);
    const b = await start(oldKey);
    let token: string, orgId: string;
    const values: Record<string, string> = { BEFORE: `canary-${randomBytes(8).toString('hex')}` };
    try {
      ({ token, orgId } = await setupInstance(a.url));
      assert.equal((await api(a.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, values)).status, 204);
      assert.deepEqual(await mismatchedSecrets(b.url, token, orgId, values), [], 'b reads (and caches the data key)');

      let rotating = true;
      const statuses: number[] = [];
      const rotations = (async () => {
        while (rotating) statuses.push((await api(b.url, token, 'POST', '/api/v2/keyring/rotate')).status);
      })();
      await new Promise((r) => setTimeout(r, 100));
      const rw = await api(a.url, token, 'POST', '/api/v2/keyring/rewrap', { currentMasterKey: oldKey, newMasterKey: newKey });
      assert.equal(rw.status, 200, rw.text);
      await new Promise((r) => setTimeout(r, 100));
      rotating = false;
      await rotations;
      assert.ok(statuses.every((s) => s === 200 || s === 503), `rotate statuses ${statuses}`);
      assert.ok(statuses.includes(503), 'rotations after the rewrap are refused by the instance with the old key');

      const refused = await api(b.url, token, 'POST', '/api/v2/orgs', { name: 'later' });
      assert.equal(refused.status, 503);
      assert.match(refused.json.message, /restart this server with the new master key/);
      assert.deepEqual(await mismatchedSecrets(b.url, token, orgId, values), [], 'b still serves values under data keys it holds');
      // a (new key) writes under the newest term and creates orgs.
      values.AFTER = `canary-${randomBytes(8).toString('hex')}`;
      assert.equal((await api(a.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { AFTER: values.AFTER })).status, 204);
      assert.equal((await api(a.url, token, 'POST', '/api/v2/orgs', { name: 'later' })).status, 201);
    } finally {
      await a.stop();
      await b.stop();
    }
    await assert.rejects(start(oldKey), /master key does not match/);
    const c = await start(newKey);
    try {
      assert.deepEqual(await mismatchedSecrets(c.url, token, orgId, values), []);
      // Every data key, of every term and org, opens under the new key: a trial rewrap unwraps
      // them all, and is rolled back.
      const { deps } = c.services;
      const rolledBack = new Error('rolled back');
      await assert.rejects(deps.storage.db.transaction().execute(async (tx) => {
        assert.ok((await deps.barrier.rewrapAll(tx, randomBytes(32))) >= 4);
        throw rolledBack;
      }), (e) => e === rolledBack);
      const ring = (await api(c.url, token, 'GET', '/api/v2/keyring')).json as { orgs: { orgID: string; terms: number[] }[] };
      const probe = `canary-${randomBytes(8).toString('hex')}`;
      for (const o of ring.orgs) {
        assert.equal((await api(c.url, token, 'PATCH', `/api/v2/orgs/${o.orgID}/secrets`, { PROBE: probe })).status, 204);
        assert.deepEqual(await mismatchedSecrets(c.url, token, o.orgID, { PROBE: probe }), []);
      }
    } finally {
      await c.stop();
    }
  } finally {
    await pg.drop();
  }
});
