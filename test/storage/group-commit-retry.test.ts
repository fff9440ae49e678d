/**
 * A job whose own statements fail on a deadlock or serialization failure (PostgreSQL's 40P01 and
 * 40001: another instance took the same rows) is rolled back alone and runs again in a later
 * batch, up to four runs in all; any other failure is the caller's answer at once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { GroupCommitter } from '../../src/storage/group-commit.js';

const driverError = (code: string) => Object.assign(new Error(`driver error ${code}`), { code });

async function withCommitter(body: (c: GroupCommitter, rows: () => string[]) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strongroom-retry-'));
  const sqlite = new SQLite(join(dir, 'db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('create table t (v text)');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const committer = new GroupCommitter(db as never);
  try {
    await body(committer, () => (sqlite.prepare('select v from t order by rowid').pluck().all() as string[]));
  } finally {
    await committer.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const code of ['40P01', '40001']) {
  test(`a job failing with ${code} runs again, its first run rolled back; batch neighbours are not`, () => withCommitter(async (c, rows) => {
    let runs = 0;
    const flaky = c.write(async (tx) => {
      runs++;
      await sql`insert into t values (${`flaky run ${runs}`})`.execute(tx);
      if (runs === 1) throw driverError(code);
      return 'done';
    });
    const neighbour = c.write(async (tx) => { await sql`insert into t values ('neighbour')`.execute(tx); });
    assert.equal(await flaky, 'done');
    await neighbour;
    assert.equal(runs, 2);
    assert.deepEqual(rows().sort(), ['flaky run 2', 'neighbour']);
  }));
}

test('a job that keeps deadlocking gives up after four runs, with the error', () => withCommitter(async (c, rows) => {
  let runs = 0;
  await assert.rejects(c.write(async (tx) => {
    runs++;
    await sql`insert into t values ('never')`.execute(tx);
    throw driverError('40P01');
  }), { code: '40P01' });
  assert.equal(runs, 4);
  assert.deepEqual(rows(), []);
}));

test('any other failure is not run again', () => withCommitter(async (c) => {
  for (const e of [driverError('23505'), driverError('SQLITE_BUSY'), new Error('plain')]) {
    let runs = 0;
    await assert.rejects(c.write(async () => { runs++; throw e; }), (x) => x === e);
    assert.equal(runs, 1);
  }
}));
