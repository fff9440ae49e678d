/**
 * An update racing a delete of the same record: the update checked that the record exists, and
 * by the time its write runs a concurrent request has deleted it. The answer must be a 404 with
 * nothing written (the fuzzer once got a 500 from PATCH /api/v2/orgs/{id} this way), never a
 * record that is no longer there.
 *
 * A write into a record that is gone (secrets into a deleted org) is stopped by the database's
 * foreign key, and answered as a 404 too (src/services.ts).
 *
 * Each case holds a delete open in a write transaction while the update does its checks (which
 * read the last commit, where the record still exists) and queues its own write behind it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Services } from '../src/app.js';
import type { Principal } from '../src/auth/principal.js';
import { StrongroomError } from '../src/errors.js';
import type { Tx } from '../src/storage/contracts.js';
import { api, serverForFile } from './helpers/server.js';

const ctx = serverForFile();

const notFound = (e: unknown) => e instanceof StrongroomError && e.code === 'not found';

/** Runs `remove` in a write transaction that stays open until `update` has queued its write, then commits. */
async function deleteDuring<T>(s: Services, remove: (tx: Tx) => Promise<unknown>, update: () => Promise<T>): Promise<PromiseSettledResult<T>> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const deleting = s.deps.storage.writes.write(async (tx) => {
    await remove(tx);
    await gate;
  });
  const updating = update();
  for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
  release();
  await deleting;
  const [outcome] = await Promise.allSettled([updating]);
  return outcome!;
}

async function operator(): Promise<{ s: Services; p: Principal }> {
  const s = ctx.server.services;
  return { s, p: await s.authenticator.fromToken(ctx.token) };
}

test('renaming an org that a concurrent request deletes is a 404', async () => {
  const { s, p } = await operator();
  const org = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/orgs', { name: 'doomed-org' });
  assert.equal(org.status, 201);
  const outcome = await deleteDuring(s, (tx) => s.deps.stores.orgs.delete(tx, org.json.id), () => s.orgs.update(p, org.json.id, { description: 'too late' }));
  assert.equal(outcome.status, 'rejected', 'no record of a deleted org');
  assert.ok(notFound((outcome as PromiseRejectedResult).reason));
  assert.equal((await api(ctx.server.url, ctx.token, 'GET', `/api/v2/orgs/${org.json.id}`)).status, 404);
});

test('updating a token that a concurrent request deletes is a 404', async () => {
  const { s, p } = await operator();
  const created = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/authorizations', {
    orgID: ctx.orgId, description: 'doomed', permissions: [{ action: 'read', resource: { type: 'secrets', orgID: ctx.orgId } }],
  });
  assert.equal(created.status, 201);
  const outcome = await deleteDuring(s, (tx) => s.deps.stores.authorizations.delete(tx, created.json.id), () => s.authorizations.update(p, created.json.id, { status: 'inactive' }));
  assert.equal(outcome.status, 'rejected');
  assert.ok(notFound((outcome as PromiseRejectedResult).reason));
  assert.equal((await api(ctx.server.url, ctx.token, 'GET', `/api/v2/authorizations/${created.json.id}`)).status, 404);
});

test('updating a task that a concurrent request deletes is a 404, and leaves no secret references behind', async () => {
  const { s, p } = await operator();
  const flux = 'import "influxdata/influxdb/secrets"\noption task = {name: "doomed", every: 1h}\nx = secrets.get(key: "DOOMED_KEY")';
  const created = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/tasks', { orgID: ctx.orgId, flux });
  assert.equal(created.status, 201, created.text);
  const changed = flux.replace('DOOMED_KEY', 'OTHER_KEY');
  const outcome = await deleteDuring(s, (tx) => s.deps.stores.tasks.delete(tx, created.json.id), () => s.tasks.update(p, created.json.id, { flux: changed }));
  assert.equal(outcome.status, 'rejected');
  assert.ok(notFound((outcome as PromiseRejectedResult).reason));
  const users = await s.deps.stores.secretReferences.usersOf(s.deps.storage.db, ctx.orgId, ['DOOMED_KEY', 'OTHER_KEY']);
  assert.deepEqual(users, [], 'the update\'s references were rolled back with it');
});

test('updating a saved script that a concurrent request deletes is a 404, and leaves no secret references behind', async () => {
  const { s, p } = await operator();
  const created = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/scripts', { orgID: ctx.orgId, name: 'doomed-script', language: 'flux', script: 'import "influxdata/influxdb/secrets"\nx = secrets.get(key: "DOOMED_SCRIPT_KEY")' });
  assert.equal(created.status, 201, created.text);
  const outcome = await deleteDuring(s, (tx) => s.deps.stores.scripts.delete(tx, created.json.id), () => s.scripts.update(p, created.json.id, { script: 'import "influxdata/influxdb/secrets"\nx = secrets.get(key: "OTHER_SCRIPT_KEY")' }));
  assert.equal(outcome.status, 'rejected');
  assert.ok(notFound((outcome as PromiseRejectedResult).reason));
  const users = await s.deps.stores.secretReferences.usersOf(s.deps.storage.db, ctx.orgId, ['DOOMED_SCRIPT_KEY', 'OTHER_SCRIPT_KEY']);
  assert.deepEqual(users, []);
});

// Restore checked the key inside its transaction already; since this change its answer is read
// there too, so a delete committed between its commit and a later read cannot empty it either.
test('restoring a version of a secret that a concurrent request deletes is a 404', async () => {
  const { s, p } = await operator();
  for (const v of ['one', 'two']) assert.equal((await api(ctx.server.url, ctx.token, 'PATCH', `/api/v2/orgs/${ctx.orgId}/secrets`, { DOOMED: v })).status, 204);
  const meta = { requestId: 'test', remoteAddress: '127.0.0.1' };
  const outcome = await deleteDuring(s, (tx) => s.deps.stores.secrets.delete(tx, ctx.orgId, ['DOOMED']), () => s.secrets.restore(p, meta, ctx.orgId, 'DOOMED', 1));
  assert.equal(outcome.status, 'rejected');
  assert.ok(notFound((outcome as PromiseRejectedResult).reason));
  assert.equal((await api(ctx.server.url, ctx.token, 'GET', `/api/v2/orgs/${ctx.orgId}/secrets/DOOMED`)).status, 404);
});

test('writing secrets into an org that a concurrent request deletes is a 404 with nothing written', async () => {
  const { s, p } = await operator();
  const org = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/orgs', { name: 'doomed-secrets-org' });
  assert.equal(org.status, 201);
  const meta = { requestId: 'test', remoteAddress: '127.0.0.1' };
  const outcome = await deleteDuring(s, (tx) => s.deps.stores.orgs.delete(tx, org.json.id), () => s.secrets.patch(p, meta, org.json.id, { K: 'v' }));
  assert.equal(outcome.status, 'rejected');
  assert.ok(notFound((outcome as PromiseRejectedResult).reason), String((outcome as PromiseRejectedResult).reason));
});
