/**
 * Group commit: writes that arrive while a commit is in flight are batched into the next
 * transaction, so N concurrent writers cost one fsync instead of N. Each job runs inside its own
 * savepoint, so a job that fails rolls back alone and the rest of the batch still commits.
 * A job's promise settles only after the batch's COMMIT returned, i.e. once the write is durable.
 */
import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import { type RawConnection, bindRawConnection } from './prepared.js';
import type { Database } from './schema.js';

export type WriteJob<T> = (trx: Transaction<Database>) => Promise<T>;

interface Pending {
  run: WriteJob<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private draining = false;
  private closed = false;

  /**
   * `raw`: the SQLite write connection. Jobs' prepared queries then run on it directly, and
   * savepoints are two statements on it instead of two trips through Kysely per job.
   */
  /**
   * `onEnd`: called when a transaction has ended (committed or not), before any of its jobs
   * learns the outcome, so a caller that reads after its write finds caches already told.
   */
  constructor(private readonly db: Kysely<Database>, private readonly raw?: RawConnection, private readonly onEnd: () => void = () => {}, private readonly maxBatch = 256) {}

  /** Runs `job` in a transaction shared with concurrent writers; resolves once committed. */
  write<T>(job: WriteJob<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('storage is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: job as WriteJob<unknown>, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Let writers that arrive in the same turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Waits for queued writes to commit, then refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.draining) await new Promise((r) => setTimeout(r, 5));
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await (batch.length === 1 ? this.runAlone(batch[0]!) : this.runBatch(batch));
      }
    } finally {
      this.draining = false;
    }
  }

  private async runAlone(job: Pending): Promise<void> {
    let value: unknown;
    try {
      value = await this.db.transaction().execute((trx) => {
        if (this.raw) bindRawConnection(trx, this.raw);
        return job.run(trx);
      });
    } catch (e) {
      this.onEnd();
      job.reject(e);
      return;
    }
    this.onEnd();
    job.resolve(value);
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (e) {
      this.onEnd();
      for (const job of batch) job.reject(e);
      return;
    }
    if (this.raw) bindRawConnection(trx, this.raw);
    try {
      for (let i = 0; i < batch.length; i++) outcomes.push(await this.runInSavepoint(trx, `gc${i}`, batch[i]!));
      await trx.commit().execute();
    } catch (e) {
      await trx.rollback().execute().catch(() => {});
      this.onEnd();
      for (const job of batch) job.reject(e);
      return;
    }
    this.onEnd();
    batch.forEach((job, i) => (outcomes[i]!.ok ? job.resolve(outcomes[i]!.value) : job.reject(outcomes[i]!.value)));
  }

  private async runInSavepoint(trx: ControlledTransaction<Database>, name: string, job: Pending): Promise<{ ok: boolean; value: unknown }> {
    const raw = this.raw;
    if (raw) {
      raw.run(`savepoint ${name}`, []);
      try {
        const value = await job.run(trx);
        raw.run(`release ${name}`, []);
        return { ok: true, value };
      } catch (e) {
        raw.run(`rollback to ${name}`, []);
        raw.run(`release ${name}`, []);
        return { ok: false, value: e };
      }
    }
    const sp = await trx.savepoint(name).execute();
    try {
      const value = await job.run(sp);
      await sp.releaseSavepoint(name).execute();
      return { ok: true, value };
    } catch (e) {
      await sp.rollbackToSavepoint(name).execute();
      await sp.releaseSavepoint(name).execute();
      return { ok: false, value: e };
    }
  }
}
