/**
 * Constraint violations are recognized from real errors of both drivers (src/storage/
 * database-errors.ts), so a write that lost a race is answered 404 or 422, never 500; deadlocks
 * and serialization failures are told apart from every other error (the committer retries them).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { constraintViolation, isTransient, unstorableInput } from '../../src/storage/database-errors.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';

const SCHEMA = ['create table parent (id text primary key, name text unique)', 'create table child (parent_id text not null references parent (id))'];

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return assert.fail('no error');
}

test('SQLite: a missing reference, a duplicate key or name, and anything else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strongroom-constraints-'));
  const db = new SQLite(join(dir, 'db'));
  try {
    db.pragma('foreign_keys = ON');
    for (const s of SCHEMA) db.exec(s);
    db.exec("insert into parent values ('a', 'first')");
    assert.equal(constraintViolation(errorOf(() => db.exec("insert into child values ('gone')"))), 'missing reference');
    assert.equal(constraintViolation(errorOf(() => db.exec("insert into parent values ('a', 'other')"))), 'duplicate');
    assert.equal(constraintViolation(errorOf(() => db.exec("insert into parent values ('b', 'first')"))), 'duplicate');
    assert.equal(constraintViolation(errorOf(() => db.exec('insert into parent values (null)'))), undefined);
    assert.equal(constraintViolation(errorOf(() => db.exec('select * from nowhere'))), undefined);
    assert.equal(constraintViolation(new Error('plain')), undefined);
    assert.equal(constraintViolation(undefined), undefined);
    assert.equal(constraintViolation({ code: 'toString' }), undefined);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: a missing reference, a duplicate key or name, and anything else', async () => {
  const fresh = await freshPostgresDatabase();
  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  try {
    for (const s of SCHEMA) await client.query(s);
    await client.query("insert into parent values ('a', 'first')");
    const failure = (q: string) => client.query(q).then(() => assert.fail(`no error from ${q}`), (e: unknown) => e);
    assert.equal(constraintViolation(await failure("insert into child values ('gone')")), 'missing reference');
    assert.equal(constraintViolation(await failure("insert into parent values ('a', 'other')")), 'duplicate');
    assert.equal(constraintViolation(await failure("insert into parent values ('b', 'first')")), 'duplicate');
    assert.equal(constraintViolation(await failure('insert into child values (null)')), undefined);
    assert.equal(constraintViolation(await failure('select * from nowhere')), undefined);
    // Text PostgreSQL cannot hold, in a lookup and in a write.
    const nul = await client.query('select * from parent where name = $1', ['a\u0000b']).then(() => assert.fail('NUL accepted'), (e: unknown) => e);
    assert.equal(unstorableInput(nul), 'nul character');
    assert.equal(unstorableInput(await failure(`insert into parent values ('long', '${'n'.repeat(300_000)}')`)), 'beyond a limit');
    assert.equal(unstorableInput(await failure("insert into child values ('gone')")), undefined);
  } finally {
    await client.end();
    await fresh.drop();
  }
});

test('PostgreSQL: a real deadlock between two transactions is transient; a constraint violation is not', async () => {
  const fresh = await freshPostgresDatabase();
  const [one, two] = [new pg.Client({ connectionString: fresh.url }), new pg.Client({ connectionString: fresh.url })];
  await one.connect();
  await two.connect();
  try {
    await one.query('create table r (id int primary key, v int)');
    await one.query('insert into r values (1, 0), (2, 0)');
    await one.query('begin');
    await two.query('begin');
    await one.query('update r set v = 1 where id = 1');
    await two.query('update r set v = 2 where id = 2');
    // Each now waits for the row the other holds: PostgreSQL aborts one of them.
    const outcomes = await Promise.allSettled([one.query('update r set v = 1 where id = 2'), two.query('update r set v = 2 where id = 1')]);
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    assert.equal(failed.length, 1);
    assert.equal(isTransient(failed[0]!.reason), true, String(failed[0]!.reason));
    assert.equal(isTransient(Object.assign(new Error('x'), { code: '23505' })), false);
    assert.equal(isTransient(new Error('plain')), false);
  } finally {
    await one.query('rollback').catch(() => {});
    await two.query('rollback').catch(() => {});
    await one.end();
    await two.end();
    await fresh.drop();
  }
});
