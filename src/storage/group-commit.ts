/**
 * Group commit: writes that arrive while a commit is in flight are batched into the next
 * transaction, so N concurrent writers cost one fsync instead of N. Each job runs inside its own
 * savepoint, so a job that fails rolls back alone and the rest of the batch still commits.
 * A job's promise settles only once its transaction is durable: after COMMIT returned, and, where
 * the flush to disk is done apart from COMMIT (SQLite, src/storage/wal-sync.ts), after that flush.
 * The next batch does not wait for that flush, so flushing one batch overlaps writing the next.
 */
import { type ControlledTransaction, type Kysely, type Transaction, sql } from 'kysely';
import { isTransient } from './database-errors.js';
import { type RawConnection, bindRawConnection } from './prepared.js';
import type { Database } from './schema.js';

export type WriteJob<T> = (trx: Transaction<Database>) => Promise<T>;

/** Runs of a job that keeps failing on deadlocks before its error is the answer. */
const MAX_ATTEMPTS = 4;

interface Pending {
  run: WriteJob<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Runs so far, this one included. */
  attempts: number;
}

interface Outcome {
  ok: boolean;
  value: unknown;
  /** The job's own statements failed on a deadlock or serialization failure: it may run again. */
  transient?: boolean;
}

const failedJob = (e: unknown): Outcome => ({ ok: false, value: e, transient: isTransient(e) });

export interface GroupCommitOptions {
  /**
   * The SQLite write connection. Jobs' prepared queries then run on it directly, and savepoints
   * are two statements on it instead of two trips through Kysely per job.
   */
  raw?: RawConnection;
  /**
   * Called when a transaction has ended (committed or not), before any of its jobs learns the
   * outcome, so a caller that reads after its write finds caches already told.
   */
  onEnd?: () => void;
  /**
   * The database runs several statements sent as one (PostgreSQL): releasing one job's savepoint
   * and taking the next one's then cost one round trip, not two.
   */
  multiStatement?: boolean;
  /** Resolves once everything committed so far is on disk, when COMMIT itself does not wait for that. */
  durable?: () => Promise<void>;
  maxBatch?: number;
  /** Gathering a batch stops once this many writes are queued (default 32). */
  gatherUpTo?: number;
  /** ... or after this many turns of the event loop (default 10). */
  gatherTurns?: number;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private draining = false;
  private closed = false;
  /** Committed batches whose flush to disk has not completed yet. */
  private flushing = new Set<Promise<void>>();
  private readonly raw: RawConnection | undefined;
  private readonly onEnd: () => void;
  private readonly maxBatch: number;
  private readonly gatherUpTo: number;
  private readonly gatherTurns: number;

  constructor(private readonly db: Kysely<Database>, private readonly options: GroupCommitOptions = {}) {
    this.raw = options.raw;
    this.onEnd = options.onEnd ?? (() => {});
    this.maxBatch = options.maxBatch ?? 256;
    this.gatherUpTo = options.gatherUpTo ?? 32;
    this.gatherTurns = options.gatherTurns ?? 10;
  }

  /**
   * Runs `job` in a transaction shared with concurrent writers; resolves once durable. A job whose
   * own statements failed on a deadlock or serialization failure (PostgreSQL: another instance's
   * transaction took the same rows or keys) was rolled back alone and runs again in a later batch,
   * after a short random pause so the two do not collide again. A transaction that fails as a
   * whole (its COMMIT) is not run again: its jobs may have acted on its success in memory (a
   * rewrap switches the master key as its last step), and their callers undo that on failure.
   */
  write<T>(job: WriteJob<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('storage is closed'));
    return new Promise<T>((resolve, reject) => this.enqueue({ run: job as WriteJob<unknown>, resolve: resolve as (v: unknown) => void, reject, attempts: 1 }));
  }

  private enqueue(job: Pending): void {
    this.queue.push(job);
    if (!this.draining) {
      this.draining = true;
      this.gather(0, 0);
    }
  }

  /** Runs a job again after a pause of up to 5 ms per attempt (unless the committer closed meanwhile). */
  private retry(job: Pending, error: unknown): void {
    setTimeout(() => {
      if (this.closed) job.reject(error);
      else this.enqueue({ ...job, attempts: job.attempts + 1 });
    }, Math.random() * 5 * job.attempts);
  }

  /**
   * Lets writers join before the batch starts, one turn of the event loop at a time: each turn
   * hands the requests that have already reached the sockets to their handlers, which queue
   * their writes. Gathering stops at the first turn that brings no new writer, once `gatherUpTo`
   * are queued, or after `gatherTurns` turns. A lone writer so waits one turn (microseconds, no
   * timer), while under load a batch takes in every writer that has arrived: over HTTP, batches
   * started one turn after the first writer averaged ~10 writes at 32 clients, and the fixed cost
   * of a transaction (COMMIT, its WAL pages) made each write cost a third more CPU than in
   * batches of 32 (bench/RESULTS.md).
   */
  private gather(turns: number, seen: number): void {
    setImmediate(() => {
      const queued = this.queue.length;
      if (queued > seen && queued < this.gatherUpTo && turns < this.gatherTurns) this.gather(turns + 1, queued);
      else void this.drain();
    });
  }

  /** Waits for queued writes to commit and be flushed, then refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.draining) await new Promise((r) => setTimeout(r, 5));
    await Promise.allSettled([...this.flushing]);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        const outcomes = await (batch.length === 1 ? this.runAlone(batch[0]!) : this.runBatch(batch));
        this.settle(batch, outcomes);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Tells each job its outcome; for a committed batch, once it is durable. */
  private settle(batch: Pending[], outcomes: Outcome[] | { failed: unknown }): void {
    this.onEnd();
    if (!Array.isArray(outcomes)) {
      for (const job of batch) job.reject(outcomes.failed);
      return;
    }
    const tell = () => batch.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value);
      else if (o.transient && job.attempts < MAX_ATTEMPTS && !this.closed) this.retry(job, o.value);
      else job.reject(o.value);
    });
    if (!this.options.durable) {
      tell();
      return;
    }
    const flushed: Promise<void> = this.options.durable().then(tell, (e: unknown) => {
      // Committed but not known to be on disk: no writer may be told it succeeded.
      for (const job of batch) job.reject(e);
    }).finally(() => this.flushing.delete(flushed));
    this.flushing.add(flushed);
  }

  private async runAlone(job: Pending): Promise<Outcome[] | { failed: unknown }> {
    let ran = false;
    try {
      const value = await this.db.transaction().execute(async (trx) => {
        if (this.raw) bindRawConnection(trx, this.raw);
        const v = await job.run(trx);
        ran = true;
        return v;
      });
      return [{ ok: true, value }];
    } catch (e) {
      // The job's own failure (rolled back alone), or the transaction's (its COMMIT).
      return ran ? { failed: e } : [failedJob(e)];
    }
  }

  private async runBatch(batch: Pending[]): Promise<Outcome[] | { failed: unknown }> {
    const outcomes: Outcome[] = [];
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (e) {
      return { failed: e };
    }
    if (this.raw) bindRawConnection(trx, this.raw);
    try {
      if (this.raw) {
        for (let i = 0; i < batch.length; i++) outcomes.push(await this.runInSavepoint(this.raw, trx, `gc${i}`, batch[i]!));
      } else {
        // Through Kysely every statement is a round trip (PostgreSQL); where the database runs
        // several statements sent as one, a job's release and the next job's savepoint go together.
        let release = '';
        for (let i = 0; i < batch.length; i++) {
          const name = `gc${i}`;
          if (this.options.multiStatement) {
            await sql.raw(`${release}savepoint ${name}`).execute(trx);
          } else {
            if (release) await sql.raw(release).execute(trx);
            await sql.raw(`savepoint ${name}`).execute(trx);
          }
          try {
            outcomes.push({ ok: true, value: await batch[i]!.run(trx) });
          } catch (e) {
            await sql.raw(`rollback to savepoint ${name}`).execute(trx);
            outcomes.push(failedJob(e));
          }
          release = this.options.multiStatement ? `release savepoint ${name}; ` : `release savepoint ${name}`;
        }
      }
      await trx.commit().execute();
    } catch (e) {
      await trx.rollback().execute().catch(() => {});
      return { failed: e };
    }
    return outcomes;
  }

  private async runInSavepoint(raw: RawConnection, trx: ControlledTransaction<Database>, name: string, job: Pending): Promise<Outcome> {
    raw.run(`savepoint ${name}`, []);
    try {
      const value = await job.run(trx);
      raw.run(`release ${name}`, []);
      return { ok: true, value };
    } catch (e) {
      raw.run(`rollback to ${name}`, []);
      raw.run(`release ${name}`, []);
      return failedJob(e);
    }
  }
}
