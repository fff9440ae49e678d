/**
 * Executes one claimed run: as the task's owner (a "task" principal), through QueryService, so
 * every secret read is checked and audited under the task's ID. Log lines are the run's start,
 * display() output and yield summaries (both already masked and scrubbed by the runtime), the
 * error if any, and the finish. Nothing else is written: error messages come from the runtime's
 * scrubbed StrongroomError, and anything else is logged by its class only.
 */
import type { Authenticator } from '../auth/authenticator.js';
import { StrongroomError } from '../errors.js';
import type { QueryService } from '../query/service.js';
import { type ServiceDeps, write } from '../services.js';
import type { Principal } from '../auth/principal.js';
import type { RunLogRecord, RunRecord, TaskRecord } from '../storage/contracts.js';
import { newId } from '../ids.js';
import { taskPrincipal } from './principal.js';

export interface ExecutorConfig {
  instanceId: string;
  timeoutMs: number;
}

/** Why a run was stopped from outside, if it was. */
export type StopReason = 'canceled' | 'shutdown' | 'lease lost';

export interface RunHandle {
  run: RunRecord;
  controller: AbortController;
  stopReason?: StopReason;
  /** When the claim committed and the run was queued here (ISO time). */
  claimedAt?: string;
  /** Called when the script has finished, before the outcome is written (the slot can start another script). */
  onScriptEnd?: () => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long an owner's permissions are reused between runs (so a burst of runs does not re-read them each time). */
const PRINCIPAL_TTL_MS = 1000;

export class RunExecutor {
  private readonly principals = new Map<string, { at: number; principal: Promise<Principal> }>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly authenticator: Authenticator,
    private readonly queries: QueryService,
    private readonly config: ExecutorConfig,
  ) {}

  /** Executes a claimed run; `known` is the task as it was claimed (else it is read). */
  async execute(handle: RunHandle, known?: TaskRecord): Promise<void> {
    const { run } = handle;
    const lines: RunLogRecord[] = [];
    const log = (message: string) => lines.push({ runId: run.id, taskId: run.taskId, time: this.deps.clock().toISOString(), message });
    log(`Started run scheduled for ${run.scheduledFor} (attempt ${run.attempt}, claimed ${handle.claimedAt ?? run.startedAt})`);
    const reads = new Set<string>();
    let error: string | null = null;
    let retryAllowed = 1;
    try {
      const task = known ?? await this.deps.stores.tasks.findById(this.deps.storage.db, run.taskId);
      if (!task) throw new StrongroomError('not found', 'task was deleted');
      retryAllowed = task.retry;
      const principal = await this.principalFor(task);
      const deadline = Date.now() + this.config.timeoutMs;
      for (;;) {
        try {
          const outcome = await this.queries.run(principal, { requestId: run.id, remoteAddress: `task:${this.config.instanceId}` }, {
            orgId: task.orgId, source: task.flux, now: new Date(run.scheduledFor), signal: handle.controller.signal,
            timeoutMs: Math.max(1, deadline - Date.now()),
            onLog: (line) => log(`display: ${line}`),
            onSecretRead: (key) => reads.add(key),
          });
          for (const r of outcome.results) {
            const rows = r.tables.reduce((n, t) => n + t.rows.length, 0);
            log(`yield ${JSON.stringify(r.name)}: ${r.tables.length} table${r.tables.length === 1 ? '' : 's'}, ${rows} row${rows === 1 ? '' : 's'}`);
          }
          break;
        } catch (e) {
          // The process-wide query limit is full: wait for a slot rather than fail the run.
          if (e instanceof StrongroomError && e.code === 'too many requests' && Date.now() < deadline - 100 && !handle.controller.signal.aborted) {
            await sleep(50);
            continue;
          }
          throw e;
        }
      }
    } catch (e) {
      error = handle.stopReason === 'shutdown' ? 'run stopped: the server shut down'
        : e instanceof StrongroomError ? e.message : `internal error (${(e as Error)?.name ?? 'unknown'})`;
      log(`Error: ${error}`);
    }
    const status = handle.stopReason === 'canceled' ? 'canceled' : error === null ? 'success' : 'failed';
    log(`Completed(${status})`);
    handle.onScriptEnd?.();
    await this.record(run, status, error, lines, reads, retryAllowed);
  }

  /** The owner's principal, named as this task (the owner's permissions are shared by their tasks). */
  private async principalFor(task: TaskRecord): Promise<Principal> {
    let cached = this.principals.get(task.ownerId);
    if (!cached || Date.now() - cached.at >= PRINCIPAL_TTL_MS) {
      if (this.principals.size > 10_000) this.principals.clear();
      cached = { at: Date.now(), principal: taskPrincipal(this.deps.storage.db, this.deps.stores.users, this.authenticator, task) };
      this.principals.set(task.ownerId, cached);
      cached.principal.catch(() => this.principals.delete(task.ownerId));
    }
    return { ...(await cached.principal), actor: { type: 'task', id: task.id, name: task.name } };
  }

  /** Finishes the run, its logs, the task's last status, run-time secret reads and an automatic retry. */
  private async record(run: RunRecord, status: 'success' | 'failed' | 'canceled', error: string | null, lines: RunLogRecord[], reads: Set<string>, retryAllowed: number): Promise<void> {
    const { stores } = this.deps;
    const now = this.deps.clock().toISOString();
    await write(this.deps, async (tx) => {
      const finished = await stores.runs.finish(tx, run.id, this.config.instanceId, { status, finishedAt: now, error });
      // Not finished here: canceled, failed by another instance after our lease ran out, or deleted with its task.
      if (!finished && !(await stores.runs.find(tx, run.taskId, run.id))) return;
      await stores.runs.appendLogs(tx, lines);
      for (const key of reads) await stores.secretReferences.recordRead(tx, run.orgId, 'task', run.taskId, key, now);
      if (!finished) return;
      await stores.tasks.recordCompletion(tx, run.taskId, { scheduledFor: run.scheduledFor, status, error });
      if (status === 'failed' && run.attempt < retryAllowed) await stores.runs.insert(tx, [retryOf(run, now)]);
    });
  }
}

/** A queued retry of a failed run: same scheduled time, next attempt. */
export function retryOf(run: RunRecord, now: string): RunRecord {
  return {
    id: newId(), taskId: run.taskId, orgId: run.orgId, status: 'scheduled', scheduledFor: run.scheduledFor, scheduleKey: null,
    requestedAt: now, startedAt: null, finishedAt: null, error: null, attempt: run.attempt + 1, leaseOwner: null, leaseExpiresAt: null,
  };
}
