/**
 * The scheduler on a controllable clock over a real SQLite store: when runs are claimed, offset,
 * inactive tasks, catching up after downtime, per-task concurrency, lease expiry and retries.
 * The scheduler is driven by tick() here; its timers are not started.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunRecord } from '../../src/storage/contracts.js';
import { LEASE_EXPIRED } from '../../src/tasks/scheduler.js';
import { MAX_CATCH_UP_RUNS } from '../../src/tasks/schedule.js';
import { type ClockedServices, clockedServices, settle } from './helpers.js';

let c: ClockedServices;
before(async () => { c = await clockedServices('2026-03-01T02:30:00.500Z'); });
after(async () => c.close());

const runsOf = async (taskId: string) => (await c.services.tasks.runs(c.principal, taskId, { limit: 500 })).runs;
const logsOf = async (taskId: string) => (await c.services.tasks.logs(c.principal, taskId)).map((l) => l.message);
const create = async (flux: string, status = 'active') => (await c.services.tasks.create(c.principal, { orgID: c.orgId, flux, status })).task;
const deactivate = (id: string) => c.services.tasks.update(c.principal, id, { status: 'inactive' });

test('every 1h saved at 2:30 runs first at 3:00, with now() = the scheduled time', async () => {
  c.clock.now = new Date('2026-03-01T02:30:00.500Z');
  const t = await create('option task = {name: "hourly", every: 1h}\ndisplay(v: now())');
  assert.equal(t.nextDueAt, '2026-03-01T03:00:00.000Z');
  c.clock.now = new Date('2026-03-01T02:59:59.999Z');
  await settle(c.services);
  assert.equal((await runsOf(t.id)).length, 0, 'not before its time');
  c.clock.now = new Date('2026-03-01T03:00:00.020Z');
  await settle(c.services);
  const runs = await runsOf(t.id);
  assert.deepEqual(runs.map((r) => [r.scheduledFor, r.status]), [['2026-03-01T03:00:00.000Z', 'success']]);
  assert.ok((await logsOf(t.id)).some((m) => m.includes('2026-03-01T03:00:00')), 'display(now()) shows the scheduled time');
  const after = await c.services.tasks.get(c.principal, t.id);
  assert.deepEqual([after.latestCompleted, after.lastRunStatus, after.nextScheduledFor], ['2026-03-01T03:00:00.000Z', 'success', '2026-03-01T04:00:00.000Z']);
  await deactivate(t.id);
});

test('offset delays the start; now() stays the scheduled time', async () => {
  c.clock.now = new Date('2026-03-01T05:00:30Z');
  const t = await create('option task = {name: "offset", every: 1m, offset: 10s}\ndisplay(v: now())');
  c.clock.now = new Date('2026-03-01T05:01:09Z');
  await settle(c.services);
  assert.equal((await runsOf(t.id)).length, 0);
  c.clock.now = new Date('2026-03-01T05:01:10Z');
  await settle(c.services);
  assert.deepEqual((await runsOf(t.id)).map((r) => [r.scheduledFor, r.startedAt]), [['2026-03-01T05:01:00.000Z', '2026-03-01T05:01:10.000Z']]);
  assert.ok((await logsOf(t.id)).some((m) => m === 'display: 2026-03-01T05:01:00.000000000Z'), JSON.stringify(await logsOf(t.id)));
  await deactivate(t.id);
});

test('inactive tasks do not run; activating again starts from now without catching up', async () => {
  c.clock.now = new Date('2026-03-01T06:00:00.500Z');
  const t = await create('option task = {name: "off", every: 1s}\nx = 1', 'inactive');
  assert.equal(t.nextDueAt, null);
  c.clock.now = new Date('2026-03-01T06:00:30Z');
  await settle(c.services);
  assert.equal((await runsOf(t.id)).length, 0);
  await c.services.tasks.update(c.principal, t.id, { status: 'active' });
  const active = await c.services.tasks.get(c.principal, t.id);
  assert.equal(active.nextScheduledFor, '2026-03-01T06:00:31.000Z');
  await assert.rejects(c.services.tasks.runManually(c.principal, (await deactivate(t.id)).task.id), /inactive/);
});

test('after downtime, missed runs are caught up in order from latestCompleted, bounded', async () => {
  c.clock.now = new Date('2026-03-01T07:00:00.500Z');
  const t = await create('option task = {name: "catchup", every: 1s}\nx = 1');
  c.clock.now = new Date('2026-03-01T07:00:05.500Z'); // five missed runs: 01 .. 05
  await settle(c.services);
  assert.deepEqual((await runsOf(t.id)).map((r) => r.scheduledFor.slice(11, 19)).reverse(), ['07:00:01', '07:00:02', '07:00:03', '07:00:04', '07:00:05']);
  c.clock.now = new Date('2026-03-01T09:00:00.500Z'); // two hours down: only the newest MAX_CATCH_UP_RUNS
  await c.services.scheduler.tick();
  await c.services.scheduler.idle();
  const first = (await runsOf(t.id))[0]!;
  assert.equal(first.scheduledFor, new Date(Date.parse('2026-03-01T09:00:00Z') - (MAX_CATCH_UP_RUNS - 1) * 1000).toISOString());
  await deactivate(t.id);
});

test('cron tasks run at their UTC times', async () => {
  c.clock.now = new Date('2026-03-01T10:00:01Z');
  const t = await create('option task = {name: "cron", cron: "*/20 * * * * *"}\nx = 1');
  c.clock.now = new Date('2026-03-01T10:00:41Z');
  await settle(c.services);
  assert.deepEqual((await runsOf(t.id)).map((r) => r.scheduledFor).reverse(), ['2026-03-01T10:00:20.000Z', '2026-03-01T10:00:40.000Z']);
  await deactivate(t.id);
});

test('a failing run is recorded with its error; with retry: 2 it is retried once', async () => {
  c.clock.now = new Date('2026-03-01T11:00:00.500Z');
  const t = await create('import "influxdata/influxdb/secrets"\noption task = {name: "fails", every: 1h, retry: 2}\nx = secrets.get(key: "missing")');
  c.clock.now = new Date('2026-03-01T12:00:00Z');
  await settle(c.services);
  const runs = await runsOf(t.id);
  assert.deepEqual(runs.map((r) => [r.status, r.attempt, r.scheduledFor]).sort((a, b) => Number(a[1]) - Number(b[1])), [['failed', 1, '2026-03-01T12:00:00.000Z'], ['failed', 2, '2026-03-01T12:00:00.000Z']]);
  assert.match(runs[0]!.error ?? '', /secret not found/);
  const task = await c.services.tasks.get(c.principal, t.id);
  assert.equal(task.lastRunStatus, 'failed');
  assert.match(task.lastRunError ?? '', /secret not found/);
  assert.ok((await logsOf(t.id)).some((m) => /^Error: .*secret not found/.test(m)));
  await deactivate(t.id);
});

test('a run whose instance died is failed when its lease expires, then retried if the task allows', async () => {
  c.clock.now = new Date('2026-03-01T13:00:00.500Z');
  const t = await create('option task = {name: "orphan", every: 1h, retry: 2}\nx = 1');
  const { stores, storage } = c.services.deps;
  const orphan: RunRecord = {
    id: 'dddddddddddd0001', taskId: t.id, orgId: t.orgId, status: 'started', scheduledFor: '2026-03-01T13:00:00.000Z', scheduleKey: '2026-03-01T13:00:00.000Z',
    requestedAt: '2026-03-01T13:00:00.000Z', startedAt: '2026-03-01T13:00:00.000Z', finishedAt: null, error: null, attempt: 1,
    leaseOwner: 'dead-instance', leaseExpiresAt: '2026-03-01T13:00:30.000Z',
  };
  await storage.writes.write((tx) => stores.runs.insert(tx, [orphan]));
  c.clock.now = new Date('2026-03-01T13:00:20Z');
  await settle(c.services);
  assert.equal((await runsOf(t.id)).find((r) => r.id === orphan.id)?.status, 'started', 'the lease still holds');
  c.clock.now = new Date('2026-03-01T13:00:31Z');
  await settle(c.services);
  const runs = await runsOf(t.id);
  const dead = runs.find((r) => r.id === orphan.id)!;
  assert.deepEqual([dead.status, dead.error], ['failed', LEASE_EXPIRED]);
  const retry = runs.find((r) => r.id !== orphan.id)!;
  assert.deepEqual([retry.status, retry.attempt, retry.scheduledFor], ['success', 2, orphan.scheduledFor]);
  await deactivate(t.id);
});

test('per-task concurrency: a scheduled time waits while the previous run is still started', async () => {
  c.clock.now = new Date('2026-03-01T14:00:00.500Z');
  const t = await create('option task = {name: "busy", every: 1s}\nx = 1');
  const { stores, storage } = c.services.deps;
  await storage.writes.write((tx) => stores.runs.insert(tx, [{
    id: 'dddddddddddd0002', taskId: t.id, orgId: t.orgId, status: 'started', scheduledFor: '2026-03-01T13:59:59.000Z', scheduleKey: null,
    requestedAt: '2026-03-01T14:00:00.000Z', startedAt: '2026-03-01T14:00:00.000Z', finishedAt: null, error: null, attempt: 1,
    leaseOwner: 'other-instance', leaseExpiresAt: '2026-03-01T15:00:00.000Z',
  }]));
  c.clock.now = new Date('2026-03-01T14:00:03Z');
  await settle(c.services);
  assert.equal((await runsOf(t.id)).length, 1, 'nothing claimed while the other run holds the only slot');
  await c.services.tasks.cancel(c.principal, t.id, 'dddddddddddd0002');
  await settle(c.services);
  assert.deepEqual((await runsOf(t.id)).filter((r) => r.status === 'success').map((r) => r.scheduledFor.slice(11, 19)).reverse(), ['14:00:01', '14:00:02', '14:00:03']);
  await deactivate(t.id);
});

test('a run longer than the task timeout fails with a timeout error', async () => {
  const { createServer } = await import('node:http');
  const hang = createServer(() => { /* never answers */ });
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
  const quick = await clockedServices('2026-03-01T15:00:00.500Z', { timeoutMs: 300 });
  try {
    const url = `http://127.0.0.1:${(hang.address() as { port: number }).port}/`;
    const { task } = await quick.services.tasks.create(quick.principal, { orgID: quick.orgId, flux: `import "http/requests"\noption task = {name: "hangs", every: 1h}\nr = requests.get(url: "${url}")` });
    quick.clock.now = new Date('2026-03-01T16:00:00Z');
    const started = Date.now();
    await settle(quick.services);
    const [run] = (await quick.services.tasks.runs(quick.principal, task.id, { limit: 10 })).runs;
    assert.equal(run?.status, 'failed');
    assert.match(run?.error ?? '', /timeout|deadline|timed out/i);
    assert.ok(Date.now() - started < 5000, 'stopped near the timeout, not at the default');
  } finally {
    await quick.close();
    hang.closeAllConnections();
    hang.close();
  }
});

test('shutdown waits for runs in flight up to its grace period, then records them as stopped', async () => {
  const { createServer } = await import('node:http');
  const hang = createServer(() => { /* never answers */ });
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
  const s = await clockedServices('2026-03-01T17:00:00.500Z', { shutdownGraceMs: 300, timeoutMs: 60_000 });
  try {
    const url = `http://127.0.0.1:${(hang.address() as { port: number }).port}/`;
    const { task } = await s.services.tasks.create(s.principal, { orgID: s.orgId, flux: `import "http/requests"\noption task = {name: "inflight", every: 1h}\nr = requests.get(url: "${url}")` });
    s.clock.now = new Date('2026-03-01T18:00:00Z');
    await s.services.scheduler.tick();
    assert.equal(s.services.scheduler.runningCount, 1);
    const t0 = Date.now();
    await s.services.scheduler.stop();
    const waited = Date.now() - t0;
    assert.ok(waited >= 250 && waited < 5000, `waited ${waited} ms`);
    const [run] = (await s.services.tasks.runs(s.principal, task.id, { limit: 10 })).runs;
    assert.deepEqual([run?.status, run?.error], ['failed', 'run stopped: the server shut down']);
  } finally {
    await s.close();
    hang.closeAllConnections();
    hang.close();
  }
});
