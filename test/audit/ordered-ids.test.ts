/**
 * Audit IDs are time-ordered (src/ids.ts newOrderedId), so the unique index over them grows at
 * its end; a taken ID (another instance, same millisecond) is skipped, never an error or a gap in
 * the trail.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuditLog } from '../../src/audit/log.js';
import { isId, newOrderedId } from '../../src/ids.js';
import { api, serverForFile } from '../helpers/server.js';

test('ordered IDs are valid IDs, strictly increasing, and carry the time', () => {
  const start = Date.now();
  let previous = newOrderedId();
  const seen = new Set<string>([previous]);
  for (let i = 0; i < 300_000; i++) {
    const id = newOrderedId();
    assert.ok(id > previous, `${id} after ${previous}`);
    assert.ok(isId(id), id);
    seen.add(id);
    previous = id;
  }
  assert.equal(seen.size, 300_001);
  const ms = parseInt(previous.slice(0, 11), 16);
  assert.ok(ms >= start && ms <= Date.now() + 1000, `time part ${ms}`);
});

test('ordered IDs keep increasing when the clock steps back', () => {
  const a = newOrderedId(Date.now() + 60_000);
  const b = newOrderedId(Date.now() - 60_000);
  const c = newOrderedId(0);
  assert.ok(a < b && b < c, `${a} ${b} ${c}`);
});

const ctx = serverForFile();

const actor = { type: 'user' as const, id: '00000000000000aa', name: 'ada' };
const meta = { requestId: 'r1', remoteAddress: '127.0.0.1' };

test('a taken audit ID is skipped: the record gets the next one, in the same transaction', async () => {
  const { deps } = ctx.server.services;
  const taken = newOrderedId();
  const free = newOrderedId();
  await deps.storage.writes.write((tx) => new AuditLog(deps, () => taken).record(tx, { orgId: ctx.orgId, actor, action: 'create', key: 'FIRST', version: 1, meta }));
  const ids = [taken, taken, free];
  await deps.storage.writes.write((tx) => new AuditLog(deps, () => ids.shift()!).record(tx, { orgId: ctx.orgId, actor, action: 'replace', key: 'SECOND', version: 2, meta }));
  const trail = await deps.stores.audit.query(deps.storage.db, { orgId: ctx.orgId, limit: 2 });
  assert.deepEqual(trail.map((e) => [e.id, e.key]), [[free, 'SECOND'], [taken, 'FIRST']]);
});

test('when no free ID is found the change fails with the audit record: nothing is written', async () => {
  const { deps } = ctx.server.services;
  const taken = newOrderedId();
  await deps.storage.writes.write((tx) => new AuditLog(deps, () => taken).record(tx, { orgId: ctx.orgId, actor, action: 'create', key: 'THIRD', version: 1, meta }));
  const before = (await deps.stores.audit.query(deps.storage.db, { orgId: ctx.orgId, limit: 100 })).length;
  await assert.rejects(
    deps.storage.writes.write((tx) => new AuditLog(deps, () => taken).record(tx, { orgId: ctx.orgId, actor, action: 'delete', key: 'THIRD', version: 1, meta })),
    { code: 'unavailable' },
  );
  assert.equal((await deps.stores.audit.query(deps.storage.db, { orgId: ctx.orgId, limit: 100 })).length, before);
});

test('audit records written through the API get ordered IDs', async () => {
  const { deps } = ctx.server.services;
  const before = Date.now();
  assert.equal((await api(ctx.server.url, ctx.token, 'PATCH', `/api/v2/orgs/${ctx.orgId}/secrets`, { VIA_API_1: 'a', VIA_API_2: 'b' })).status, 204);
  const trail = (await deps.stores.audit.query(deps.storage.db, { orgId: ctx.orgId, limit: 100 })).filter((e) => e.key.startsWith('VIA_API_'));
  assert.deepEqual(trail.map((e) => e.key), ['VIA_API_2', 'VIA_API_1']);
  assert.ok(trail[0]!.id > trail[1]!.id, 'the later record has the larger ID');
  // Not after now + 60 s: the clock test above moved this process's IDs a minute ahead, and they never go back.
  for (const e of trail) assert.ok(parseInt(e.id.slice(0, 11), 16) >= before && parseInt(e.id.slice(0, 11), 16) <= Date.now() + 61_000, `${e.id} at ${e.time}`);
});
