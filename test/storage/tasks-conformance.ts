/**
 * Conformance suite of the task stores (tasks, runs, logs, scripts, secret references): one set
 * of cases, run against SQLite and PostgreSQL by a few-line test file each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunRecord, Stores, TaskRecord } from '../../src/storage/contracts.js';
import type { StorageHandle } from '../../src/storage/database.js';
import { stores as kyselyStores } from '../../src/storage/stores.js';

const T0 = '2026-01-01T00:00:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

export function runTaskStoreConformance(name: string, open: () => Promise<{ storage: StorageHandle; cleanup(): Promise<void> }>): void {
  describe(`task store conformance: ${name}`, () => {
    let storage: StorageHandle;
    let cleanup: () => Promise<void>;
    const s: Stores = kyselyStores;
    let n = 0;
    const id = (prefix: string) => `${prefix}${(++n).toString(16).padStart(16 - prefix.length, '0')}`;
    const org = async () => {
      const o = id('a');
      await storage.writes.write((tx) => s.orgs.insert(tx, { id: o, name: `org-${o}`, description: '', createdAt: T0, updatedAt: T0 }));
      return o;
    };
    const task = (orgId: string, over: Partial<TaskRecord> = {}): TaskRecord => ({
      id: id('b'), orgId, ownerId: 'cccccccccccccccc', name: 't', description: '', status: 'active', flux: 'option task = {name: "t", every: 1s}',
      every: '1s', cron: null, offset: null, concurrency: 1, retry: 1, latestCompleted: T0, lastRunStatus: null, lastRunError: null,
      nextScheduledFor: at(1), nextDueAt: at(1), createdAt: T0, updatedAt: T0, ...over,
    });
    const run = (t: TaskRecord, over: Partial<RunRecord> = {}): RunRecord => ({
      id: id('d'), taskId: t.id, orgId: t.orgId, status: 'started', scheduledFor: at(1), scheduleKey: at(1), requestedAt: at(1), startedAt: at(1),
      finishedAt: null, error: null, attempt: 1, leaseOwner: 'i1', leaseExpiresAt: at(31), ...over,
    });
    const insertTask = async (t: TaskRecord) => { await storage.writes.write((tx) => s.tasks.insert(tx, t)); return t; };

    before(async () => ({ storage, cleanup } = await open()));
    after(async () => cleanup());

    test('tasks: insert, find, list with filters and paging, update, delete', async () => {
      const o = await org();
      const a = await insertTask(task(o, { name: 'a' }));
      const b = await insertTask(task(o, { name: 'b', status: 'inactive', nextScheduledFor: null, nextDueAt: null }));
      assert.deepEqual(await s.tasks.findById(storage.db, a.id), a);
      assert.deepEqual((await s.tasks.list(storage.db, { orgIds: [o], limit: 10 })).map((t) => t.id), [a.id, b.id].sort());
      assert.deepEqual((await s.tasks.list(storage.db, { orgIds: [o], status: 'inactive', limit: 10 })).map((t) => t.id), [b.id]);
      assert.deepEqual((await s.tasks.list(storage.db, { orgIds: [o], name: 'a', limit: 10 })).map((t) => t.id), [a.id]);
      const first = [a.id, b.id].sort()[0]!;
      assert.equal((await s.tasks.list(storage.db, { orgIds: [o], after: first, limit: 10 })).length, 1);
      assert.deepEqual(await s.tasks.list(storage.db, { orgIds: [], limit: 10 }), []);
      await storage.writes.write((tx) => s.tasks.update(tx, a.id, { description: 'd', every: null, cron: '0 * * * *', updatedAt: at(5) }));
      const updated = await s.tasks.findById(storage.db, a.id);
      assert.deepEqual([updated?.description, updated?.every, updated?.cron, updated?.updatedAt], ['d', null, '0 * * * *', at(5)]);
      assert.equal(await storage.writes.write((tx) => s.tasks.delete(tx, a.id)), true);
      assert.equal(await storage.writes.write((tx) => s.tasks.delete(tx, a.id)), false);
    });

    test('tasks: dueGroups lists the due schedule points of active tasks', async () => {
      const o = await org();
      await insertTask(task(o, { nextScheduledFor: at(100), nextDueAt: at(100) }));
      await insertTask(task(o, { nextScheduledFor: at(100), nextDueAt: at(100) }));
      await insertTask(task(o, { nextScheduledFor: at(100), nextDueAt: at(110), every: '1m', offset: '10s' }));
      await insertTask(task(o, { status: 'inactive', nextScheduledFor: at(100), nextDueAt: at(100) }));
      await insertTask(task(o, { nextScheduledFor: at(200), nextDueAt: at(200) }));
      const groups = (await s.tasks.dueGroups(storage.db, at(150))).filter((g) => g.nextScheduledFor === at(100));
      assert.deepEqual(groups.map((g) => [g.every, g.offset, g.count]).sort(), [['1m', '10s', 1], ['1s', null, 2]]);
      assert.deepEqual((await s.tasks.dueGroups(storage.db, at(105))).filter((g) => g.nextScheduledFor === at(100)).map((g) => g.every), ['1s']);
      assert.ok((await s.tasks.earliestDue(storage.db))! <= at(100));
    });

    const group = (over: Partial<{ nextScheduledFor: string; every: string | null; cron: string | null; offset: string | null }> = {}) =>
      ({ nextScheduledFor: at(10), every: '1s', cron: null, offset: null, count: 0, ...over });

    test('tasks: claimGroup is a compare-and-set; only one of two claims of the same time wins', async () => {
      const o = await org();
      const t = await insertTask(task(o, { nextScheduledFor: at(10), nextDueAt: at(10), name: 'cas' }));
      const next = { scheduledFor: at(11), dueAt: at(11) };
      const [x, y] = await Promise.all([
        storage.writes.write((tx) => s.tasks.claimGroup(tx, group(), next, at(10), 100)),
        storage.writes.write((tx) => s.tasks.claimGroup(tx, group(), next, at(10), 100)),
      ]);
      assert.deepEqual([...x, ...y].filter((r) => r.orgId === o).map((r) => [r.id, r.name, r.nextScheduledFor]), [[t.id, 'cas', at(11)]]);
      assert.equal((await s.tasks.findById(storage.db, t.id))?.nextScheduledFor, at(11));
    });

    test('tasks: claimGroup takes only its group, up to the limit, and skips inactive tasks and tasks at their concurrency limit', async () => {
      const o = await org();
      const g = group({ nextScheduledFor: at(20), every: '7s' });
      const busy = await insertTask(task(o, { nextScheduledFor: at(20), nextDueAt: at(20), every: '7s' }));
      const idle = await insertTask(task(o, { nextScheduledFor: at(20), nextDueAt: at(20), every: '7s' }));
      const roomy = await insertTask(task(o, { nextScheduledFor: at(20), nextDueAt: at(20), every: '7s', concurrency: 2 }));
      await insertTask(task(o, { status: 'inactive', nextScheduledFor: at(20), nextDueAt: at(20), every: '7s' }));
      const other = await insertTask(task(o, { nextScheduledFor: at(20), nextDueAt: at(20), every: '7s', offset: '1s' }));
      await storage.writes.write((tx) => s.runs.insert(tx, [run(busy, { scheduledFor: at(13), scheduleKey: at(13) }), run(roomy, { scheduledFor: at(13), scheduleKey: at(13) })]));
      const next = { scheduledFor: at(27), dueAt: at(27) };
      const one = await storage.writes.write((tx) => s.tasks.claimGroup(tx, g, next, at(20), 1));
      assert.equal(one.length, 1);
      const rest = await storage.writes.write((tx) => s.tasks.claimGroup(tx, g, next, at(20), 100));
      assert.deepEqual([...one, ...rest].map((t) => t.id).sort(), [idle.id, roomy.id].sort());
      assert.equal((await s.tasks.findById(storage.db, other.id))?.nextScheduledFor, at(20), 'another group is untouched');
      assert.equal((await s.tasks.findById(storage.db, busy.id))?.nextScheduledFor, at(20), 'the busy task waits');
    });

    test('runs: insertClaimed starts one run per claimed task with database-made IDs', async () => {
      const o = await org();
      const a = await insertTask(task(o));
      const b = await insertTask(task(o));
      const c = { scheduledFor: at(30), requestedAt: at(31), leaseOwner: 'i9', leaseExpiresAt: at(61) };
      const runs = await storage.writes.write((tx) => s.runs.insertClaimed(tx, [a.id, b.id], c));
      assert.deepEqual(runs.map((r) => r.taskId).sort(), [a.id, b.id].sort());
      for (const r of runs) {
        assert.match(r.id, /^[0-9a-f]{16}$/);
        assert.deepEqual([r.orgId, r.status, r.scheduledFor, r.scheduleKey, r.requestedAt, r.startedAt, r.attempt, r.leaseOwner, r.leaseExpiresAt, r.finishedAt],
          [o, 'started', at(30), at(30), at(31), at(31), 1, 'i9', at(61), null]);
        assert.deepEqual(await s.runs.find(storage.db, r.taskId, r.id), r);
      }
      assert.notEqual(runs[0]!.id, runs[1]!.id);
      await assert.rejects(storage.writes.write((tx) => s.runs.insertClaimed(tx, [a.id], c)), Error, 'the same scheduled time twice');
    });

    test('runs: a scheduled time is unique per task; manual runs (no key) are not', async () => {
      const o = await org();
      const t = await insertTask(task(o));
      await storage.writes.write((tx) => s.runs.insert(tx, [run(t)]));
      await assert.rejects(storage.writes.write((tx) => s.runs.insert(tx, [run(t)])));
      await storage.writes.write((tx) => s.runs.insert(tx, [run(t, { scheduleKey: null, status: 'scheduled' }), run(t, { scheduleKey: null, status: 'scheduled' })]));
      assert.equal((await s.runs.list(storage.db, t.id, { limit: 10 })).length, 3);
      assert.equal(await s.runs.countStarted(storage.db, t.id), 1);
    });

    test('runs: list newest first with time bounds; find is scoped to the task', async () => {
      const o = await org();
      const t = await insertTask(task(o));
      const other = await insertTask(task(o));
      const runs = [1, 2, 3].map((i) => run(t, { scheduledFor: at(i), scheduleKey: at(i), status: 'success' }));
      await storage.writes.write((tx) => s.runs.insert(tx, runs));
      assert.deepEqual((await s.runs.list(storage.db, t.id, { limit: 10 })).map((r) => r.scheduledFor), [at(3), at(2), at(1)]);
      assert.deepEqual((await s.runs.list(storage.db, t.id, { afterTime: at(1), beforeTime: at(3), limit: 10 })).map((r) => r.scheduledFor), [at(2)]);
      assert.equal((await s.runs.list(storage.db, t.id, { limit: 1 })).length, 1);
      assert.deepEqual(await s.runs.find(storage.db, t.id, runs[0]!.id), runs[0]);
      assert.equal(await s.runs.find(storage.db, other.id, runs[0]!.id), undefined);
    });

    test('runs: queued runs are claimed once, only for active tasks', async () => {
      const o = await org();
      const t = await insertTask(task(o));
      const off = await insertTask(task(o, { status: 'inactive' }));
      const queued = [run(t, { status: 'scheduled', scheduleKey: null, leaseOwner: null, leaseExpiresAt: null, startedAt: null }), run(off, { status: 'scheduled', scheduleKey: null, leaseOwner: null, leaseExpiresAt: null, startedAt: null })];
      await storage.writes.write((tx) => s.runs.insert(tx, queued));
      const [x, y] = await Promise.all([
        storage.writes.write((tx) => s.runs.claimQueued(tx, 'i1', at(2), at(32), 100)),
        storage.writes.write((tx) => s.runs.claimQueued(tx, 'i2', at(2), at(32), 100)),
      ]);
      assert.equal(await s.runs.anyQueued(storage.db), true);
      const mine = [...x, ...y].filter((r) => r.taskId === t.id || r.taskId === off.id);
      assert.deepEqual(mine.map((r) => r.id), [queued[0]!.id]);
      assert.equal(mine[0]!.status, 'started');
      assert.equal(mine[0]!.startedAt, at(2));
      assert.equal(mine[0]!.leaseExpiresAt, at(32));
    });

    test('runs: finish only by the lease owner of a started run; cancel; renew reports runs still held', async () => {
      const o = await org();
      const t = await insertTask(task(o));
      const a = run(t, { scheduledFor: at(1), scheduleKey: at(1) });
      const b = run(t, { scheduledFor: at(2), scheduleKey: at(2) });
      await storage.writes.write((tx) => s.runs.insert(tx, [a, b]));
      assert.equal(await storage.writes.write((tx) => s.runs.finish(tx, a.id, 'someone-else', { status: 'success', finishedAt: at(3), error: null })), false);
      assert.deepEqual((await storage.writes.write((tx) => s.runs.renew(tx, 'i1', [a.id, b.id], at(60)))).sort(), [a.id, b.id].sort());
      assert.deepEqual(await storage.writes.write((tx) => s.runs.renew(tx, 'someone-else', [a.id], at(60))), []);
      assert.equal(await storage.writes.write((tx) => s.runs.cancel(tx, b.id, at(4))), 'started');
      assert.equal(await storage.writes.write((tx) => s.runs.cancel(tx, b.id, at(4))), undefined);
      assert.deepEqual(await storage.writes.write((tx) => s.runs.renew(tx, 'i1', [a.id, b.id], at(60))), [a.id]);
      assert.equal(await storage.writes.write((tx) => s.runs.finish(tx, a.id, 'i1', { status: 'failed', finishedAt: at(5), error: 'boom' })), true);
      const done = await s.runs.find(storage.db, t.id, a.id);
      assert.deepEqual([done?.status, done?.error, done?.finishedAt, done?.leaseOwner, done?.leaseExpiresAt], ['failed', 'boom', at(5), 'i1', null]);
      assert.equal(await storage.writes.write((tx) => s.runs.finish(tx, b.id, 'i1', { status: 'success', finishedAt: at(5), error: null })), false);
      assert.equal((await s.runs.find(storage.db, t.id, b.id))?.status, 'canceled');
    });

    test('runs: expire fails started runs whose lease ran out, and only those', async () => {
      const o = await org();
      const t = await insertTask(task(o, { concurrency: 5 }));
      const old = run(t, { scheduledFor: at(1), scheduleKey: at(1), leaseExpiresAt: at(10) });
      const fresh = run(t, { scheduledFor: at(2), scheduleKey: at(2), leaseExpiresAt: at(100) });
      await storage.writes.write((tx) => s.runs.insert(tx, [old, fresh]));
      const expired = (await storage.writes.write((tx) => s.runs.expire(tx, at(50), 'lease expired'))).filter((r) => r.taskId === t.id);
      assert.deepEqual(expired.map((r) => [r.id, r.status, r.error]), [[old.id, 'failed', 'lease expired']]);
      assert.equal((await s.runs.find(storage.db, t.id, fresh.id))?.status, 'started');
    });

    test('runs: logs per run and per task, the newest N oldest first; deleting a task removes its runs and logs', async () => {
      const o = await org();
      const t = await insertTask(task(o, { concurrency: 5 }));
      const a = run(t, { scheduledFor: at(1), scheduleKey: at(1) });
      const b = run(t, { scheduledFor: at(2), scheduleKey: at(2) });
      await storage.writes.write(async (tx) => {
        await s.runs.insert(tx, [a, b]);
        await s.runs.appendLogs(tx, [1, 2, 3].map((i) => ({ runId: a.id, taskId: t.id, time: at(i), message: `a${i}` })));
        await s.runs.appendLogs(tx, [{ runId: b.id, taskId: t.id, time: at(4), message: 'b1' }]);
      });
      assert.deepEqual((await s.runs.logs(storage.db, t.id, a.id, 100)).map((l) => l.message), ['a1', 'a2', 'a3']);
      assert.deepEqual((await s.runs.logs(storage.db, t.id, undefined, 2)).map((l) => l.message), ['a3', 'b1']);
      await storage.writes.write((tx) => s.tasks.delete(tx, t.id));
      assert.deepEqual(await s.runs.logs(storage.db, t.id, undefined, 100), []);
      assert.equal(await s.runs.find(storage.db, t.id, a.id), undefined);
    });

    test('tasks: recordCompletion keeps latestCompleted moving forward only', async () => {
      const o = await org();
      const t = await insertTask(task(o, { latestCompleted: at(5) }));
      await storage.writes.write((tx) => s.tasks.recordCompletion(tx, t.id, { scheduledFor: at(10), status: 'success', error: null }));
      await storage.writes.write((tx) => s.tasks.recordCompletion(tx, t.id, { scheduledFor: at(7), status: 'failed', error: 'x' }));
      const got = await s.tasks.findById(storage.db, t.id);
      assert.deepEqual([got?.latestCompleted, got?.lastRunStatus, got?.lastRunError], [at(10), 'failed', 'x']);
    });

    test('scripts: insert, find by id and name, names unique per org, list with paging, update, delete', async () => {
      const o = await org();
      const o2 = await org();
      const mk = (orgId: string, name: string) => ({ id: id('e'), orgId, name, description: '', language: 'flux', script: 'x = 1', createdAt: T0, updatedAt: T0 });
      const a = mk(o, 'alpha');
      await storage.writes.write(async (tx) => { await s.scripts.insert(tx, a); await s.scripts.insert(tx, mk(o, 'beta')); await s.scripts.insert(tx, mk(o2, 'alpha')); });
      await assert.rejects(storage.writes.write((tx) => s.scripts.insert(tx, mk(o, 'alpha'))));
      assert.deepEqual(await s.scripts.findById(storage.db, a.id), a);
      assert.equal((await s.scripts.findByName(storage.db, o, 'alpha'))?.id, a.id);
      assert.deepEqual((await s.scripts.list(storage.db, { orgIds: [o], limit: 10, offset: 0 })).map((x) => x.name), ['alpha', 'beta']);
      assert.deepEqual((await s.scripts.list(storage.db, { orgIds: [o], limit: 10, offset: 1 })).map((x) => x.name), ['beta']);
      assert.deepEqual((await s.scripts.list(storage.db, { orgIds: [o, o2], name: 'alpha', limit: 10, offset: 0 })).length, 2);
      await storage.writes.write((tx) => s.scripts.update(tx, a.id, { script: 'y = 2', updatedAt: at(1) }));
      assert.equal((await s.scripts.findById(storage.db, a.id))?.script, 'y = 2');
      assert.equal(await storage.writes.write((tx) => s.scripts.delete(tx, a.id)), true);
      assert.equal(await s.scripts.findById(storage.db, a.id), undefined);
    });

    test('secret references: static keys replaced on update, run-time reads kept, names joined, counts per key', async () => {
      const o = await org();
      const t = await insertTask(task(o, { name: 'nightly' }));
      const sc = { id: id('e'), orgId: o, name: 'adhoc', description: '', language: 'flux', script: '', createdAt: T0, updatedAt: T0 };
      await storage.writes.write(async (tx) => {
        await s.scripts.insert(tx, sc);
        await s.secretReferences.setReferenced(tx, o, 'task', t.id, ['pg', 'api', 'pg']);
        await s.secretReferences.setReferenced(tx, o, 'script', sc.id, ['pg']);
        await s.secretReferences.recordRead(tx, o, 'task', t.id, 'dynamic', at(3));
        await s.secretReferences.recordRead(tx, o, 'task', t.id, 'pg', at(4));
      });
      const users = await s.secretReferences.usersOf(storage.db, o, ['pg', 'dynamic', 'none']);
      assert.deepEqual(users.map((u) => [u.key, u.ownerType, u.ownerName, u.referenced, u.lastReadAt]), [
        ['dynamic', 'task', 'nightly', false, at(3)],
        ['pg', 'script', 'adhoc', true, null],
        ['pg', 'task', 'nightly', true, at(4)],
      ]);
      assert.deepEqual(Object.fromEntries(await s.secretReferences.countsFor(storage.db, o)), { api: 1, dynamic: 1, pg: 2 });
      // The task no longer names "api" or "pg" in its source: "api" goes; "pg" and "dynamic" stay (they were read).
      await storage.writes.write((tx) => s.secretReferences.setReferenced(tx, o, 'task', t.id, []));
      assert.deepEqual((await s.secretReferences.ofOwner(storage.db, 'task', t.id)).map((r) => [r.key, r.referenced]), [['dynamic', false], ['pg', false]]);
      await storage.writes.write((tx) => s.secretReferences.deleteOwner(tx, 'task', t.id));
      assert.deepEqual(await s.secretReferences.ofOwner(storage.db, 'task', t.id), []);
      assert.deepEqual(Object.fromEntries(await s.secretReferences.countsFor(storage.db, o)), { pg: 1 });
    });
  });
}
