/**
 * Two real server processes on one PostgreSQL database: every scheduled tick of 100 `every: 1s`
 * tasks runs exactly once across both (over 1,000 ticks, none twice, none skipped); then one
 * instance is killed mid-run, and once its lease expires the other marks the run failed and runs
 * the retry the task asks for. PostgreSQL must be reachable at 127.0.0.1:5432; this never skips.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { LEASE_EXPIRED } from '../../src/tasks/scheduler.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { type RunningServer, api, setupInstance, startServer } from '../helpers/server.js';

const TASKS = 100;
const SECONDS = 10;
// Long enough that a busy machine (two cores shared with other suites) does not lose leases of live runs.
const LEASE_MS = 6000;

let db: { url: string; drop(): Promise<void> };
let client: pg.Client;
let servers: RunningServer[] = [];
let slow: Server;
let slowUrl: string;
let slowRequests = 0;
let token: string;
let orgId: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

before(async () => {
  db = await freshPostgresDatabase();
  const env = {
    STRONGROOM_MASTER_KEY: randomBytes(32).toString('base64'), STRONGROOM_LOG_LEVEL: 'warn',
    STRONGROOM_TASK_LEASE_MS: String(LEASE_MS), STRONGROOM_TASK_POLL_MS: '500', STRONGROOM_TASK_CONCURRENCY: '32',
  };
  const args = ['--storage', 'postgres', '--postgres-url', db.url];
  servers = await Promise.all([startServer({ args, env }), startServer({ args, env })]);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // The first request never gets an answer (its run hangs until its instance dies); later ones do.
  slow = createServer((_req, res) => { if (++slowRequests > 1) res.end('ok'); });
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  slowUrl = `http://127.0.0.1:${(slow.address() as { port: number }).port}/`;
  ({ token, orgId } = await setupInstance(servers[0]!.url));
});

after(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  slow.closeAllConnections();
  slow.close();
  await client?.end();
  await db?.drop();
});

test(`${TASKS} tasks every 1s on two instances: each of 1,000+ ticks runs exactly once`, async () => {
  const [a, b] = servers as [RunningServer, RunningServer];
  const ids: string[] = [];
  const t0 = Date.now();
  await Promise.all(Array.from({ length: TASKS }, async (_, i) => {
    const r = await api(i % 2 === 0 ? a.url : b.url, token, 'POST', '/api/v2/tasks', { orgID: orgId, flux: `import "array"\noption task = {name: "t${i}", every: 1s}\narray.from(rows: [{i: ${i}}])\n` });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }));
  const created = Date.now() - t0;
  // About SECONDS s unloaded; allow more on a busy machine (catching up is part of what is tested).
  await until('1,000 runs', async () => Number((await client.query("SELECT count(*) AS n FROM task_runs WHERE status = 'success'")).rows[0].n) >= 1000, 45_000);
  const t1 = Date.now();
  await Promise.all(ids.map((id, i) => api(i % 2 === 0 ? b.url : a.url, token, 'PATCH', `/api/v2/tasks/${id}`, { status: 'inactive' })));
  await until('runs in flight to finish', async () => Number((await client.query("SELECT count(*) AS n FROM task_runs WHERE status IN ('scheduled', 'started')")).rows[0].n) === 0, 15_000);
  console.log(`created ${TASKS} tasks in ${created} ms; 1,000 runs after ${t1 - t0} ms; deactivated and settled in ${Date.now() - t1} ms`);

  const dupes = await client.query('SELECT task_id, scheduled_for, count(*) AS n FROM task_runs GROUP BY task_id, scheduled_for HAVING count(*) > 1');
  assert.deepEqual(dupes.rows, [], 'no scheduled time ran twice');
  const runs = await client.query<{ task_id: string; scheduled_for: string; status: string; lease_owner: string }>('SELECT task_id, scheduled_for, status, lease_owner FROM task_runs ORDER BY task_id, scheduled_for');
  assert.ok(runs.rows.length >= 1000, `at least 1,000 runs, got ${runs.rows.length}`);
  const byTask = new Map<string, number[]>();
  for (const r of runs.rows) byTask.set(r.task_id, [...(byTask.get(r.task_id) ?? []), Date.parse(r.scheduled_for)]);
  assert.equal(byTask.size, TASKS);
  for (const [task, times] of byTask) {
    for (let i = 1; i < times.length; i++) assert.equal(times[i]! - times[i - 1]!, 1000, `task ${task}: tick skipped or repeated at ${new Date(times[i]!).toISOString()}`);
  }
  const failed = await client.query('SELECT error, count(*) AS n FROM task_runs WHERE status <> $1 GROUP BY error', ['success']);
  assert.deepEqual(failed.rows, [], 'every run succeeded');
  const owners = new Set(runs.rows.map((r) => r.lease_owner));
  assert.equal(owners.size, 2, 'both instances claimed runs');
});

test('an instance killed mid-run: after its lease expires the run is failed and retried on the other', async () => {
  const r = await api(servers[0]!.url, token, 'POST', '/api/v2/tasks', { orgID: orgId, flux: `import "http/requests"\noption task = {name: "hangs", every: 24h, retry: 2}\nr = requests.get(url: "${slowUrl}")\n` });
  assert.equal(r.status, 201, r.text);
  const run = await api(servers[0]!.url, token, 'POST', `/api/v2/tasks/${r.json.id}/runs`, {});
  const owner = await until('the run to start', async () => (await client.query<{ lease_owner: string }>("SELECT lease_owner FROM task_runs WHERE id = $1 AND status = 'started'", [run.json.id])).rows[0]?.lease_owner);
  const victim = servers.find((s) => owner.includes(`-${s.child.pid}-`))!;
  const survivor = servers.find((s) => s !== victim)!;
  assert.ok(victim && survivor, `owner ${owner} is one of the two instances`);
  await until('the hanging request', async () => slowRequests >= 1);
  await victim.stop('SIGKILL');
  const killedAt = Date.now();

  const failed = await until('the lease to expire', async () => (await client.query<{ status: string; error: string }>('SELECT status, error FROM task_runs WHERE id = $1', [run.json.id])).rows.find((x) => x.status === 'failed'), 15_000);
  assert.equal(failed.error, LEASE_EXPIRED);
  assert.ok(Date.now() - killedAt >= LEASE_MS / 3, 'not before the lease could have run out');
  const seen = await api(survivor.url, token, 'GET', `/api/v2/tasks/${r.json.id}/runs/${run.json.id}`);
  assert.equal(seen.json.status, 'failed');
  assert.ok(seen.json.log.some((l: { message: string }) => l.message === `Error: ${LEASE_EXPIRED}`));

  const retry = await until('the retry to succeed', async () => (await client.query<{ status: string; attempt: number; lease_owner: string; scheduled_for: string }>(
    "SELECT status, attempt, lease_owner, scheduled_for FROM task_runs WHERE task_id = $1 AND id <> $2 AND status = 'success'", [r.json.id, run.json.id])).rows[0], 15_000);
  assert.equal(Number(retry.attempt), 2);
  assert.ok(retry.lease_owner.includes(`-${survivor.child.pid}-`), 'the surviving instance ran the retry');
  const task = await api(survivor.url, token, 'GET', `/api/v2/tasks/${r.json.id}`);
  assert.equal(task.json.lastRunStatus, 'success');
});
