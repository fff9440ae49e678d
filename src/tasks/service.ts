/**
 * Tasks: Flux scripts with `option task`, run on a schedule as their owner. This service holds
 * the rules of the /api/v2/tasks API (permissions, validation, what a PATCH changes); the
 * scheduler (scheduler.ts) claims and runs them. Every state change is a durable write: nothing
 * about a task lives only in one process's memory.
 */
import { type Principal, canReadOrg, orgResource, requirePermission } from '../auth/principal.js';
import { can } from '../auth/principal.js';
import { invalid, notFound } from '../errors.js';
import { referencedSecretKeys } from '../flux/runtime.js';
import { newId, parseId } from '../ids.js';
import type { OrgService } from '../orgs/service.js';
import { type ServiceDeps, nowIso, write } from '../services.js';
import type { RunLogRecord, RunRecord, TaskPatch, TaskRecord, TaskStatus } from '../storage/contracts.js';
import { type OptionChanges, parseTaskScript, rewriteTaskOption } from './options.js';
import { dueAt, nextAfter, scheduleOf } from './schedule.js';
import { missingKeyWarnings } from './usage.js';

export const TASK_NOT_FOUND = 'task not found';
export const RUN_NOT_FOUND = 'run not found';

/** What the service tells the local scheduler: new work is queued, or a run was canceled. */
export interface SchedulerSignals {
  wake(): void;
  canceled(runId: string): void;
}

export interface TaskCreate { orgID?: string; org?: string; flux: unknown; status?: unknown; description?: unknown }
export interface TaskUpdate { flux?: unknown; status?: unknown; description?: unknown; name?: unknown; every?: unknown; cron?: unknown; offset?: unknown }
export interface TaskWithWarnings { task: TaskRecord; warnings: string[] }

function statusOf(raw: unknown): TaskStatus | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw !== 'active' && raw !== 'inactive') throw invalid(`status must be "active" or "inactive", got ${JSON.stringify(raw)}`);
  return raw;
}

function optionalString(raw: unknown, label: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw invalid(`${label} must be a string`);
  return raw;
}

/** The schedule fields of a task from its options, with the next scheduled time after `from`. */
function scheduleFields(flux: string, status: TaskStatus, from: Date) {
  const { file, options } = parseTaskScript(flux);
  const fields = { name: options.name, every: options.every ?? null, cron: options.cron ?? null, offset: options.offset ?? null, concurrency: options.concurrency, retry: options.retry };
  const s = scheduleOf(fields);
  const next = status === 'active' ? nextAfter(s, from) : null;
  return { file, fields, nextScheduledFor: next?.toISOString() ?? null, nextDueAt: next ? dueAt(s, next).toISOString() : null };
}

export class TaskService {
  private signals: SchedulerSignals = { wake() {}, canceled() {} };

  constructor(private readonly deps: ServiceDeps, private readonly orgs: OrgService) {}

  /** Connects the local scheduler (set once at start). */
  attachScheduler(signals: SchedulerSignals): void {
    this.signals = signals;
  }

  async create(p: Principal, input: TaskCreate): Promise<TaskWithWarnings> {
    if (typeof input.flux !== 'string' || input.flux.trim() === '') throw invalid('flux is required: the task script, with option task = {name, every | cron}');
    const org = await this.orgs.resolve(p, { ...(input.orgID !== undefined ? { orgID: parseId(input.orgID) } : {}), ...(input.org !== undefined ? { org: input.org } : {}) });
    requirePermission(p, 'write', orgResource('tasks', org.id));
    const status = statusOf(input.status) ?? 'active';
    const description = optionalString(input.description, 'description') ?? '';
    const now = this.deps.clock();
    const sched = scheduleFields(input.flux, status, now);
    const task: TaskRecord = {
      id: newId(), orgId: org.id, ownerId: p.userId, description, status, flux: input.flux, ...sched.fields,
      latestCompleted: now.toISOString(), lastRunStatus: null, lastRunError: null,
      nextScheduledFor: sched.nextScheduledFor, nextDueAt: sched.nextDueAt, createdAt: now.toISOString(), updatedAt: now.toISOString(),
    };
    const keys = referencedSecretKeys(sched.file);
    await write(this.deps, async (tx) => {
      await this.deps.stores.tasks.insert(tx, task);
      await this.deps.stores.secretReferences.setReferenced(tx, org.id, 'task', task.id, keys);
    });
    this.signals.wake();
    return { task, warnings: await this.warningsFor(org.id, keys) };
  }

  async list(p: Principal, filter: { orgID?: string; org?: string; name?: string; status?: unknown; after?: string; limit?: number }): Promise<TaskRecord[]> {
    let orgIds: string[];
    if (filter.orgID !== undefined || filter.org !== undefined) {
      const org = await this.orgs.resolve(p, { ...(filter.orgID !== undefined ? { orgID: parseId(filter.orgID) } : {}), ...(filter.org !== undefined ? { org: filter.org } : {}) });
      requirePermission(p, 'read', orgResource('tasks', org.id));
      orgIds = [org.id];
    } else {
      orgIds = (await this.orgs.list(p, {})).map((o) => o.id).filter((id) => can(p, 'read', orgResource('tasks', id)));
    }
    const status = statusOf(filter.status);
    return this.deps.stores.tasks.list(this.deps.storage.db, {
      orgIds, limit: filter.limit ?? 100,
      ...(filter.name !== undefined ? { name: filter.name } : {}),
      ...(status ? { status } : {}),
      ...(filter.after !== undefined ? { after: parseId(filter.after) } : {}),
    });
  }

  /** The task, if the principal may read it; 404 when it does not exist or its org is not visible. */
  async get(p: Principal, taskId: string, action: 'read' | 'write' = 'read'): Promise<TaskRecord> {
    const task = await this.deps.stores.tasks.findById(this.deps.storage.db, parseId(taskId));
    if (!task || !canReadOrg(p, task.orgId)) throw notFound(TASK_NOT_FOUND);
    requirePermission(p, action, orgResource('tasks', task.orgId, task.id));
    return task;
  }

  async update(p: Principal, taskId: string, input: TaskUpdate): Promise<TaskWithWarnings> {
    const task = await this.get(p, taskId, 'write');
    const status = statusOf(input.status);
    const description = optionalString(input.description, 'description');
    let flux = optionalString(input.flux, 'flux') ?? task.flux;
    const changes: OptionChanges = {};
    for (const k of ['name', 'every', 'cron', 'offset'] as const) {
      const v = optionalString(input[k], k);
      if (v !== undefined) changes[k] = v;
    }
    if (Object.keys(changes).length > 0) flux = rewriteTaskOption(flux, changes);
    const nextStatus = status ?? task.status;
    const now = this.deps.clock();
    const sched = scheduleFields(flux, nextStatus, now);
    const scheduleChanged = flux !== task.flux || nextStatus !== task.status;
    const patch: TaskPatch = {
      updatedAt: now.toISOString(), flux, status: nextStatus, ...sched.fields,
      ...(description !== undefined ? { description } : {}),
      // A changed schedule starts from now, as does a task activated again: missed runs are not caught up.
      ...(scheduleChanged ? { nextScheduledFor: sched.nextScheduledFor, nextDueAt: sched.nextDueAt } : {}),
      ...(nextStatus === 'active' && task.status === 'inactive' ? { latestCompleted: now.toISOString() } : {}),
    };
    const keys = referencedSecretKeys(sched.file);
    // Read back in the same transaction: if a concurrent request deleted the task, this is a 404
    // and its secret references are rolled back with the rest, not left behind for a gone task.
    const updated = await write(this.deps, async (tx) => {
      await this.deps.stores.tasks.update(tx, task.id, patch);
      await this.deps.stores.secretReferences.setReferenced(tx, task.orgId, 'task', task.id, keys);
      const after = await this.deps.stores.tasks.findById(tx, task.id);
      if (!after) throw notFound(TASK_NOT_FOUND);
      return after;
    });
    this.signals.wake();
    return { task: updated, warnings: await this.warningsFor(task.orgId, keys) };
  }

  async delete(p: Principal, taskId: string): Promise<void> {
    const task = await this.get(p, taskId, 'write');
    const running = await this.deps.stores.runs.list(this.deps.storage.db, task.id, { limit: 500 });
    await write(this.deps, async (tx) => {
      await this.deps.stores.secretReferences.deleteOwner(tx, 'task', task.id);
      await this.deps.stores.tasks.delete(tx, task.id);
    });
    for (const r of running) if (r.status === 'started') this.signals.canceled(r.id);
  }

  async runs(p: Principal, taskId: string, filter: { afterTime?: string; beforeTime?: string; limit?: number }): Promise<{ task: TaskRecord; runs: RunRecord[] }> {
    const task = await this.get(p, taskId);
    const runs = await this.deps.stores.runs.list(this.deps.storage.db, task.id, { limit: filter.limit ?? 100, ...(filter.afterTime ? { afterTime: filter.afterTime } : {}), ...(filter.beforeTime ? { beforeTime: filter.beforeTime } : {}) });
    return { task, runs };
  }

  async run(p: Principal, taskId: string, runId: string): Promise<RunRecord & { log: RunLogRecord[] }> {
    const task = await this.get(p, taskId);
    const run = await this.deps.stores.runs.find(this.deps.storage.db, task.id, parseId(runId));
    if (!run) throw notFound(RUN_NOT_FOUND);
    return { ...run, log: await this.deps.stores.runs.logs(this.deps.storage.db, task.id, run.id, 1000) };
  }

  /** Queues a run now (its `now()` is `scheduledFor`, default the current time). Inactive tasks cannot run. */
  async runManually(p: Principal, taskId: string, scheduledFor?: Date): Promise<RunRecord> {
    const task = await this.get(p, taskId, 'write');
    if (task.status !== 'active') throw invalid(`task ${JSON.stringify(task.name)} is inactive; activate it to run it`);
    return this.queueRun(task, (scheduledFor ?? this.deps.clock()).toISOString(), 1);
  }

  async retry(p: Principal, taskId: string, runId: string): Promise<RunRecord> {
    const task = await this.get(p, taskId, 'write');
    const run = await this.deps.stores.runs.find(this.deps.storage.db, task.id, parseId(runId));
    if (!run) throw notFound(RUN_NOT_FOUND);
    if (run.status === 'scheduled' || run.status === 'started') throw invalid(`run ${run.id} is ${run.status}; only finished runs can be retried`);
    if (task.status !== 'active') throw invalid(`task ${JSON.stringify(task.name)} is inactive; activate it to run it`);
    return this.queueRun(task, run.scheduledFor, run.attempt + 1);
  }

  /** Cancels a queued or running run (the instance running it stops it at its next lease renewal). */
  async cancel(p: Principal, taskId: string, runId: string): Promise<void> {
    const task = await this.get(p, taskId, 'write');
    const run = await this.deps.stores.runs.find(this.deps.storage.db, task.id, parseId(runId));
    if (!run) throw notFound(RUN_NOT_FOUND);
    const now = nowIso(this.deps);
    const before = await write(this.deps, async (tx) => {
      const was = await this.deps.stores.runs.cancel(tx, run.id, now);
      if (was) {
        await this.deps.stores.runs.appendLogs(tx, [{ runId: run.id, taskId: task.id, time: now, message: `Run canceled by ${p.actor.name}` }]);
        await this.deps.stores.tasks.recordCompletion(tx, task.id, { scheduledFor: run.scheduledFor, status: 'canceled', error: null });
      }
      return was;
    });
    if (!before) throw notFound(`run ${run.id} is not scheduled or running (it is ${run.status})`);
    if (before === 'started') this.signals.canceled(run.id);
  }

  async logs(p: Principal, taskId: string, runId?: string): Promise<RunLogRecord[]> {
    const task = await this.get(p, taskId);
    if (runId !== undefined) {
      const run = await this.deps.stores.runs.find(this.deps.storage.db, task.id, parseId(runId));
      if (!run) throw notFound(RUN_NOT_FOUND);
      return this.deps.stores.runs.logs(this.deps.storage.db, task.id, run.id, 10_000);
    }
    return this.deps.stores.runs.logs(this.deps.storage.db, task.id, undefined, 1000);
  }

  private async queueRun(task: TaskRecord, scheduledFor: string, attempt: number): Promise<RunRecord> {
    const now = nowIso(this.deps);
    const run: RunRecord = {
      id: newId(), taskId: task.id, orgId: task.orgId, status: 'scheduled', scheduledFor, scheduleKey: null, requestedAt: now,
      startedAt: null, finishedAt: null, error: null, attempt, leaseOwner: null, leaseExpiresAt: null,
    };
    await write(this.deps, (tx) => this.deps.stores.runs.insert(tx, [run]));
    this.signals.wake();
    return run;
  }

  private async warningsFor(orgId: string, keys: string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    return missingKeyWarnings(keys, await this.deps.stores.secrets.listKeys(this.deps.storage.db, orgId));
  }
}
