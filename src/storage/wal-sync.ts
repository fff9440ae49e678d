/**
 * Flushes SQLite's write-ahead log to disk off the main thread.
 *
 * With `synchronous = FULL`, every COMMIT calls fsync on the WAL inside better-sqlite3, which
 * blocks the event loop for the whole flush: no request is parsed, authenticated or answered
 * meanwhile. Instead the write connection runs with `synchronous = NORMAL` (COMMIT writes the WAL
 * frames but does not flush them) and this class flushes the WAL file with fdatasync on libuv's
 * thread pool. A write is acknowledged only after a flush that began after its COMMIT returned
 * has completed, so what is acknowledged is on disk exactly as with FULL; while one batch is
 * being flushed, the next is written. Concurrent requests share one flush, and a batch committed
 * during a flush starts its own (see maxInFlight).
 *
 * fdatasync on any descriptor of the file flushes all of its written pages (the page cache
 * belongs to the file, not the descriptor). SQLite keeps the WAL file while the database is open
 * in WAL mode, resetting it in place after checkpoints, and syncs it itself before each checkpoint.
 */
import { closeSync, fdatasync, openSync } from 'node:fs';

/** fdatasync's shape, so tests can stand in for the disk. */
export type FlushFile = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

interface Flush {
  /** Covers every request up to this number (all were made before it began). */
  upTo: number;
  done: boolean;
  error?: unknown;
}

export class WalSync {
  private fd: number | undefined;
  /** Flush requests made so far (each waiter is released by a flush begun after its request). */
  private requested = 0;
  /** Flushes begun and not yet reported, in the order they began. */
  private flushes: Flush[] = [];
  private waiters: { upTo: number; resolve: () => void; reject: (e: unknown) => void }[] = [];

  /**
   * `maxInFlight`: flushes that may run at once. A batch committed while the previous batch's
   * flush runs starts its own at once instead of waiting for that one to end (up to this many),
   * so a writer waits for one flush, not two; the file system merges concurrent flushes.
   */
  constructor(private readonly walFile: string, private readonly maxInFlight = 2, private readonly flushFile: FlushFile = fdatasync) {}

  /** Resolves once everything written to the WAL before this call is on disk. */
  sync(): Promise<void> {
    const upTo = ++this.requested;
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.startIfNeeded();
    });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private startIfNeeded(): void {
    const covered = this.flushes.length > 0 ? this.flushes[this.flushes.length - 1]!.upTo : 0;
    if (this.flushes.length >= this.maxInFlight || this.waiters.length === 0 || this.requested <= covered) return;
    const flush: Flush = { upTo: this.requested, done: false };
    this.flushes.push(flush);
    try {
      this.fd ??= openSync(this.walFile, 'r');
    } catch (e) {
      this.finished(flush, e);
      return;
    }
    this.flushFile(this.fd, (err) => this.finished(flush, err ?? undefined));
  }

  /**
   * Reports flushes in the order they began: no writer hears "on disk" while a flush begun
   * before its own could still fail. A failed flush fails every writer still waiting: after a
   * write-back error the kernel may have dropped dirty pages, so no later success vouches for
   * what was written before it (PostgreSQL's lesson from "fsyncgate").
   */
  private finished(flush: Flush, error: unknown): void {
    flush.done = true;
    flush.error = error;
    while (this.flushes.length > 0 && this.flushes[0]!.done) {
      const head = this.flushes.shift()!;
      if (head.error !== undefined) {
        const failed = this.waiters;
        this.waiters = [];
        for (const w of failed) w.reject(head.error);
        continue;
      }
      const released = this.waiters.filter((w) => w.upTo <= head.upTo);
      this.waiters = this.waiters.filter((w) => w.upTo > head.upTo);
      for (const w of released) w.resolve();
    }
    this.startIfNeeded();
  }
}
