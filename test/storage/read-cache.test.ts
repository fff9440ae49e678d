/**
 * The read cache (src/storage/read-cache.ts) must never be observable: every change — by this
 * server, or by another process writing the same SQLite file — is seen by the next request.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { ChangeTracker, cascadesOf, tableWrittenBy } from '../../src/storage/change-tracker.js';
import { SQLITE_FILE } from '../../src/storage/database.js';
import { ReadCache } from '../../src/storage/read-cache.js';
import { api, serverForFile } from '../helpers/server.js';

const ctx = serverForFile();

/** A second token of the org, which tests may revoke. */
async function newToken(): Promise<{ id: string; token: string }> {
  const res = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/authorizations', { orgID: ctx.orgId, permissions: [{ action: 'read', resource: { type: 'orgs', id: ctx.orgId } }, { action: 'read', resource: { type: 'secrets', orgID: ctx.orgId } }] });
  assert.equal(res.status, 201);
  return { id: res.json.id, token: res.json.token };
}

test('a token revoked through the API is refused by the very next request', async () => {
  const t = await newToken();
  for (let i = 0; i < 3; i++) assert.equal((await api(ctx.server.url, t.token, 'GET', `/api/v2/orgs/${ctx.orgId}/secrets`)).status, 200);
  assert.equal((await api(ctx.server.url, ctx.token, 'DELETE', `/api/v2/authorizations/${t.id}`)).status, 204);
  assert.equal((await api(ctx.server.url, t.token, 'GET', `/api/v2/orgs/${ctx.orgId}/secrets`)).status, 401);
});

test('a token deactivated by another process writing the database file is refused within milliseconds', async () => {
  const t = await newToken();
  assert.equal((await api(ctx.server.url, t.token, 'GET', `/api/v2/orgs/${ctx.orgId}/secrets`)).status, 200);
  const other = new SQLite(join(ctx.server.dataDir, SQLITE_FILE));
  try {
    other.pragma('busy_timeout = 5000');
    assert.equal(other.prepare("UPDATE authorizations SET status = 'inactive' WHERE id = ?").run(t.id).changes, 1);
  } finally {
    other.close();
  }
  // Other processes' commits are looked for at most once a millisecond.
  await new Promise((r) => setTimeout(r, 5));
  const res = await api(ctx.server.url, t.token, 'GET', `/api/v2/orgs/${ctx.orgId}/secrets`);
  assert.equal(res.status, 404, 'an inactive token sees no org');
});

test('a key written or deleted is in, or out of, the very next listing', async () => {
  const list = async () => (await api(ctx.server.url, ctx.token, 'GET', `/api/v2/orgs/${ctx.orgId}/secrets`)).json.secrets as string[];
  assert.ok(!(await list()).includes('CACHE_PROBE'));
  assert.equal((await api(ctx.server.url, ctx.token, 'PATCH', `/api/v2/orgs/${ctx.orgId}/secrets`, { CACHE_PROBE: 'v' })).status, 204);
  assert.ok((await list()).includes('CACHE_PROBE'));
  assert.equal((await api(ctx.server.url, ctx.token, 'DELETE', `/api/v2/orgs/${ctx.orgId}/secrets/CACHE_PROBE`)).status, 204);
  assert.ok(!(await list()).includes('CACHE_PROBE'));
});

test('a deleted org is gone for the very next request', async () => {
  const created = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/orgs', { name: 'short-lived' });
  assert.equal(created.status, 201);
  const id = created.json.id as string;
  assert.equal((await api(ctx.server.url, ctx.token, 'GET', `/api/v2/orgs/${id}/secrets`)).status, 200);
  assert.equal((await api(ctx.server.url, ctx.token, 'DELETE', `/api/v2/orgs/${id}`)).status, 204);
  assert.equal((await api(ctx.server.url, ctx.token, 'GET', `/api/v2/orgs/${id}/secrets`)).status, 404);
});

test('what the cache hands out cannot be altered by the caller', async () => {
  const { secrets, authenticator } = ctx.server.services;
  const p = await authenticator.fromToken(ctx.token);
  const keys = await secrets.listKeys(p, ctx.orgId);
  const again = await secrets.listKeys(p, ctx.orgId);
  assert.equal(keys, again, 'served from the cache');
  assert.throws(() => (keys as string[]).push('x'), TypeError);
  assert.throws(() => { (p.permissions as unknown[]).length = 0; }, TypeError);
});

/** Stamps moved by hand: one counter per table. */
function manualStamps() {
  const counters = new Map<string, number>();
  return {
    bump: (t: string) => counters.set(t, (counters.get(t) ?? 0) + 1),
    stamp: (tables: readonly string[]) => tables.reduce((sum, t) => sum + (counters.get(t) ?? 0), 0),
  };
}

test('ReadCache never files a value under a state of the database older than the one it was read from', async () => {
  const stamps = manualStamps();
  const cache = new ReadCache(stamps).space(['t']);
  let loads = 0;
  const load = async () => ({ loaded: ++loads });
  assert.deepEqual(await cache.get('k', load), { loaded: 1 });
  assert.deepEqual(await cache.get('k', load), { loaded: 1 });
  stamps.bump('other');
  assert.deepEqual(await cache.get('k', load), { loaded: 1 }, 'a commit to another table keeps the entry');
  stamps.bump('t');
  assert.deepEqual(await cache.get('k', load), { loaded: 2 }, 'a commit to its table drops it');
  // A commit while a value is being loaded: the value may predate it, so the next read reloads.
  const slow = cache.get('j', async () => { stamps.bump('t'); return 'before'; });
  assert.equal(await slow, 'before');
  assert.equal(await cache.get('j', async () => 'after'), 'after');
  // Undefined (not found) is never cached: a row created later is found at once.
  assert.equal(await cache.get('missing', async () => undefined), undefined);
  assert.equal(await cache.get('missing', async () => 'created'), 'created');
});

test('ReadCache stays within its bound, counting the length of lists', async () => {
  const cache = new ReadCache({ stamp: () => 0 }, 3).space(['t']);
  for (let i = 0; i < 10; i++) await cache.get(`k${i}`, async () => i);
  let reloaded = 0;
  await cache.get('k0', async () => { reloaded++; return 0; });
  assert.equal(reloaded, 1, 'the oldest entries were dropped');

  const shared = new ReadCache({ stamp: () => 0 }, 3);
  const [a, b] = [shared.space(['t']), shared.space(['u'])];
  for (let i = 0; i < 3; i++) await a.get(`a${i}`, async () => i);
  await b.get('b0', async () => 'b');
  let reloadedA = 0;
  await a.get('a1', async () => { reloadedA++; return 1; });
  assert.equal(reloadedA, 0, 'a1 is still there');
  await a.get('a0', async () => { reloadedA++; return 0; });
  assert.equal(reloadedA, 1, 'the bound is shared: a new entry of one space dropped the oldest of another');

  const lists = new ReadCache({ stamp: () => 0 }, 100).space(['t']);
  const list = (n: number) => async () => Array.from({ length: n }, (_, i) => `key${i}`);
  await lists.get('a', list(60));
  await lists.get('b', list(30));
  let loads = 0;
  const counted = (n: number) => async () => { loads++; return list(n)(); };
  await lists.get('b', counted(30));
  assert.equal(loads, 0, 'both fit: 61 + 31 ≤ 100');
  await lists.get('c', list(30));
  await lists.get('a', counted(60));
  assert.equal(loads, 1, 'the oldest list made room for the new one');
  await lists.get('huge', list(500));
  await lists.get('huge', counted(500));
  assert.equal(loads, 2, 'a list larger than the whole cache is not kept');
});

test('the writing table of a statement is read from its SQL; what cannot be placed counts as every table', () => {
  assert.equal(tableWrittenBy('insert into "secrets" ("org_id") values (?) on conflict do update set "x" = 1 returning "latest_version"'), 'secrets');
  assert.equal(tableWrittenBy('update "authorizations" set "status" = ? where "id" = ?'), 'authorizations');
  assert.equal(tableWrittenBy('delete from "orgs" where "id" = ?'), 'orgs');
  assert.equal(tableWrittenBy('INSERT OR REPLACE INTO settings VALUES (?, ?)'), 'settings');
  assert.equal(tableWrittenBy('savepoint gc3'), undefined);
  assert.equal(tableWrittenBy('commit'), undefined);
  assert.equal(tableWrittenBy('with x as (select 1) insert into "orgs" select * from x'), '*');
  assert.equal(tableWrittenBy('create table "t" ("a" text)'), '*');
});

test('a delete is widened along ON DELETE CASCADE: deleting an org or a user drops what hangs off it', () => {
  const cascades = cascadesOf(new SQLite(join(ctx.server.dataDir, SQLITE_FILE), { readonly: true }));
  assert.ok(cascades.get('orgs')!.includes('secrets'));
  assert.ok(cascades.get('orgs')!.includes('secret_versions'), 'transitively, through secrets');
  assert.ok(cascades.get('orgs')!.includes('authorizations'));
  assert.ok(cascades.get('users')!.includes('authorizations'));
  assert.ok(cascades.get('secrets')!.includes('secret_versions'));
  const tracker = new ChangeTracker(() => 0, cascades);
  const before = tracker.stamp(['authorizations']);
  tracker.ended(new Set(['secrets', 'audit_events']));
  assert.equal(tracker.stamp(['authorizations']), before, 'writing secrets leaves tokens cached');
  tracker.ended(new Set(['users']));
  assert.notEqual(tracker.stamp(['authorizations']), before, 'deleting a user may delete its tokens');
});

test('writing secrets keeps the cached token; revoking a token does not', async () => {
  const { authenticator, secrets } = ctx.server.services;
  const first = await authenticator.fromToken(ctx.token);
  assert.equal((await api(ctx.server.url, ctx.token, 'PATCH', `/api/v2/orgs/${ctx.orgId}/secrets`, { KEEP_TOKEN_CACHED: 'v' })).status, 204);
  const second = await authenticator.fromToken(ctx.token);
  assert.equal(second.permissions, first.permissions, 'the same cached permissions after a secret write');
  const t = await newToken();
  await authenticator.fromToken(t.token);
  assert.equal((await api(ctx.server.url, ctx.token, 'DELETE', `/api/v2/authorizations/${t.id}`)).status, 204);
  await assert.rejects(authenticator.fromToken(t.token), { code: 'unauthorized', message: 'unauthorized access' });
  assert.ok((await secrets.listKeys(second, ctx.orgId)).includes('KEEP_TOKEN_CACHED'));
});

test('inside a write transaction, a table the transaction wrote is read from the transaction, not the cache', async () => {
  const { deps } = ctx.server.services;
  const { storage, stores } = deps;
  // An org of its own: the term added below holds a key wrapped for another term, so nothing may seal under it.
  const created = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/orgs', { name: 'data-key-probe' });
  assert.equal(created.status, 201);
  const orgId = created.json.id as string;
  const before = (await stores.keyring.latestDataKey(storage.db, orgId))!;
  assert.equal((await stores.keyring.latestDataKey(storage.db, orgId))!.term, before.term, 'cached');
  const seenInside = await storage.writes.write(async (tx) => {
    const cachedInside = (await stores.keyring.latestDataKey(tx, orgId))!.term;
    await stores.keyring.insertDataKey(tx, orgId, before.term + 1, before.wrapped, new Date().toISOString());
    const afterInsert = (await stores.keyring.latestDataKey(tx, orgId))!.term;
    const outside = (await stores.keyring.latestDataKey(storage.db, orgId))!.term;
    return { cachedInside, afterInsert, outside };
  });
  assert.deepEqual(seenInside, { cachedInside: before.term, afterInsert: before.term + 1, outside: before.term });
  assert.equal((await stores.keyring.latestDataKey(storage.db, orgId))!.term, before.term + 1, 'committed: seen outside at once');
});
