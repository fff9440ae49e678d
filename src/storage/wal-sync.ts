/**
 * Flushes SQLite's write-ahead log to disk off the main thread.
 *
 * With `synchronous = FULL`, every COMMIT calls fsync on the WAL inside better-sqlite3, which
 * blocks the event loop for the whole flush: no request is parsed, authenticated or answered
 * meanwhile. Instead the write connection runs with `synchronous = NORMAL` (COMMIT writes the WAL
 * frames but does not flush them) and this class flushes the WAL file with fdatasync on libuv's
 * thread pool. A write is acknowledged only after a flush that began after its COMMIT returned
 * has completed, so what is acknowledged is on disk exactly as with FULL; while one batch is
 * being flushed, the next is written. Concurrent requests share one flush.
 *
 * fdatasync on any descriptor of the file flushes all of its written pages (the page cache
 * belongs to the file, not the descriptor). SQLite keeps the WAL file while the database is open
 * in WAL mode, resetting it in place after checkpoints, and syncs it itself before each checkpoint.
 */
import { closeSync, fdatasync, openSync } from 'node:fs';

export class WalSync {
  private fd: number | undefined;
  /** Flush requests made so far (each waiter is released by a flush begun after its request). */
  private requested = 0;
  private running = false;
  private waiters: { upTo: number; resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(private readonly walFile: string) {}

  /** Resolves once everything written to the WAL before this call is on disk. */
  sync(): Promise<void> {
    const upTo = ++this.requested;
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      if (!this.running) this.flush();
    });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    this.running = true;
    const upTo = this.requested;
    try {
      this.fd ??= openSync(this.walFile, 'r');
    } catch (e) {
      this.finish(upTo, e);
      return;
    }
    fdatasync(this.fd, (err) => this.finish(upTo, err ?? undefined));
  }

  private finish(upTo: number, err: unknown): void {
    this.running = false;
    const done = this.waiters.filter((w) => w.upTo <= upTo);
    this.waiters = this.waiters.filter((w) => w.upTo > upTo);
    for (const w of done) (err === undefined ? w.resolve() : w.reject(err));
    if (this.waiters.length > 0) this.flush();
  }
}
