/** Tasks, their runs and run logs on Kysely (SQLite and PostgreSQL). */
import { PostgresAdapter, type Selectable, sql } from 'kysely';
import type { RunLogRecord, RunRecord, RunStore, TaskRecord, TaskStore } from '../contracts.js';
import type { TaskRow, TaskRunRow } from '../schema.js';

/** Rows per multi-row statement: well under both databases' bound-parameter limits (13 columns × 2,000 < 32,766). */
const CHUNK = 2000;
const chunks = <T>(items: T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const toTask = (r: Selectable<TaskRow>): TaskRecord => ({
  id: r.id, orgId: r.org_id, ownerId: r.owner_id, name: r.name, description: r.description, status: r.status === 'inactive' ? 'inactive' : 'active',
  flux: r.flux, every: r.every, cron: r.cron, offset: r.offset, concurrency: Number(r.concurrency), retry: Number(r.retry),
  latestCompleted: r.latest_completed, lastRunStatus: r.last_run_status as TaskRecord['lastRunStatus'], lastRunError: r.last_run_error,
  nextScheduledFor: r.next_scheduled_for, nextDueAt: r.next_due_at, createdAt: r.created_at, updatedAt: r.updated_at,
});

const toRun = (r: Selectable<TaskRunRow>): RunRecord => ({
  id: r.id, taskId: r.task_id, orgId: r.org_id, status: r.status, scheduledFor: r.scheduled_for, scheduleKey: r.schedule_key,
  requestedAt: r.requested_at, startedAt: r.started_at, finishedAt: r.finished_at, error: r.error, attempt: Number(r.attempt),
  leaseOwner: r.lease_owner, leaseExpiresAt: r.lease_expires_at,
});

const runRow = (r: RunRecord): TaskRunRow => ({
  id: r.id, task_id: r.taskId, org_id: r.orgId, status: r.status, scheduled_for: r.scheduledFor, schedule_key: r.scheduleKey,
  requested_at: r.requestedAt, started_at: r.startedAt, finished_at: r.finishedAt, error: r.error, attempt: r.attempt,
  lease_owner: r.leaseOwner, lease_expires_at: r.leaseExpiresAt,
});

export const taskStore: TaskStore = {
  async insert(tx, t) {
    await tx.insertInto('tasks').values({
      id: t.id, org_id: t.orgId, owner_id: t.ownerId, name: t.name, description: t.description, status: t.status, flux: t.flux,
      every: t.every, cron: t.cron, offset: t.offset, concurrency: t.concurrency, retry: t.retry, latest_completed: t.latestCompleted,
      last_run_status: t.lastRunStatus, last_run_error: t.lastRunError, next_scheduled_for: t.nextScheduledFor, next_due_at: t.nextDueAt,
      created_at: t.createdAt, updated_at: t.updatedAt,
    }).execute();
  },
  async findById(r, id) {
    const row = await r.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTask(row);
  },
  async list(r, f) {
    let q = r.selectFrom('tasks').selectAll();
    if (f.orgIds !== undefined) {
      if (f.orgIds.length === 0) return [];
      q = q.where('org_id', 'in', f.orgIds);
    }
    if (f.name !== undefined) q = q.where('name', '=', f.name);
    if (f.status !== undefined) q = q.where('status', '=', f.status);
    if (f.after !== undefined) q = q.where('id', '>', f.after);
    return (await q.orderBy('id').limit(f.limit).execute()).map(toTask);
  },
  async update(tx, id, p) {
    const set: Partial<TaskRow> = { updated_at: p.updatedAt };
    if (p.name !== undefined) set.name = p.name;
    if (p.description !== undefined) set.description = p.description;
    if (p.status !== undefined) set.status = p.status;
    if (p.flux !== undefined) set.flux = p.flux;
    if (p.every !== undefined) set.every = p.every;
    if (p.cron !== undefined) set.cron = p.cron;
    if (p.offset !== undefined) set.offset = p.offset;
    if (p.concurrency !== undefined) set.concurrency = p.concurrency;
    if (p.retry !== undefined) set.retry = p.retry;
    if (p.latestCompleted !== undefined) set.latest_completed = p.latestCompleted;
    if (p.nextScheduledFor !== undefined) set.next_scheduled_for = p.nextScheduledFor;
    if (p.nextDueAt !== undefined) set.next_due_at = p.nextDueAt;
    await tx.updateTable('tasks').set(set).where('id', '=', id).execute();
  },
  async delete(tx, id) {
    const res = await tx.deleteFrom('tasks').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  },
  async earliestDue(r) {
    const row = await r.selectFrom('tasks').select((eb) => eb.fn.min('next_due_at').as('due')).where('status', '=', 'active').executeTakeFirst();
    return row?.due ? String(row.due) : undefined;
  },
  async dueGroups(r, now) {
    const rows = await r.selectFrom('tasks').select(['next_scheduled_for', 'every', 'cron', 'offset']).select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('status', '=', 'active').where('next_due_at', '<=', now)
      .groupBy(['next_scheduled_for', 'every', 'cron', 'offset']).orderBy('next_scheduled_for').execute();
    return rows.map((row) => ({ nextScheduledFor: row.next_scheduled_for!, every: row.every, cron: row.cron, offset: row.offset, count: Number(row.n) }));
  },
  async claimGroup(tx, g, next, now, limit) {
    // The group's conditions, checked again by the UPDATE itself: on PostgreSQL a concurrent claim
    // that committed first makes this one skip the row (compare-and-set on next_scheduled_for).
    const inGroup = <Q extends { where: (...a: any[]) => Q }>(q: Q): Q => q
      .where('status', '=', 'active').where('next_scheduled_for', '=', g.nextScheduledFor).where('next_due_at', '<=', now)
      .where('every', g.every === null ? 'is' : '=', g.every).where('cron', g.cron === null ? 'is' : '=', g.cron)
      .where('offset', g.offset === null ? 'is' : '=', g.offset);
    // Tasks with as many runs started as their concurrency allows (one grouped subquery, not one per row).
    const atLimit = tx.selectFrom('task_runs as r').innerJoin('tasks as lim', 'lim.id', 'r.task_id').select('r.task_id')
      .where('r.status', '=', 'started').groupBy(['r.task_id', 'lim.concurrency'])
      .having((eb) => eb(eb.fn.countAll(), '>=', eb.ref('lim.concurrency')));
    const candidates = inGroup(tx.selectFrom('tasks').select('id')).where('id', 'not in', atLimit).orderBy('id').limit(limit);
    const rows = await inGroup(tx.updateTable('tasks').set({ next_scheduled_for: next.scheduledFor, next_due_at: next.dueAt }))
      .where('id', 'in', candidates).returningAll().execute();
    return rows.map(toTask);
  },
  async recordCompletion(tx, id, c) {
    await tx.updateTable('tasks').set((eb) => ({
      last_run_status: c.status,
      last_run_error: c.error,
      latest_completed: eb.case().when('latest_completed', '<', c.scheduledFor).then(c.scheduledFor).else(eb.ref('latest_completed')).end(),
    })).where('id', '=', id).execute();
  },
};

export const runStore: RunStore = {
  async insert(tx, runs) {
    for (const part of chunks(runs)) await tx.insertInto('task_runs').values(part.map(runRow)).execute();
  },
  async insertClaimed(tx, taskIds, c) {
    const runId = tx.getExecutor().adapter instanceof PostgresAdapter
      ? sql<string>`substr(md5(random()::text || clock_timestamp()::text || tasks.id), 1, 16)`
      : sql<string>`lower(hex(randomblob(8)))`;
    const text = (v: string) => sql<string>`cast(${v} as text)`;
    const out: RunRecord[] = [];
    for (const part of chunks(taskIds)) {
      const rows = await tx.insertInto('task_runs')
        .columns(['id', 'task_id', 'org_id', 'status', 'scheduled_for', 'schedule_key', 'requested_at', 'started_at', 'attempt', 'lease_owner', 'lease_expires_at'])
        .expression((eb) => eb.selectFrom('tasks').select([
          runId.as('id'), 'id as task_id', 'org_id', text('started').as('status'), text(c.scheduledFor).as('scheduled_for'), text(c.scheduledFor).as('schedule_key'),
          text(c.requestedAt).as('requested_at'), text(c.requestedAt).as('started_at'), sql<number>`1`.as('attempt'), text(c.leaseOwner).as('lease_owner'), text(c.leaseExpiresAt).as('lease_expires_at'),
        ]).where('id', 'in', part))
        .returning(['id', 'task_id', 'org_id']).execute();
      for (const row of rows) {
        out.push({
          id: row.id, taskId: row.task_id, orgId: row.org_id, status: 'started', scheduledFor: c.scheduledFor, scheduleKey: c.scheduledFor,
          requestedAt: c.requestedAt, startedAt: c.requestedAt, finishedAt: null, error: null, attempt: 1, leaseOwner: c.leaseOwner, leaseExpiresAt: c.leaseExpiresAt,
        });
      }
    }
    return out;
  },
  async find(r, taskId, runId) {
    const row = await r.selectFrom('task_runs').selectAll().where('task_id', '=', taskId).where('id', '=', runId).executeTakeFirst();
    return row && toRun(row);
  },
  async list(r, taskId, f) {
    let q = r.selectFrom('task_runs').selectAll().where('task_id', '=', taskId);
    if (f.afterTime !== undefined) q = q.where('scheduled_for', '>', f.afterTime);
    if (f.beforeTime !== undefined) q = q.where('scheduled_for', '<', f.beforeTime);
    const rows = await q.orderBy('scheduled_for', 'desc').orderBy('requested_at', 'desc').orderBy('id').limit(f.limit).execute();
    return rows.map(toRun);
  },
  async countStarted(r, taskId) {
    const row = await r.selectFrom('task_runs').select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('task_id', '=', taskId).where('status', '=', 'started').executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async anyQueued(r) {
    return (await r.selectFrom('task_runs').select('id').where('status', '=', 'scheduled').limit(1).executeTakeFirst()) !== undefined;
  },
  async claimQueued(tx, owner, now, leaseUntil, limit) {
    const candidates = await tx.selectFrom('task_runs').innerJoin('tasks', 'tasks.id', 'task_runs.task_id').select('task_runs.id')
      .where('task_runs.status', '=', 'scheduled').where('tasks.status', '=', 'active')
      .orderBy('task_runs.requested_at').limit(limit).execute();
    if (candidates.length === 0) return [];
    const rows = await tx.updateTable('task_runs').set({ status: 'started', started_at: now, lease_owner: owner, lease_expires_at: leaseUntil })
      .where('id', 'in', candidates.map((c) => c.id)).where('status', '=', 'scheduled').returningAll().execute();
    return rows.map(toRun);
  },
  async finish(tx, runId, owner, f) {
    const res = await tx.updateTable('task_runs').set({ status: f.status, finished_at: f.finishedAt, error: f.error, lease_expires_at: null })
      .where('id', '=', runId).where('status', '=', 'started').where('lease_owner', '=', owner).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  },
  async cancel(tx, runId, at) {
    const row = await tx.selectFrom('task_runs').select('status').where('id', '=', runId).executeTakeFirst();
    if (!row || (row.status !== 'scheduled' && row.status !== 'started')) return undefined;
    const res = await tx.updateTable('task_runs').set({ status: 'canceled', finished_at: at, lease_expires_at: null })
      .where('id', '=', runId).where('status', '=', row.status).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0 ? row.status : undefined;
  },
  async renew(tx, owner, runIds, until) {
    const still: string[] = [];
    for (const part of chunks(runIds)) {
      const rows = await tx.updateTable('task_runs').set({ lease_expires_at: until })
        .where('id', 'in', part).where('lease_owner', '=', owner).where('status', '=', 'started').returning('id').execute();
      for (const r of rows) still.push(r.id);
    }
    return still;
  },
  async expire(tx, now, error) {
    const rows = await tx.updateTable('task_runs').set({ status: 'failed', finished_at: now, error, lease_expires_at: null })
      .where('status', '=', 'started').where('lease_expires_at', '<', now).returningAll().execute();
    return rows.map(toRun);
  },
  async appendLogs(tx, logs) {
    for (const part of chunks(logs)) {
      await tx.insertInto('task_run_logs').values(part.map((l) => ({ run_id: l.runId, task_id: l.taskId, time: l.time, message: l.message }))).execute();
    }
  },
  async logs(r, taskId, runId, limit) {
    let q = r.selectFrom('task_run_logs').select(['run_id', 'task_id', 'time', 'message']).where('task_id', '=', taskId);
    if (runId !== undefined) q = q.where('run_id', '=', runId);
    // The newest `limit` lines, returned oldest first.
    const rows = (await q.orderBy('seq', 'desc').limit(limit).execute()).reverse();
    return rows.map((l): RunLogRecord => ({ runId: l.run_id, taskId: l.task_id, time: l.time, message: l.message }));
  },
};

