/**
 * A write is acknowledged only once durable: the group committer settles a batch only after the
 * WAL flush begun after its COMMIT (src/storage/wal-sync.ts), and a failed flush fails the write.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { GroupCommitter } from '../../src/storage/group-commit.js';
import { openStorage } from '../../src/storage/database.js';
import { type FlushFile, WalSync } from '../../src/storage/wal-sync.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'strongroom-durability-'));
}

/** A promise that the test resolves or rejects by hand. */
function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

/** Waits for `cond`, failing after 5 s rather than hanging the suite. */
async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

async function committerWith(durable: () => Promise<void>) {
  const dir = tempDir();
  const sqlite = new SQLite(join(dir, 'db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('create table t (v text)');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const committer = new GroupCommitter(db as never, { durable });
  const rows = () => (sqlite.prepare('select count(*) as n from t').get() as { n: number }).n;
  return { committer, rows, async close() { await committer.close(); await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
}

test('writers hear back only after the flush that follows their commit, and the next batch does not wait for it', async () => {
  const flushes: ReturnType<typeof deferred>[] = [];
  const c = await committerWith(() => { const d = deferred(); flushes.push(d); return d.promise; });
  try {
    let acknowledged = 0;
    const first = Promise.all([1, 2, 3].map((i) => c.committer.write(async (tx) => { await sql`insert into t values (${String(i)})`.execute(tx); }).then(() => { acknowledged++; })));
    await waitFor(() => flushes.length >= 1, 'the first flush');
    assert.equal(c.rows(), 3, 'committed');
    assert.equal(acknowledged, 0, 'but not acknowledged before the flush');
    // A second batch commits while the first is still being flushed.
    const second = c.committer.write(async (tx) => { await sql`insert into t values ('4')`.execute(tx); });
    await waitFor(() => flushes.length >= 2, 'the second flush');
    assert.equal(c.rows(), 4);
    assert.equal(acknowledged, 0);
    flushes[0]!.resolve();
    await first;
    assert.equal(acknowledged, 3);
    flushes[1]!.resolve();
    await second;
  } finally {
    await c.close();
  }
});

test('a failed flush fails every write of the batch (committed, but not known to be on disk)', async () => {
  const c = await committerWith(() => Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })));
  try {
    const results = await Promise.allSettled([1, 2].map(() => c.committer.write(async (tx) => { await sql`insert into t values ('x')`.execute(tx); })));
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.match(String((results[0] as PromiseRejectedResult).reason), /EIO/);
  } finally {
    await c.close();
  }
});

test('close() waits for batches still being flushed', async () => {
  const d = deferred();
  const c = await committerWith(() => d.promise);
  let acknowledged = false;
  const w = c.committer.write(async (tx) => { await sql`insert into t values ('x')`.execute(tx); }).then(() => { acknowledged = true; });
  await new Promise((r) => setTimeout(r, 20));
  let closed = false;
  const closing = c.committer.close().then(() => { closed = true; });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(closed, false);
  d.resolve();
  await Promise.all([w, closing]);
  assert.ok(acknowledged && closed);
  await c.close();
});

test('WalSync flushes a real file; concurrent callers share flushes; a missing file is an error', async () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'wal');
    writeFileSync(file, 'a');
    const sync = new WalSync(file);
    for (let i = 0; i < 20; i++) appendFileSync(file, 'x'.repeat(4096));
    await Promise.all(Array.from({ length: 50 }, () => sync.sync()));
    await sync.sync();
    sync.close();
    await assert.rejects(new WalSync(join(dir, 'missing')).sync(), { code: 'ENOENT' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the embedded store: every acknowledged write is in the database file for the next connection', async () => {
  const dir = tempDir();
  try {
    const storage = await openStorage({ kind: 'sqlite', dataDir: dir });
    const now = new Date().toISOString();
    await Promise.all(Array.from({ length: 100 }, (_, i) => storage.writes.write(async (tx) => {
      await tx.insertInto('settings').values({ name: `probe-${i}`, value: now }).execute();
    })));
    await storage.close();
    // Another connection, as after a restart, finds every acknowledged row.
    const check = new SQLite(join(dir, 'strongroom.db'), { readonly: true });
    assert.equal((check.prepare("select count(*) as n from settings where name like 'probe-%'").get() as { n: number }).n, 100);
    check.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A WalSync over a real (temporary) WAL file whose flushes the test completes by hand, in any
 * order: `pending[i]` ends the i-th flush begun.
 */
async function withManualDisk(run: (sync: WalSync, pending: ((err: NodeJS.ErrnoException | null) => void)[]) => Promise<void>): Promise<void> {
  const dir = tempDir();
  try {
    const file = join(dir, 'wal');
    writeFileSync(file, 'a');
    const pending: ((err: NodeJS.ErrnoException | null) => void)[] = [];
    const flushFile: FlushFile = (_fd, done) => { pending.push(done); };
    const sync = new WalSync(file, 2, flushFile);
    try {
      await run(sync, pending);
    } finally {
      sync.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('WalSync: a commit made during a flush starts its own, and writers hear back in the order flushes began', () => withManualDisk(async (sync, pending) => {
  const heard: string[] = [];
  const a = sync.sync().then(() => heard.push('a'));
  assert.equal(pending.length, 1, 'the first request starts a flush');
  const b = sync.sync().then(() => heard.push('b'));
  assert.equal(pending.length, 2, 'a request made during a flush starts a second one at once');
  const c = sync.sync().then(() => heard.push('c'));
  assert.equal(pending.length, 2, 'no more than two at a time');
  // The second flush ends first: its writer still waits for the first.
  pending[1]!(null);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(heard, []);
  pending[0]!(null);
  await Promise.all([a, b]);
  assert.deepEqual(heard, ['a', 'b']);
  assert.equal(pending.length, 3, 'then the waiting request gets its flush');
  pending[2]!(null);
  await c;
  assert.deepEqual(heard, ['a', 'b', 'c']);
}));

test('WalSync: a failed flush fails every waiting writer, even those a later flush would cover', () => withManualDisk(async (sync, pending) => {
  const first = sync.sync();
  const second = sync.sync();
  pending[1]!(null);
  pending[0]!(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
  const results = await Promise.allSettled([first, second]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  // Later writers are flushed afresh.
  const later = sync.sync();
  pending[2]!(null);
  await later;
}));
