/**
 * Checkpoints SQLite's write-ahead log on a worker thread, so the event loop never does.
 *
 * By default the connection that commits also checkpoints: once the WAL holds 1,000 pages, the
 * COMMIT that crossed the line copies them into the database file and fsyncs the WAL and then
 * the database, all on the event-loop thread. Under 32-way durable writes that happened every
 * ~70 ms and took ~3 ms each time, so ~4% of the only thread's time went to stalls during
 * which no request was parsed or answered (and they were most of the write p99).
 *
 * Here a worker thread with its own connection runs `PRAGMA wal_checkpoint(PASSIVE)` after
 * commits, at most once per `intervalMs`. A passive checkpoint neither waits for nor blocks
 * readers and writers; it syncs the WAL before copying and the database file after, as SQLite's
 * own checkpoints do, so durability is unchanged: only which thread does the work.
 *
 * The write connection's automatic checkpoint stays, raised to a backstop (4,000 pages): SQLite
 * writes the WAL from its start again only when a write transaction begins on a WAL whose every
 * frame has been copied, which under steady writes the worker, always a few commits behind,
 * never sees. At the backstop the write connection checkpoints what the worker has not copied
 * yet (up to `intervalMs` of writes, not 1,000 pages) and the WAL starts over; so the WAL file
 * stays under ~16 MB. Under 32-way writes stalls over 1 ms fell from ~430 to ~40 ms in 11 s.
 * Should the worker fail, the write connection checkpoints by itself again, every 1,000 pages.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** SQLite's default automatic checkpoint, in pages. */
const DEFAULT_AUTOCHECKPOINT = 1000;

/**
 * The worker's code. Plain JavaScript evaluated in the worker (no TypeScript loader there); the
 * driver is loaded from the path this module resolved, whatever the working directory.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
parentPort.on('message', (msg) => {
  if (msg === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const r = checkpoint.get();
    parentPort.postMessage({ busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
});
`;

/** What one checkpoint did: frames in the WAL, and how many of them are now in the database file. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface WalCheckpointerOptions {
  /** Least time between checkpoints that follow commits (default 20 ms). */
  intervalMs?: number;
  /** The write connection's automatic checkpoint while the worker runs (default 4,000 pages). */
  backstopPages?: number;
}

export class WalCheckpointer {
  private readonly worker: Worker;
  private inFlight: Promise<CheckpointResult> | undefined;
  private lastStarted = 0;
  private timer: NodeJS.Timeout | undefined;
  private failed = false;
  private closed = false;
  /** Commits not yet covered by a checkpoint that began after them. */
  private dirty = false;
  private readonly intervalMs: number;
  private resolveReply: ((r: CheckpointResult) => void) | undefined;
  private rejectReply: ((e: Error) => void) | undefined;
  /** Checkpoints completed by the worker (for tests and diagnostics). */
  completed = 0;

  /** `writer`: the connection that commits; its own automatic checkpoint becomes a backstop. */
  constructor(file: string, private readonly writer: SQLite.Database, options: WalCheckpointerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 20;
    writer.pragma(`wal_autocheckpoint = ${options.backstopPages ?? 4000}`);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    // An idle worker must not keep the process alive (one at work does, until it answers), nor
    // may it crash the process.
    this.worker.unref();
    this.worker.on('message', (m: CheckpointResult | { error: string }) => {
      const resolve = this.resolveReply;
      const reject = this.rejectReply;
      this.resolveReply = this.rejectReply = undefined;
      if ('error' in m) reject?.(new Error(m.error));
      else resolve?.(m);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', () => this.fail(new Error('checkpoint worker exited')));
  }

  /** A transaction has committed: checkpoint soon. */
  committed(): void {
    this.dirty = true;
    if (this.closed || this.failed || this.inFlight || this.timer) return;
    const wait = this.lastStarted + this.intervalMs - performance.now();
    if (wait <= 0) void this.run();
    else {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.run();
      }, wait);
      this.timer.unref();
    }
  }

  /** Runs one checkpoint now (waiting for one in flight first); resolves with what it did. */
  async checkpoint(): Promise<CheckpointResult> {
    while (this.inFlight) await this.inFlight.catch(() => {});
    return this.start();
  }

  /** Waits for the checkpoint in flight, then stops the worker (its connection closes before the writer's). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => {});
    if (this.failed) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage('close');
    await exited;
  }

  private start(): Promise<CheckpointResult> {
    if (this.failed || this.closed) return Promise.reject(new Error('checkpoint worker is not running'));
    this.lastStarted = performance.now();
    this.dirty = false;
    const reply = new Promise<CheckpointResult>((resolve, reject) => {
      this.resolveReply = resolve;
      this.rejectReply = reject;
    });
    this.worker.ref();
    this.worker.postMessage('checkpoint');
    this.inFlight = reply.finally(() => {
      this.worker.unref();
      this.inFlight = undefined;
      this.completed++;
    });
    return this.inFlight;
  }

  /** One checkpoint; then, if commits came meanwhile, the next one after the interval. */
  private async run(): Promise<void> {
    try {
      await this.start();
    } catch {
      return;
    }
    if (this.dirty) this.committed();
  }

  private fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.rejectReply?.(e instanceof Error ? e : new Error(String(e)));
    this.resolveReply = this.rejectReply = undefined;
    if (this.closed) return;
    // The write connection checkpoints by itself again, as SQLite does by default.
    try {
      this.writer.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
    } catch {
      // The connection is closing.
    }
  }
}
