/**
 * The request hot path (authenticate, then list an org's keys) answers in the tick it starts in
 * when everything it reads is cached (src/eager.ts), and is exactly as strict as the awaited
 * path: a revoked token, a foreign org or a new key is seen by the very next call.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { andThen, eager, settled } from '../../src/eager.js';
import { StrongroomError } from '../../src/errors.js';
import { api, serverForFile } from '../helpers/server.js';

test('andThen runs at once on values and settled promises, and waits for any other promise', async () => {
  assert.equal(andThen(2, (x) => x + 1), 3);
  assert.equal(andThen(settled(2), (x) => x + 1), 3);
  const later = andThen(Promise.resolve(2), (x) => x + 1);
  assert.ok(later instanceof Promise);
  assert.equal(await later, 3);
  assert.equal(eager(settled('a')), 'a');
  assert.ok(eager(Promise.resolve('a')) instanceof Promise);
});

test('andThen throws at once on a settled value, and rejects on a pending one', async () => {
  const boom = () => { throw new Error('boom'); };
  assert.throws(() => andThen(settled(1), boom), /boom/);
  await assert.rejects(Promise.resolve(andThen(Promise.resolve(1), boom)), /boom/);
});

const ctx = serverForFile({ A: '1' });

test('with a warm cache, a token and an org\'s keys are answered without a promise', async () => {
  const s = ctx.server.services;
  const p = await s.authenticator.fromToken(ctx.token);
  await s.secrets.listKeys(p, ctx.orgId);
  const again = s.authenticator.fromTokenEager(ctx.token);
  assert.ok(!(again instanceof Promise), 'a cached token is answered at once');
  assert.equal(again, p, 'the same frozen principal for the same token row');
  assert.ok(Object.isFrozen(again));
  assert.deepEqual(s.secrets.listKeysEager(again, ctx.orgId), ['A']);
});

test('the eager path sees a new key, a foreign org and a revoked token on the very next call', async () => {
  const s = ctx.server.services;
  await api(ctx.server.url, ctx.token, 'PATCH', `/api/v2/orgs/${ctx.orgId}/secrets`, { B: '2' });
  const p = await s.authenticator.fromToken(ctx.token);
  assert.deepEqual(await s.secrets.listKeysEager(p, ctx.orgId), ['A', 'B']);
  // Another org's keys: refused as not found, whether thrown at once or rejected.
  const other = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/orgs', { name: 'other-org' });
  const tokenRes = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/authorizations', { orgID: other.json.id, permissions: [{ action: 'read', resource: { type: 'orgs', id: other.json.id } }, { action: 'read', resource: { type: 'secrets', orgID: other.json.id } }] });
  const narrow = tokenRes.json.token as string;
  const np = await s.authenticator.fromToken(narrow);
  assert.throws(() => s.secrets.listKeysEager(np, ctx.orgId), (e: unknown) => e instanceof StrongroomError && e.message === '404 page not found');
  // Revoking the narrow token: the next request with it is refused.
  assert.equal((await api(ctx.server.url, narrow, 'GET', `/api/v2/orgs/${other.json.id}/secrets`)).status, 200);
  assert.equal((await api(ctx.server.url, ctx.token, 'DELETE', `/api/v2/authorizations/${tokenRes.json.id}`)).status, 204);
  const after = await api(ctx.server.url, narrow, 'GET', `/api/v2/orgs/${other.json.id}/secrets`);
  assert.equal(after.status, 401);
  assert.equal(after.json.code, 'unauthorized');
  await assert.rejects(async () => s.authenticator.fromTokenEager(narrow), (e: unknown) => e instanceof StrongroomError && e.code === 'unauthorized');
});
