/**
 * Two server instances on one PostgreSQL database race each other. Each instance checks a name
 * or a parent record before writing, but the other instance can write in between: the database's
 * unique and foreign-key constraints still hold, and the loser is answered 422 or 404 as InfluxDB
 * would answer it (src/services.ts), never 500.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { type InProcessServer, api, setupInstance, startInProcess } from '../helpers/server.js';

test('PostgreSQL, two instances: the same org and script names created on both, and secrets written into an org the other deletes', { timeout: 120_000 }, async () => {
  const pg = await freshPostgresDatabase();
  const servers: InProcessServer[] = [];
  try {
    const masterKey = Buffer.alloc(32, 7).toString('base64');
    servers.push(await startInProcess({ storage: 'postgres', postgresUrl: pg.url, masterKey }));
    servers.push(await startInProcess({ storage: 'postgres', postgresUrl: pg.url, masterKey }));
    const [a, b] = servers as [InProcessServer, InProcessServer];
    const { token } = await setupInstance(a.url);

    const names = Array.from({ length: 30 }, (_, i) => `raced-org-${i}`);
    const created = await Promise.all(names.map((name) => Promise.all([a, b].map((s) => api(s.url, token, 'POST', '/api/v2/orgs', { name })))));
    for (const [i, pair] of created.entries()) {
      const statuses = pair.map((r) => r.status).sort();
      assert.equal(statuses[0], 201, `${names[i]}: ${pair.map((r) => r.text).join(' | ')}`);
      assert.equal(statuses[1], 422, `${names[i]}: one instance creates it, the other is told it exists: ${pair.map((r) => r.text).join(' | ')}`);
      assert.equal(pair.find((r) => r.status === 422)!.json.code, 'conflict');
    }

    // Saved scripts are unique by name within an org: the same name saved on both at once.
    const orgId = created[0]!.find((r) => r.status === 201)!.json.id as string;
    const scripts = await Promise.all(Array.from({ length: 10 }, (_, i) => Promise.all([a, b].map((s) => api(s.url, token, 'POST', '/api/v2/scripts', {
      orgID: orgId, name: `raced-script-${i}`, language: 'flux', script: 'import "array"\narray.from(rows: [{v: 1}])',
    })))));
    for (const pair of scripts) assert.deepEqual(pair.map((r) => r.status).sort(), [201, 422], pair.map((r) => r.text).join(' | '));

    // One instance deletes each org while the other writes a secret into it.
    const orgIds = created.map((pair) => pair.find((r) => r.status === 201)!.json.id as string);
    const raced = await Promise.all(orgIds.map((id) => Promise.all([
      api(a.url, token, 'DELETE', `/api/v2/orgs/${id}`),
      api(b.url, token, 'PATCH', `/api/v2/orgs/${id}/secrets`, { RACED: 'value' }),
    ])));
    for (const [del, patch] of raced) {
      assert.equal(del.status, 204, del.text);
      assert.ok(patch.status === 204 || patch.status === 404, `the write lands before the delete or is told the org is gone: ${patch.status} ${patch.text}`);
      if (patch.status === 404) assert.equal(patch.json.code, 'not found');
    }
    for (const id of orgIds) assert.equal((await api(a.url, token, 'GET', `/api/v2/orgs/${id}`)).status, 404);
  } finally {
    for (const s of servers) await s.stop();
    await pg.drop();
  }
});
