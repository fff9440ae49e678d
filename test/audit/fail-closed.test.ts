/**
 * The audit trail fails closed, end to end: while the audit table refuses inserts (a trigger
 * installed from another connection, as a full or broken audit store would), every audited
 * operation over HTTP fails with a 503 `unavailable` InfluxDB error and changes nothing — no key created,
 * replaced, deleted or restored, and no value read by a script. Once the audit store accepts
 * records again, the same requests succeed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { UNRECORDED } from '../../src/audit/log.js';
import { SQLITE_FILE } from '../../src/storage/database.js';
import { api, serverForFile } from '../helpers/server.js';

const ctx = serverForFile({ KEPT: 'original value' });

function auditStore(): { breakIt(): void; mend(): void; close(): void } {
  const db = new SQLite(join(ctx.server.dataDir, SQLITE_FILE));
  db.pragma('busy_timeout = 5000');
  return {
    breakIt: () => db.exec("CREATE TRIGGER audit_down BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END"),
    mend: () => db.exec('DROP TRIGGER audit_down'),
    close: () => db.close(),
  };
}

const readBack = (key: string) => `import "influxdata/influxdb/secrets"\nimport "array"\narray.from(rows: [{v: secrets.get(key: "${key}")}])`;

test('while audit records cannot be written, no audited operation happens', async () => {
  const { url, services } = ctx.server;
  const path = `/api/v2/orgs/${ctx.orgId}/secrets`;
  assert.equal((await api(url, ctx.token, 'PATCH', path, { KEPT: 'second value' })).status, 204);
  const before = await api(url, ctx.token, 'GET', `${path}/KEPT`);
  assert.equal(before.json.version, 2);
  const trailBefore = await services.deps.stores.audit.query(services.deps.storage.db, { orgId: ctx.orgId, limit: 1000 });

  const store = auditStore();
  try {
    store.breakIt();
    const attempts = [
      await api(url, ctx.token, 'PATCH', path, { NEW_KEY: 'never stored' }),
      await api(url, ctx.token, 'PATCH', path, { KEPT: 'never replaced' }),
      await api(url, ctx.token, 'DELETE', `${path}/KEPT`),
      await api(url, ctx.token, 'POST', `${path}/delete`, { secrets: ['KEPT'] }),
      await api(url, ctx.token, 'POST', `${path}/KEPT/versions/1/restore`),
      await api(url, ctx.token, 'POST', `/api/v2/query?orgID=${ctx.orgId}`, { query: readBack('KEPT'), type: 'flux' }),
    ];
    for (const r of attempts) {
      // 503: the client learns that nothing changed and that it may try again.
      assert.equal(r.status, 503, r.text);
      assert.equal(r.json.code, 'unavailable');
      assert.ok(r.json.message.endsWith(UNRECORDED), r.json.message);
      assert.ok(!r.text.includes('second value'), 'no value in the answer');
    }
  } finally {
    store.mend();
    store.close();
  }

  const after = await api(url, ctx.token, 'GET', path);
  assert.deepEqual(after.json.secrets, ['KEPT'], 'nothing created, nothing deleted');
  const kept = await api(url, ctx.token, 'GET', `${path}/KEPT`);
  assert.equal(kept.json.version, 2, 'not replaced, not restored');
  assert.deepEqual(await services.deps.stores.audit.query(services.deps.storage.db, { orgId: ctx.orgId, limit: 1000 }), trailBefore, 'the trail is as it was');

  // The audit store accepts records again: the same requests go through, and are recorded.
  assert.equal((await api(url, ctx.token, 'PATCH', path, { NEW_KEY: 'stored now' })).status, 204);
  const query = await api(url, ctx.token, 'POST', `/api/v2/query?orgID=${ctx.orgId}`, { query: readBack('NEW_KEY'), type: 'flux' });
  assert.equal(query.status, 200, query.text);
  const trail = await services.deps.stores.audit.query(services.deps.storage.db, { orgId: ctx.orgId, limit: 2 });
  assert.deepEqual(trail.map((e) => [e.action, e.key]), [['read', 'NEW_KEY'], ['create', 'NEW_KEY']]);
});
