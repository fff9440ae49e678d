/**
 * The read cache (src/storage/read-cache.ts) must never be observable: every change — by this
 * server, or by another process writing the same SQLite file — is seen by the next request.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { SQLITE_FILE } from '../../src/storage/database.js';
import { ReadCache } from '../../src/storage/read-cache.js';
import { type InProcessServer, api, setupInstance, startInProcess } from '../helpers/server.js';

let server: InProcessServer;
let token: string;
let orgId: string;

before(async () => {
  server = await startInProcess();
  ({ token, orgId } = await setupInstance(server.url));
});
after(() => server.stop());

/** A second token of the org, which tests may revoke. */
async function newToken(): Promise<{ id: string; token: string }> {
  const res = await api(server.url, token, 'POST', '/api/v2/authorizations', { orgID: orgId, permissions: [{ action: 'read', resource: { type: 'orgs', id: orgId } }, { action: 'read', resource: { type: 'secrets', orgID: orgId } }] });
  assert.equal(res.status, 201);
  return { id: res.json.id, token: res.json.token };
}

test('a token revoked through the API is refused by the very next request', async () => {
  const t = await newToken();
  for (let i = 0; i < 3; i++) assert.equal((await api(server.url, t.token, 'GET', `/api/v2/orgs/${orgId}/secrets`)).status, 200);
  assert.equal((await api(server.url, token, 'DELETE', `/api/v2/authorizations/${t.id}`)).status, 204);
  assert.equal((await api(server.url, t.token, 'GET', `/api/v2/orgs/${orgId}/secrets`)).status, 401);
});

test('a token deactivated by another process writing the database file is refused within milliseconds', async () => {
  const t = await newToken();
  assert.equal((await api(server.url, t.token, 'GET', `/api/v2/orgs/${orgId}/secrets`)).status, 200);
  const other = new SQLite(join(server.dataDir, SQLITE_FILE));
  try {
    other.pragma('busy_timeout = 5000');
    assert.equal(other.prepare("UPDATE authorizations SET status = 'inactive' WHERE id = ?").run(t.id).changes, 1);
  } finally {
    other.close();
  }
  // Other processes' commits are looked for at most once a millisecond.
  await new Promise((r) => setTimeout(r, 5));
  const res = await api(server.url, t.token, 'GET', `/api/v2/orgs/${orgId}/secrets`);
  assert.equal(res.status, 404, 'an inactive token sees no org');
});

test('a key written or deleted is in, or out of, the very next listing', async () => {
  const list = async () => (await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets`)).json.secrets as string[];
  assert.ok(!(await list()).includes('CACHE_PROBE'));
  assert.equal((await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { CACHE_PROBE: 'v' })).status, 204);
  assert.ok((await list()).includes('CACHE_PROBE'));
  assert.equal((await api(server.url, token, 'DELETE', `/api/v2/orgs/${orgId}/secrets/CACHE_PROBE`)).status, 204);
  assert.ok(!(await list()).includes('CACHE_PROBE'));
});

test('a deleted org is gone for the very next request', async () => {
  const created = await api(server.url, token, 'POST', '/api/v2/orgs', { name: 'short-lived' });
  assert.equal(created.status, 201);
  const id = created.json.id as string;
  assert.equal((await api(server.url, token, 'GET', `/api/v2/orgs/${id}/secrets`)).status, 200);
  assert.equal((await api(server.url, token, 'DELETE', `/api/v2/orgs/${id}`)).status, 204);
  assert.equal((await api(server.url, token, 'GET', `/api/v2/orgs/${id}/secrets`)).status, 404);
});

test('what the cache hands out cannot be altered by the caller', async () => {
  const { secrets, authenticator } = server.services;
  const p = await authenticator.fromToken(token);
  const keys = await secrets.listKeys(p, orgId);
  const again = await secrets.listKeys(p, orgId);
  assert.equal(keys, again, 'served from the cache');
  assert.throws(() => (keys as string[]).push('x'), TypeError);
  assert.throws(() => { (p.permissions as unknown[]).length = 0; }, TypeError);
});

test('ReadCache never files a value under a state of the database older than the one it was read from', async () => {
  let counter = 0;
  const cache = new ReadCache(() => counter);
  let loads = 0;
  const load = async () => ({ loaded: ++loads });
  assert.deepEqual(await cache.get('k', load), { loaded: 1 });
  assert.deepEqual(await cache.get('k', load), { loaded: 1 });
  counter++;
  assert.deepEqual(await cache.get('k', load), { loaded: 2 }, 'a commit drops the cache');
  // A commit while a value is being loaded: the value may predate it, so the next read reloads.
  const slow = cache.get('j', async () => { counter++; return 'before'; });
  assert.equal(await slow, 'before');
  assert.equal(await cache.get('j', async () => 'after'), 'after');
  // Undefined (not found) is never cached: a row created later is found at once.
  assert.equal(await cache.get('missing', async () => undefined), undefined);
  assert.equal(await cache.get('missing', async () => 'created'), 'created');
});

test('ReadCache stays within its bound', async () => {
  const cache = new ReadCache(() => 0, 3);
  for (let i = 0; i < 10; i++) await cache.get(`k${i}`, async () => i);
  let reloaded = 0;
  await cache.get('k0', async () => { reloaded++; return 0; });
  assert.equal(reloaded, 1, 'the oldest entries were dropped');
});
