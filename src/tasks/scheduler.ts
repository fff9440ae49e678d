/**
 * The task scheduler of one instance. Several instances may share one PostgreSQL database: each
 * scheduled time is claimed in the database (a compare-and-set of the task's next scheduled time,
 * in the same transaction as the run's insert, backed by UNIQUE (task_id, schedule_key)), so it
 * runs exactly once. A claimed run holds a lease that its instance renews while it runs; when an
 * instance dies, any instance marks its runs failed once the lease has expired (and queues a retry
 * if the task's `retry` option allows). Process memory holds only the runs executing here.
 *
 * Claiming is decoupled from executing: an instance claims due runs in bulk (so many tasks due at
 * the same second are all dispatched within moments) into a bounded local queue, and executes them
 * `concurrency` at a time. Queued runs are claimed in the database and leased like running ones,
 * so an instance that dies with a full queue loses nothing: those runs fail at lease expiry.
 *
 * Timing: the scheduler sleeps until the earliest due run (or `pollMs`, to notice work created by
 * other instances) and wakes early when this instance queues work or frees a slot.
 */
import { type ServiceDeps, write } from '../services.js';
import type { RunRecord, TaskRecord } from '../storage/contracts.js';
import { type RunExecutor, type RunHandle, type StopReason, retryOf } from './executor.js';
import { catchUpStart, dueAt, nextAfter, scheduleOf } from './schedule.js';
import type { SchedulerSignals } from './service.js';

export interface SchedulerConfig {
  instanceId: string;
  /** Longest sleep between looks at the database. */
  pollMs: number;
  /** How long a claim holds without renewal; renewed every third of it. */
  leaseMs: number;
  /** Runs executing at once in this instance. */
  concurrency: number;
  /** Most claimed runs waiting here for an executor slot. */
  queueLimit: number;
  /** How long shutdown waits for runs in flight before stopping them. */
  shutdownGraceMs: number;
}

export const DEFAULT_SCHEDULER: Omit<SchedulerConfig, 'instanceId'> = { pollMs: 1000, leaseMs: 30_000, concurrency: 8, queueLimit: 10_000, shutdownGraceMs: 10_000 };

export const LEASE_EXPIRED = 'run failed: the instance running it stopped before it finished (lease expired)';

/**
 * Most runs claimed by one transaction. Large, so that thousands of tasks due at the same second
 * are dispatched in one commit rather than queueing behind the outcome writes of the first ones.
 */
const CLAIM_BATCH = 10_000;

type Claimed = RunHandle & { task?: TaskRecord; done?: Promise<void> };

export class TaskScheduler implements SchedulerSignals {
  /** Every run claimed by this instance and not finished: queued or executing. */
  private readonly claimed = new Map<string, Claimed>();
  private readonly queue: Claimed[] = [];
  private executing = 0;
  private timer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private started = false;
  private ticking: Promise<void> | undefined;
  private again = false;
  private lastReap = 0;
  /** Whether the last pass claimed anything (if not, due-but-blocked tasks must not cause a busy loop). */
  private progressed = false;

  constructor(private readonly deps: ServiceDeps, private readonly executor: RunExecutor, readonly config: SchedulerConfig) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.renewTimer = setInterval(() => void this.renew().catch(() => {}), Math.max(100, Math.floor(this.config.leaseMs / 3)));
    this.renewTimer.unref();
    this.wake();
  }

  /** Stops claiming, waits up to the grace period for runs in flight, then stops them (recorded as failed). */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    await this.ticking?.catch(() => {});
    if (this.claimed.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise((r) => { timer = setTimeout(r, this.config.shutdownGraceMs); });
      await Promise.race([this.idle(), grace]);
      clearTimeout(timer);
      for (const h of this.claimed.values()) this.stopRun(h, 'shutdown');
      await this.idle();
    }
    clearInterval(this.renewTimer);
  }

  wake(): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), 0);
  }

  canceled(runId: string): void {
    const h = this.claimed.get(runId);
    if (h) this.stopRun(h, 'canceled');
  }

  /** Resolves when no run is queued or executing here. */
  async idle(): Promise<void> {
    while (this.claimed.size > 0 || this.ticking) {
      await Promise.all([...this.claimed.values()].map((h) => h.done));
      await this.ticking;
      if (this.claimed.size > 0 && this.executing === 0) this.pump();
    }
  }

  /** Runs claimed here and not finished (queued or executing). */
  get runningCount(): number {
    return this.claimed.size;
  }

  private async loop(): Promise<void> {
    if (!this.started) return;
    try {
      await this.tick();
    } catch {
      // A database hiccup: try again at the next poll.
    }
    if (!this.started) return;
    const delay = await this.sleepTime().catch(() => this.config.pollMs);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), delay);
  }

  /** One pass: claim due scheduled runs and queued runs while there is room, and reap expired leases. */
  async tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      this.progressed = false;
      do {
        this.again = false;
        // Due runs first: reaping is a write, and should not delay a dispatch.
        await this.claimDue();
        await this.claimQueued();
        await this.reap();
      } while (this.again && this.room() > 0);
    })().finally(() => { this.ticking = undefined; });
    return this.ticking;
  }

  private room(): number {
    return this.config.queueLimit + this.config.concurrency - this.claimed.size;
  }

  private async sleepTime(): Promise<number> {
    if (this.room() <= 0) return this.config.pollMs;
    const earliest = await this.deps.stores.tasks.earliestDue(this.deps.storage.db);
    const due = earliest ? Date.parse(earliest) - this.deps.clock().getTime() : Infinity;
    if (due <= 0 && !this.progressed) return this.config.pollMs;
    return Math.max(0, Math.min(this.config.pollMs, due));
  }

  private async reap(): Promise<void> {
    const now = this.deps.clock();
    if (now.getTime() - this.lastReap < Math.min(1000, this.config.leaseMs / 3)) return;
    this.lastReap = now.getTime();
    const at = now.toISOString();
    const { stores } = this.deps;
    await write(this.deps, async (tx) => {
      const expired = await stores.runs.expire(tx, at, LEASE_EXPIRED);
      if (expired.length === 0) return;
      await stores.runs.appendLogs(tx, expired.map((r) => ({ runId: r.id, taskId: r.taskId, time: at, message: `Error: ${LEASE_EXPIRED}` })));
      for (const run of expired) {
        const task = await stores.tasks.findById(tx, run.taskId);
        if (!task) continue;
        await stores.tasks.recordCompletion(tx, run.taskId, { scheduledFor: run.scheduledFor, status: 'failed', error: LEASE_EXPIRED });
        if (run.attempt < task.retry && task.status === 'active') await stores.runs.insert(tx, [retryOf(run, at)]);
      }
    });
  }

  private async claimQueued(): Promise<void> {
    const room = Math.min(this.room(), CLAIM_BATCH);
    if (room <= 0) return;
    // A read first: most passes find nothing, and should not cost a write transaction.
    if (!(await this.deps.stores.runs.anyQueued(this.deps.storage.db))) return;
    const now = this.deps.clock();
    const claimed = await write(this.deps, (tx) => this.deps.stores.runs.claimQueued(tx, this.config.instanceId, now.toISOString(), this.leaseUntil(now), room));
    this.progressed ||= claimed.length > 0;
    for (const run of claimed) this.enqueue(run);
  }

  private async claimDue(): Promise<void> {
    const room = Math.min(this.room(), CLAIM_BATCH);
    if (room <= 0) return;
    const now = this.deps.clock();
    const at = now.toISOString();
    // Tasks at the same point of the same schedule are claimed together, by two set-based statements.
    const groups = await this.deps.stores.tasks.dueGroups(this.deps.storage.db, at);
    if (groups.length === 0) return;
    const lease = { requestedAt: at, leaseOwner: this.config.instanceId, leaseExpiresAt: this.leaseUntil(now) };
    let left = room;
    const claimed = await write(this.deps, async (tx) => {
      const out: { run: RunRecord; task: TaskRecord }[] = [];
      for (const g of groups) {
        if (left <= 0) break;
        const s = scheduleOf(g);
        const scheduledFor = catchUpStart(s, new Date(g.nextScheduledFor), now);
        const next = nextAfter(s, scheduledFor);
        const tasks = await this.deps.stores.tasks.claimGroup(tx, g, { scheduledFor: next.toISOString(), dueAt: dueAt(s, next).toISOString() }, at, left);
        if (tasks.length === 0) continue;
        left -= tasks.length;
        const byId = new Map(tasks.map((t) => [t.id, t]));
        const runs = await this.deps.stores.runs.insertClaimed(tx, tasks.map((t) => t.id), { ...lease, scheduledFor: scheduledFor.toISOString() });
        for (const run of runs) out.push({ run, task: byId.get(run.taskId)! });
      }
      return out;
    });
    this.progressed ||= claimed.length > 0;
    for (const c of claimed) this.enqueue(c.run, c.task);
    // The batch was full: more may be due.
    if (claimed.length > 0 && left <= 0) this.again = true;
  }

  private enqueue(run: RunRecord, task?: TaskRecord): void {
    const handle: Claimed = { run, controller: new AbortController(), claimedAt: this.deps.clock().toISOString(), ...(task ? { task } : {}) };
    this.claimed.set(run.id, handle);
    this.queue.push(handle);
    this.pump();
  }

  /** Starts queued runs while executor slots are free (a slot is a script executing). */
  private pump(): void {
    while (this.executing < this.config.concurrency && this.queue.length > 0) {
      const handle = this.queue.shift()!;
      this.executing++;
      // The slot frees when the script ends; writing the outcome is group-committed with others'.
      let released = false;
      handle.onScriptEnd = () => {
        if (released) return;
        released = true;
        this.executing--;
        this.pump();
      };
      handle.done = this.executor.execute(handle, handle.task).catch(() => {}).finally(() => {
        handle.onScriptEnd!();
        this.claimed.delete(handle.run.id);
        // Room is free: claim more work now rather than at the next poll.
        if (this.started && this.queue.length === 0) this.wake();
      });
    }
  }

  private stopRun(h: RunHandle, reason: StopReason): void {
    h.stopReason ??= reason;
    h.controller.abort();
  }

  /** Renews this instance's leases; runs canceled elsewhere (no longer started) are stopped. */
  private async renew(): Promise<void> {
    if (this.claimed.size === 0) return;
    const ids = [...this.claimed.keys()];
    const still = new Set(await write(this.deps, (tx) => this.deps.stores.runs.renew(tx, this.config.instanceId, ids, this.leaseUntil(this.deps.clock()))));
    for (const id of ids) {
      const h = this.claimed.get(id);
      if (h && !still.has(id)) this.stopRun(h, 'canceled');
    }
  }

  private leaseUntil(now: Date): string {
    return new Date(now.getTime() + this.config.leaseMs).toISOString();
  }
}
