/**
 * Checkpoints off the event loop (src/storage/wal-checkpointer.ts): a worker thread copies the
 * WAL into the database file after commits, the write connection's own checkpoint becomes a
 * backstop, a worker that cannot run hands checkpointing back, and closing leaves no WAL behind.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { SQLITE_FILE, openStorage } from '../../src/storage/database.js';
import { WalCheckpointer, type WalCheckpointerOptions } from '../../src/storage/wal-checkpointer.js';

function walDatabase(): { dir: string; file: string; db: SQLite.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'strongroom-checkpoint-'));
  const file = join(dir, 'db');
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.exec('create table t (v blob)');
  return { dir, file, db };
}

/**
 * ~5 MB of rows in one transaction, over 1,000 pages (SQLite's default automatic checkpoint) and
 * under 4,000 (the backstop): its pages are in the WAL only, until a checkpoint copies them.
 */
function writeFiveMegabytes(db: SQLite.Database): void {
  const insert = db.prepare('insert into t values (randomblob(4000))');
  db.transaction(() => {
    for (let i = 0; i < 1200; i++) insert.run();
  })();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A WAL database with a checkpointer on it (for `file`, or another path), cleaned up after `body`. */
async function withCheckpointer(
  options: WalCheckpointerOptions & { workerFile?: (dir: string) => string },
  body: (c: WalCheckpointer, db: SQLite.Database, file: string) => Promise<void>,
): Promise<void> {
  const { dir, file, db } = walDatabase();
  const checkpointer = new WalCheckpointer(options.workerFile?.(dir) ?? file, db, options);
  try {
    await body(checkpointer, db, file);
  } finally {
    await checkpointer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('after a commit the worker copies the WAL into the database file; the writer only has a backstop', () => withCheckpointer({ intervalMs: 10 }, async (checkpointer, db, file) => {
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 4000);
  const before = statSync(file).size;
  writeFiveMegabytes(db);
  // SQLite's default would have checkpointed inside that commit (1,000 pages); the backstop did not.
  assert.equal(statSync(file).size, before, 'the commit itself copied nothing into the database file');
  checkpointer.committed();
  await until(() => checkpointer.completed > 0, 'a checkpoint');
  assert.ok(statSync(file).size >= before + 4_800_000, 'the pages are in the database file');
  const r = await checkpointer.checkpoint();
  assert.equal(r.busy, 0);
  assert.equal(r.checkpointed, r.log, 'every frame is copied');
  assert.equal((db.prepare('select count(*) as n from t').get() as { n: number }).n, 1200);
}));

test('commits during a checkpoint share the next one, an interval later; no commits, no checkpoints', () => withCheckpointer({ intervalMs: 200 }, async (checkpointer, db) => {
  for (let i = 0; i < 5; i++) {
    db.prepare("insert into t values (x'00')").run();
    checkpointer.committed();
  }
  await until(() => checkpointer.completed === 1, 'the first checkpoint, at once');
  await sleep(50);
  assert.equal(checkpointer.completed, 1, 'the other four commits wait for the interval');
  await until(() => checkpointer.completed === 2, 'one checkpoint for the other four');
  await sleep(300);
  assert.equal(checkpointer.completed, 2, 'nothing committed since, nothing checkpointed');
}));

test('a worker that cannot open the database hands checkpointing back to the write connection', () => withCheckpointer({ workerFile: (dir) => join(dir, 'missing.db') }, async (checkpointer, db, file) => {
  await until(() => db.pragma('wal_autocheckpoint', { simple: true }) === 1000, 'the default automatic checkpoint');
  await assert.rejects(checkpointer.checkpoint(), /not running/);
  checkpointer.committed(); // ignored, no error
  writeFiveMegabytes(db);
  assert.ok(statSync(file).size > 4_800_000, 'the commit checkpointed by itself');
}));

test('the store checkpoints off the main thread and leaves no WAL once closed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'strongroom-checkpoint-store-'));
  try {
    const storage = await openStorage({ kind: 'sqlite', dataDir: dir });
    for (let i = 0; i < 20; i++) {
      await storage.writes.write((tx) => tx.insertInto('orgs').values({ id: `${'0'.repeat(15)}${i.toString(16)}`, name: `org ${i}`, description: '', created_at: 'now', updated_at: 'now' } as never).execute());
    }
    assert.ok(existsSync(join(dir, `${SQLITE_FILE}-wal`)));
    await storage.close();
    // The worker's connection closed first, so the writer's close checkpointed and removed the WAL.
    assert.equal(existsSync(join(dir, `${SQLITE_FILE}-wal`)), false);
    const reopened = new SQLite(join(dir, SQLITE_FILE), { readonly: true });
    assert.equal((reopened.prepare('select count(*) as n from orgs').get() as { n: number }).n, 20);
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
