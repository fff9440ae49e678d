/**
 * /api/v2/tasks and /api/v2/scripts over real HTTP, through the official clients (TasksAPI,
 * ScriptsAPI) where they apply: CRUD, option validation, a task running every second for real,
 * manual runs, retries, cancel, failures, where each secret is used, and the masking of secret
 * values in everything runs and logs return.
 */
import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { InfluxDB } from '@influxdata/influxdb-client';
import { ScriptsAPI, TasksAPI } from '@influxdata/influxdb-client-apis';
import { type InProcessServer, api, setupInstance, startInProcess } from '../helpers/server.js';

let server: InProcessServer;
let token: string;
let orgId: string;
let slow: Server;
let slowUrl: string;
const tasksApi = () => new TasksAPI(new InfluxDB({ url: server.url, token }));
const scriptsApi = () => new ScriptsAPI(new InfluxDB({ url: server.url, token }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
const runsOf = async (taskID: string) => (await tasksApi().getTasksIDRuns({ taskID })).runs ?? [];
const runWith = (taskID: string, runID: string, statuses: string[]) =>
  until(`run ${runID} to be ${statuses.join('|')}`, async () => (await runsOf(taskID)).find((r) => r.id === runID && statuses.includes(r.status ?? '')));

before(async () => {
  server = await startInProcess();
  ({ token, orgId } = await setupInstance(server.url));
  slow = createServer(() => { /* never answers: a run waiting on it can only be canceled */ });
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  slowUrl = `http://127.0.0.1:${(slow.address() as { port: number }).port}/`;
});
after(async () => {
  slow.closeAllConnections();
  slow.close();
  await server.stop();
});

describe('tasks through the official TasksAPI', () => {
  test('create, get, list with filters, patch (rewrites option task), deactivate, delete', async () => {
    const flux = 'option task = {name: "crud", every: 1h, offset: 5m}\nx = 1\n';
    const created = await tasksApi().postTasks({ body: { orgID: orgId, flux, description: 'first' } });
    assert.equal(created.name, 'crud');
    assert.equal(created.every, '1h');
    assert.equal(created.offset, '5m');
    assert.equal(created.status, 'active');
    assert.equal(created.orgID, orgId);
    assert.equal(created.org, 'acme');
    assert.equal(created.description, 'first');
    assert.equal(created.links?.runs, `/api/v2/tasks/${created.id}/runs`);
    assert.match((created as { nextRunAt?: string }).nextRunAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:05:00\.000Z$/);

    const got = await tasksApi().getTasksID({ taskID: created.id });
    assert.equal(got.flux, flux);
    const listed = await tasksApi().getTasks({ orgID: orgId, name: 'crud' });
    assert.deepEqual(listed.tasks?.map((t) => t.id), [created.id]);
    assert.equal((await tasksApi().getTasks({ org: 'acme', status: 'inactive', name: 'crud' })).tasks?.length, 0);

    const patched = await tasksApi().patchTasksID({ taskID: created.id, body: { cron: '0 4 * * *', name: 'renamed' } });
    assert.equal(patched.name, 'renamed');
    assert.equal(patched.cron, '0 4 * * *');
    assert.equal(patched.every, undefined);
    assert.equal(patched.flux, 'option task = {name: "renamed", offset: 5m, cron: "0 4 * * *"}\nx = 1\n');
    const off = await tasksApi().patchTasksID({ taskID: created.id, body: { status: 'inactive' } });
    assert.equal(off.status, 'inactive');
    assert.equal((off as { nextRunAt?: string }).nextRunAt, undefined);

    await tasksApi().deleteTasksID({ taskID: created.id });
    const gone = await api(server.url, token, 'GET', `/api/v2/tasks/${created.id}`);
    assert.deepEqual([gone.status, gone.json], [404, { code: 'not found', message: 'task not found' }]);
  });

  test('invalid options answer 400 with InfluxDB messages; nothing is created', async () => {
    const cases: [unknown, RegExp][] = [
      [{ orgID: orgId, flux: 'x = 1' }, /no task options defined/],
      [{ orgID: orgId, flux: 'option task = {name: "a", every: 500ms}' }, /every option must be at least 1 second/],
      [{ orgID: orgId, flux: 'option task = {name: "a", every: 1h, cron: "* * * * *"}' }, /exactly one of either cron or every/],
      [{ orgID: orgId, flux: 'option task = {name: "a", cron: "every day"}' }, /cron expression "every day"/],
      [{ orgID: orgId }, /flux is required/],
      [{ orgID: orgId, flux: 'option task = {name: "a", every: 1h}', status: 'paused' }, /status must be "active" or "inactive"/],
      [{ flux: 'option task = {name: "a", every: 1h}' }, /organization not found/],
    ];
    const before = (await tasksApi().getTasks({ orgID: orgId })).tasks?.length;
    for (const [body, re] of cases) {
      const r = await api(server.url, token, 'POST', '/api/v2/tasks', body);
      assert.ok(r.status === 400 || r.status === 404, `${r.status} ${r.text}`);
      assert.match(r.json.message, re);
    }
    assert.equal((await tasksApi().getTasks({ orgID: orgId })).tasks?.length, before);
    const limit = await api(server.url, token, 'GET', '/api/v2/tasks?limit=0');
    assert.deepEqual([limit.status, limit.json.code], [400, 'invalid']);
  });

  test('an every: 1s task runs for real, once per second, aligned to whole seconds', async () => {
    const t = await tasksApi().postTasks({ body: { orgID: orgId, flux: 'import "array"\noption task = {name: "tick", every: 1s}\narray.from(rows: [{n: 1}, {n: 2}])\n' } });
    const runs = await until('three runs', async () => {
      const r = (await runsOf(t.id)).filter((x) => x.status === 'success');
      return r.length >= 3 ? r : undefined;
    }, 10_000);
    await tasksApi().patchTasksID({ taskID: t.id, body: { status: 'inactive' } });
    const times = runs.map((r) => Date.parse(r.scheduledFor!)).sort();
    for (const ms of times) assert.equal(ms % 1000, 0);
    assert.equal(new Set(times).size, times.length, 'each scheduled time once');
    for (let i = 1; i < times.length; i++) assert.equal(times[i]! - times[i - 1]!, 1000, 'no second skipped');
    const logs = await tasksApi().getTasksIDRunsIDLogs({ taskID: t.id, runID: runs[0]!.id! });
    assert.deepEqual(logs.events?.map((e) => String(e.message).replace(/for \S+/, 'for T').replace(/claimed \S+\)/, 'claimed C)')), ['Started run scheduled for T (attempt 1, claimed C)', 'yield "_result": 1 table, 2 rows', 'Completed(success)']);
    assert.ok(logs.events?.every((e) => e.runID === runs[0]!.id));
    const task = await tasksApi().getTasksID({ taskID: t.id });
    assert.equal(task.lastRunStatus, 'success');
    assert.ok(Date.parse(task.latestCompleted!) >= Math.max(...times.slice(0, -1)));
  });

  test('manual run, retry, and a failing run recorded with its error', async () => {
    const t = await tasksApi().postTasks({ body: { orgID: orgId, flux: 'option task = {name: "manual", every: 24h}\ndie(msg: "the flux capacitor broke")\n' } });
    const run = await tasksApi().postTasksIDRuns({ taskID: t.id, body: { scheduledFor: '2026-01-02T03:04:05Z' } });
    assert.equal(run.status, 'scheduled');
    assert.equal(run.scheduledFor, '2026-01-02T03:04:05.000Z');
    const failed = await runWith(t.id, run.id!, ['failed']);
    assert.equal(failed.scheduledFor, '2026-01-02T03:04:05.000Z');
    const logs = (await tasksApi().getTasksIDRunsIDLogs({ taskID: t.id, runID: run.id! })).events?.map((e) => String(e.message)) ?? [];
    assert.ok(logs.some((m) => m.startsWith('Error: ') && m.includes('the flux capacitor broke')), JSON.stringify(logs));
    assert.equal(logs.at(-1), 'Completed(failed)');
    const task = await tasksApi().getTasksID({ taskID: t.id });
    assert.equal(task.lastRunStatus, 'failed');
    assert.match(task.lastRunError ?? '', /the flux capacitor broke/);

    const retry = await tasksApi().postTasksIDRunsIDRetry({ taskID: t.id, runID: run.id!, body: {} });
    assert.notEqual(retry.id, run.id);
    assert.equal(retry.scheduledFor, run.scheduledFor);
    await runWith(t.id, retry.id!, ['failed']);
    const one = await tasksApi().getTasksIDRunsID({ taskID: t.id, runID: retry.id! });
    assert.ok(Array.isArray(one.log) && one.log.length >= 3);
    const all = await tasksApi().getTasksIDLogs({ taskID: t.id });
    assert.deepEqual(new Set(all.events?.map((e) => e.runID)), new Set([run.id, retry.id]));

    const busy = await api(server.url, token, 'POST', `/api/v2/tasks/${t.id}/runs/${retry.id}/retry`);
    assert.equal(busy.status, 200, 'a finished run can be retried again');
    await tasksApi().patchTasksID({ taskID: t.id, body: { status: 'inactive' } });
    const blocked = await api(server.url, token, 'POST', `/api/v2/tasks/${t.id}/runs`, {});
    assert.deepEqual([blocked.status, blocked.json.code], [400, 'invalid']);
  });

  test('cancel stops a running run; it is recorded as canceled', async () => {
    const t = await tasksApi().postTasks({ body: { orgID: orgId, flux: `import "http/requests"\noption task = {name: "slow", every: 24h}\nr = requests.get(url: "${slowUrl}")\n` } });
    const run = await tasksApi().postTasksIDRuns({ taskID: t.id, body: {} });
    await runWith(t.id, run.id!, ['started']);
    await tasksApi().deleteTasksIDRunsID({ taskID: t.id, runID: run.id! });
    const canceled = await runWith(t.id, run.id!, ['canceled']);
    assert.ok(canceled.finishedAt);
    await until('the canceled run to log its end', async () => {
      const m = (await tasksApi().getTasksIDRunsIDLogs({ taskID: t.id, runID: run.id! })).events?.map((e) => e.message) ?? [];
      return m.includes('Completed(canceled)') ? m : undefined;
    });
    const again = await api(server.url, token, 'DELETE', `/api/v2/tasks/${t.id}/runs/${run.id}`);
    assert.equal(again.status, 404);
    await tasksApi().deleteTasksID({ taskID: t.id });
  });

  test('permissions: read-only tokens cannot change tasks; other orgs\' tasks are not found', async () => {
    const t = await tasksApi().postTasks({ body: { orgID: orgId, flux: 'option task = {name: "perm", every: 1h}\nx = 1' } });
    const ro = await api(server.url, token, 'POST', '/api/v2/authorizations', { orgID: orgId, permissions: [{ action: 'read', resource: { type: 'tasks', orgID: orgId } }, { action: 'read', resource: { type: 'orgs', id: orgId } }] });
    const roToken = ro.json.token as string;
    assert.equal((await api(server.url, roToken, 'GET', `/api/v2/tasks/${t.id}`)).status, 200);
    const denied = await api(server.url, roToken, 'PATCH', `/api/v2/tasks/${t.id}`, { status: 'inactive' });
    assert.deepEqual([denied.status, denied.json.code], [401, 'unauthorized']);
    assert.equal((await api(server.url, roToken, 'POST', `/api/v2/tasks/${t.id}/runs`, {})).status, 401);
    const other = await api(server.url, token, 'POST', '/api/v2/orgs', { name: 'elsewhere' });
    const otherTok = await api(server.url, token, 'POST', '/api/v2/authorizations', { orgID: other.json.id, permissions: [{ action: 'read', resource: { type: 'tasks', orgID: other.json.id } }, { action: 'read', resource: { type: 'orgs', id: other.json.id } }] });
    assert.equal((await api(server.url, otherTok.json.token, 'GET', `/api/v2/tasks/${t.id}`)).status, 404);
    assert.deepEqual((await api(server.url, otherTok.json.token, 'GET', '/api/v2/tasks')).json.tasks, []);
    await tasksApi().deleteTasksID({ taskID: t.id });
  });
});

describe('where each secret is used', () => {
  test('tasks and scripts referencing a key show in usedBy; changing or deleting it warns; missing keys are flagged', async () => {
    await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { pg_password: 'hunter2-pg-password' });
    const flux = 'import "influxdata/influxdb/secrets"\noption task = {name: "sync", every: 24h}\np = secrets.get(key: "pg_password")\nq = secrets.get(key: "not_there_yet")\n';
    const created = await api(server.url, token, 'POST', '/api/v2/tasks', { orgID: orgId, flux });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json.warnings, ['secret "not_there_yet" is referenced by the script but does not exist in the organization']);
    assert.match(created.headers.get('x-strongroom-warning') ?? '', /not_there_yet/);

    const meta = await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets/pg_password`);
    assert.deepEqual(meta.json.usedBy, [{ type: 'task', id: created.json.id, name: 'sync', lastReadAt: null }]);
    const details = await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets?details=true`);
    assert.equal(details.json.details.find((d: { key: string }) => d.key === 'pg_password').usedBy, 1);

    const patch = await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { pg_password: 'rotated-password' });
    assert.equal(patch.status, 204);
    assert.match(patch.headers.get('x-strongroom-warning') ?? '', new RegExp(`secret "pg_password" is used by task "sync" \\(${created.json.id}\\)`));

    // A run records the read: lastReadAt is set (the run fails on the missing key, after reading pg_password).
    const run = await api(server.url, token, 'POST', `/api/v2/tasks/${created.json.id}/runs`, {});
    await runWith(created.json.id, run.json.id, ['failed']);
    const read = await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets/pg_password`);
    assert.match(read.json.usedBy[0].lastReadAt, /^\d{4}-/);
    const audit = await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/audit?key=pg_password&action=read`);
    assert.equal(audit.status, 200, audit.text);
    const events = audit.json.events as { actor: { type: string; id: string; name: string } }[];
    assert.ok(events.some((e) => e.actor.type === 'task' && e.actor.id === created.json.id && e.actor.name === 'sync'), 'the read is audited under the task');

    const inUse = await api(server.url, token, 'DELETE', `/api/v2/orgs/${orgId}/secrets/pg_password`);
    assert.equal(inUse.status, 204);
    assert.match(inUse.headers.get('x-strongroom-warning') ?? '', /secret "pg_password" is used by task "sync"/);
    await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { pg_password: 'back-again' });
    const updated = await api(server.url, token, 'PATCH', `/api/v2/tasks/${created.json.id}`, { flux: flux.replace('q = secrets.get(key: "not_there_yet")\n', '') });
    assert.equal(updated.json.warnings, undefined);
    await api(server.url, token, 'DELETE', `/api/v2/tasks/${created.json.id}`);
    const after = await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets/pg_password`);
    assert.deepEqual(after.json.usedBy, []);
    const del = await api(server.url, token, 'DELETE', `/api/v2/orgs/${orgId}/secrets/pg_password`);
    assert.equal(del.headers.get('x-strongroom-warning'), null);
  });
});

describe('saved scripts through the official ScriptsAPI', () => {
  test('create, list, get, update, invoke with params (annotated CSV), delete; reads recorded against the script', async () => {
    await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { api_token: 'tok-123456789' });
    const created = await scriptsApi().postScripts({ body: { name: 'double', description: 'doubles x', language: 'flux', script: 'import "array"\narray.from(rows: [{x: params.x * 2}])' } });
    assert.equal(created.orgID, orgId);
    assert.equal(created.language, 'flux');
    assert.deepEqual((await scriptsApi().getScripts({ name: 'double' })).scripts?.map((s) => s.id), [created.id]);
    assert.equal((await scriptsApi().getScriptsID({ scriptID: created.id! })).script, created.script);
    const csv = await scriptsApi().postScriptsIDInvoke({ scriptID: created.id!, body: { params: { x: 21 } } });
    assert.match(String(csv), /#datatype,string,long,long\r?\n/);
    assert.match(String(csv), /,result,table,x\r?\n,,0,42\r?\n/);

    const updated = await scriptsApi().patchScriptsID({ scriptID: created.id!, body: { script: 'import "array"\nimport "influxdata/influxdb/secrets"\nt = secrets.get(key: "api_token")\narray.from(rows: [{x: params.x}])', description: 'v2' } });
    assert.equal(updated.description, 'v2');
    await scriptsApi().postScriptsIDInvoke({ scriptID: created.id!, body: { params: { x: 1 } } });
    const meta = await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets/api_token`);
    assert.equal(meta.json.usedBy.length, 1);
    assert.deepEqual([meta.json.usedBy[0].type, meta.json.usedBy[0].id, meta.json.usedBy[0].name], ['script', created.id, 'double']);
    assert.match(meta.json.usedBy[0].lastReadAt, /^\d{4}-/);

    const dup = await api(server.url, token, 'POST', '/api/v2/scripts', { name: 'double', description: '', script: 'x = 1', language: 'flux' });
    assert.equal(dup.status, 422);
    const bad = await api(server.url, token, 'POST', '/api/v2/scripts', { name: 'broken', description: '', script: 'x = ', language: 'flux' });
    assert.deepEqual([bad.status, bad.json.code], [400, 'invalid']);
    const missing = await api(server.url, token, 'POST', '/api/v2/scripts', { name: 'needs', description: '', script: 'import "influxdata/influxdb/secrets"\nx = secrets.get(key: "nope")', language: 'flux' });
    assert.equal(missing.status, 201);
    assert.deepEqual(missing.json.warnings, ['secret "nope" is referenced by the script but does not exist in the organization']);

    await scriptsApi().deleteScriptsID({ scriptID: created.id! });
    assert.equal((await api(server.url, token, 'GET', `/api/v2/scripts/${created.id}`)).status, 404);
    assert.deepEqual((await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets/api_token`)).json.usedBy, []);
  });
});
