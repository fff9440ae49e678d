/**
 * /api/v2/tasks, as InfluxDB's: tasks, their runs (manual runs, retries, cancel) and logs, in
 * InfluxDB's Task, Run and LogEvent shapes. Additive fields: `nextRunAt` on Task, and `warnings`
 * (also in the X-Strongroom-Warning header) when a script references a secret that does not exist.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import type { Principal } from '../../auth/principal.js';
import { invalid } from '../../errors.js';
import type { RunLogRecord, RunRecord, TaskRecord } from '../../storage/contracts.js';
import { decodeObject, optionalString } from '../body.js';
import { principalOf } from '../context.js';
import { sendJson } from '../respond.js';
import { USAGE_WARNING_HEADER } from './secrets.js';

type P = Record<string, string>;
type Q = Record<string, string | undefined>;

/** HTTP header values must be Latin-1. */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function sendWarnings(reply: FastifyReply, warnings: string[]): void {
  if (warnings.length > 0) reply.header(USAGE_WARNING_HEADER, headerSafe(warnings.join('; ')));
}

export function limitOf(raw: string | undefined, max = 500, fallback = 100): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalid(`limit must be between 1 and ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

function timeOf(raw: string | undefined, label: string): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw invalid(`${label} must be an RFC 3339 time, got ${JSON.stringify(raw)}`);
  return new Date(t).toISOString();
}

export function taskView(t: TaskRecord, orgName: string | undefined, basic = false) {
  const self = `/api/v2/tasks/${t.id}`;
  return {
    id: t.id, orgID: t.orgId, ...(orgName !== undefined ? { org: orgName } : {}), name: t.name, ownerID: t.ownerId, description: t.description,
    status: t.status, labels: [], ...(basic ? {} : { flux: t.flux }),
    ...(t.every ? { every: t.every } : {}), ...(t.cron ? { cron: t.cron } : {}), ...(t.offset ? { offset: t.offset } : {}),
    latestCompleted: t.latestCompleted,
    ...(t.lastRunStatus ? { lastRunStatus: t.lastRunStatus } : {}), ...(t.lastRunError ? { lastRunError: t.lastRunError } : {}),
    ...(basic ? {} : { createdAt: t.createdAt, updatedAt: t.updatedAt }),
    ...(t.status === 'active' && t.nextDueAt ? { nextRunAt: t.nextDueAt } : {}),
    links: { self, owners: `${self}/owners`, members: `${self}/members`, labels: `${self}/labels`, runs: `${self}/runs`, logs: `${self}/logs` },
  };
}

const logView = (l: RunLogRecord) => ({ runID: l.runId, time: l.time, message: l.message });

export function runView(r: RunRecord, log?: RunLogRecord[]) {
  const self = `/api/v2/tasks/${r.taskId}/runs/${r.id}`;
  return {
    id: r.id, taskID: r.taskId, status: r.status, scheduledFor: r.scheduledFor,
    ...(log ? { log: log.map(logView) } : {}),
    ...(r.startedAt ? { startedAt: r.startedAt } : {}), ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}), requestedAt: r.requestedAt,
    links: { self, task: `/api/v2/tasks/${r.taskId}`, logs: `${self}/logs`, retry: `${self}/retry` },
  };
}

export async function taskRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const tags = ['Tasks'];
  const orgNames = async (p: Principal, ids: string[]) => {
    const names = new Map<string, string>();
    for (const id of new Set(ids)) names.set(id, (await s.orgs.findReadable(p, id)).name);
    return names;
  };
  const oneTask = async (req: FastifyRequest, reply: FastifyReply, status: number, task: TaskRecord, warnings?: string[]) => {
    const p = principalOf(req);
    if (warnings) sendWarnings(reply, warnings);
    const view = taskView(task, (await orgNames(p, [task.orgId])).get(task.orgId));
    return sendJson(reply, status, warnings && warnings.length > 0 ? { ...view, warnings } : view);
  };

  app.get('/api/v2/tasks', { schema: { tags, summary: 'List tasks', querystring: { type: 'object', properties: { name: { type: 'string' }, org: { type: 'string' }, orgID: { type: 'string' }, status: { type: 'string', enum: ['active', 'inactive'] }, after: { type: 'string' }, limit: { type: 'integer' }, type: { type: 'string', enum: ['basic', 'system'] } } } } }, async (req, reply) => {
    const p = principalOf(req);
    const q = req.query as Q;
    const tasks = await s.tasks.list(p, {
      limit: limitOf(q.limit),
      ...(q.orgID !== undefined ? { orgID: q.orgID } : {}), ...(q.org !== undefined ? { org: q.org } : {}),
      ...(q.name !== undefined ? { name: q.name } : {}), ...(q.status !== undefined ? { status: q.status } : {}), ...(q.after !== undefined ? { after: q.after } : {}),
    });
    const names = await orgNames(p, tasks.map((t) => t.orgId));
    const filtered = q.user !== undefined ? tasks.filter((t) => t.ownerId === q.user) : tasks;
    return sendJson(reply, 200, { links: { self: `/api/v2/tasks${req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''}` }, tasks: filtered.map((t) => taskView(t, names.get(t.orgId), q.type === 'basic')) });
  });

  app.post('/api/v2/tasks', { schema: { tags, summary: 'Create a task (name and schedule come from option task in the script)', body: { type: 'object', required: ['flux'], properties: { orgID: { type: 'string' }, org: { type: 'string' }, flux: { type: 'string' }, status: { type: 'string' }, description: { type: 'string' } } } } }, async (req, reply) => {
    const body = decodeObject(req.body, 'influxdb.TaskCreate');
    const orgID = optionalString(body, 'orgID');
    const org = optionalString(body, 'org');
    const { task, warnings } = await s.tasks.create(principalOf(req), { flux: body.flux, status: body.status, description: body.description, ...(orgID !== undefined ? { orgID } : {}), ...(org !== undefined ? { org } : {}) });
    return oneTask(req, reply, 201, task, warnings);
  });

  app.get('/api/v2/tasks/:taskID', { schema: { tags, summary: 'One task' } }, async (req, reply) => {
    return oneTask(req, reply, 200, await s.tasks.get(principalOf(req), (req.params as P).taskID!));
  });

  app.patch('/api/v2/tasks/:taskID', { schema: { tags, summary: 'Update a task (name, every, cron and offset rewrite option task in the script)', body: { type: 'object', properties: { flux: { type: 'string' }, status: { type: 'string' }, name: { type: 'string' }, every: { type: 'string' }, cron: { type: 'string' }, offset: { type: 'string' }, description: { type: 'string' } } } } }, async (req, reply) => {
    const body = decodeObject(req.body, 'influxdb.TaskUpdate');
    const { task, warnings } = await s.tasks.update(principalOf(req), (req.params as P).taskID!, body);
    return oneTask(req, reply, 200, task, warnings);
  });

  app.delete('/api/v2/tasks/:taskID', { schema: { tags, summary: 'Delete a task with its runs and logs' } }, async (req, reply) => {
    await s.tasks.delete(principalOf(req), (req.params as P).taskID!);
    return reply.code(204).send();
  });

  app.get('/api/v2/tasks/:taskID/runs', { schema: { tags, summary: 'Runs of a task, newest first', querystring: { type: 'object', properties: { after: { type: 'string' }, limit: { type: 'integer' }, afterTime: { type: 'string' }, beforeTime: { type: 'string' } } } } }, async (req, reply) => {
    const q = req.query as Q;
    const afterTime = timeOf(q.afterTime, 'afterTime');
    const beforeTime = timeOf(q.beforeTime, 'beforeTime');
    const { task, runs } = await s.tasks.runs(principalOf(req), (req.params as P).taskID!, { limit: limitOf(q.limit), ...(afterTime ? { afterTime } : {}), ...(beforeTime ? { beforeTime } : {}) });
    return sendJson(reply, 200, { links: { self: `/api/v2/tasks/${task.id}/runs`, task: `/api/v2/tasks/${task.id}` }, runs: runs.map((r) => runView(r)) });
  });

  app.post('/api/v2/tasks/:taskID/runs', { schema: { tags, summary: 'Run a task now (its now() is scheduledFor, default the current time)', body: { type: 'object', properties: { scheduledFor: { type: 'string', nullable: true } } } } }, async (req, reply) => {
    const raw = typeof req.body === 'string' && req.body.trim() !== '' ? decodeObject(req.body, 'influxdb.RunManually') : {};
    const scheduledFor = timeOf(optionalString(raw, 'scheduledFor'), 'scheduledFor');
    const run = await s.tasks.runManually(principalOf(req), (req.params as P).taskID!, scheduledFor ? new Date(scheduledFor) : undefined);
    return sendJson(reply, 201, runView(run));
  });

  app.get('/api/v2/tasks/:taskID/runs/:runID', { schema: { tags, summary: 'One run, with its log' } }, async (req, reply) => {
    const { log, ...run } = await s.tasks.run(principalOf(req), (req.params as P).taskID!, (req.params as P).runID!);
    return sendJson(reply, 200, runView(run, log));
  });

  app.delete('/api/v2/tasks/:taskID/runs/:runID', { schema: { tags, summary: 'Cancel a scheduled or running run' } }, async (req, reply) => {
    await s.tasks.cancel(principalOf(req), (req.params as P).taskID!, (req.params as P).runID!);
    return reply.code(204).send();
  });

  app.post('/api/v2/tasks/:taskID/runs/:runID/retry', { schema: { tags, summary: 'Run a finished run again (same scheduled time)' } }, async (req, reply) => {
    const run = await s.tasks.retry(principalOf(req), (req.params as P).taskID!, (req.params as P).runID!);
    return sendJson(reply, 200, runView(run));
  });

  app.get('/api/v2/tasks/:taskID/logs', { schema: { tags, summary: 'Log events of every run of a task' } }, async (req, reply) => {
    return sendJson(reply, 200, { events: (await s.tasks.logs(principalOf(req), (req.params as P).taskID!)).map(logView) });
  });

  app.get('/api/v2/tasks/:taskID/runs/:runID/logs', { schema: { tags, summary: 'Log events of one run' } }, async (req, reply) => {
    return sendJson(reply, 200, { events: (await s.tasks.logs(principalOf(req), (req.params as P).taskID!, (req.params as P).runID!)).map(logView) });
  });
}
