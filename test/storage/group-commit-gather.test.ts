/**
 * How the group committer gathers a batch (src/storage/group-commit.ts): writers that arrive
 * while earlier ones keep arriving, turn after turn of the event loop, share one transaction;
 * gathering ends at the first turn that brings nobody, at `gatherUpTo` writers or after
 * `gatherTurns` turns, so a lone writer is not held back.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { GroupCommitter, type GroupCommitOptions } from '../../src/storage/group-commit.js';

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

async function withCommitter(options: GroupCommitOptions, body: (c: GroupCommitter, insert: (v: string) => Promise<void>, transactions: () => number) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'strongroom-gather-'));
  const sqlite = new SQLite(join(dir, 'db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('create table t (v text)');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  let ended = 0;
  const committer = new GroupCommitter(db as never, { ...options, onEnd: () => { ended++; } });
  const insert = (v: string) => committer.write(async (tx) => { await sql`insert into t values (${v})`.execute(tx); });
  try {
    await body(committer, insert, () => ended);
    assert.equal((sqlite.prepare('select count(*) as n from t').get() as { n: number }).n > 0, true);
  } finally {
    await committer.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('writers arriving over several turns of the event loop share one transaction', () => withCommitter({}, async (_c, insert, transactions) => {
  const writes = [insert('a')];
  for (let turn = 0; turn < 4; turn++) {
    await nextTurn();
    writes.push(insert(`b${turn}`), insert(`c${turn}`));
  }
  await Promise.all(writes);
  assert.equal(transactions(), 1, 'one transaction for 9 writers that kept arriving');
}));

test('a turn that brings no writer ends the gathering: later writers get the next transaction', () => withCommitter({}, async (_c, insert, transactions) => {
  const first = insert('a');
  // Nobody arrives for a few turns: the first batch starts without waiting for the second writer.
  for (let turn = 0; turn < 4; turn++) await nextTurn();
  const second = insert('b');
  await Promise.all([first, second]);
  assert.equal(transactions(), 2);
}));

test('gathering stops at gatherUpTo writers and after gatherTurns turns', async () => {
  await withCommitter({ gatherUpTo: 4 }, async (_c, insert, transactions) => {
    const writes: Promise<void>[] = [];
    for (let turn = 0; turn < 6; turn++) {
      writes.push(insert(`${turn}a`), insert(`${turn}b`));
      await nextTurn();
    }
    await Promise.all(writes);
    // 12 writers two a turn; a batch starts once 4 are queued, so never all 12 in one.
    assert.ok(transactions() >= 2, `${transactions()} transactions`);
  });
  await withCommitter({ gatherTurns: 2 }, async (_c, insert, transactions) => {
    const writes: Promise<void>[] = [];
    for (let turn = 0; turn < 8; turn++) {
      writes.push(insert(String(turn)));
      await nextTurn();
    }
    await Promise.all(writes);
    assert.ok(transactions() >= 2, `${transactions()} transactions`);
  });
});
