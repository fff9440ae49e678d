/**
 * sql.from / sql.to against real databases: PostgreSQL (127.0.0.1:5432, user postgres, trust),
 * MariaDB (127.0.0.1:3306, root without password) and SQLite files. Credentials reach the
 * scripts through secrets.get. A database that cannot be reached fails these tests.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import mysql from 'mysql2/promise';
import Database from 'better-sqlite3';
import { StrongroomError } from '../../src/errors.js';
import { assertNoLeak, run, tempDir } from './run-helpers.js';

const suffix = randomBytes(4).toString('hex');
const PG_DB = `flux_test_${suffix}`;
const MY_DB = `flux_test_${suffix}`;
const MY_USER = `flux_${suffix}`;
const MY_PASS = `My-Pa55:${randomBytes(6).toString('hex')}@/x`;

const SQL = 'import "sql"\nimport "influxdata/influxdb/secrets"\n';

async function rejectsWith(p: Promise<unknown>, check: (e: StrongroomError) => void): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof StrongroomError, String(e));
    check(e);
    return true;
  });
}

describe('postgres', () => {
  const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  let db: pg.Client;
  const pgSecrets = { PG_USER: 'postgres', PG_PASS: `pg-${randomBytes(6).toString('hex')}` };
  const dsn = `postgres://\${secrets.get(key: "PG_USER")}:\${secrets.get(key: "PG_PASS")}@127.0.0.1:5432/${PG_DB}?sslmode=disable`;

  before(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${PG_DB}`);
    db = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: PG_DB });
    await db.connect();
    await db.query(`CREATE TABLE readings (id BIGINT, small SMALLINT, ratio FLOAT8, label TEXT, ok BOOL,
      at TIMESTAMP, at_tz TIMESTAMPTZ, day DATE, amount NUMERIC(10,2))`);
    await db.query(`INSERT INTO readings VALUES
      (9007199254740993, 7, 0.25, 'alpha', true, '2024-01-01 10:00:00.123456', '2024-01-01 10:00:00+02', '2024-02-03', 12.50),
      (2, NULL, NULL, 'b,"q"', false, NULL, NULL, NULL, NULL)`);
  });

  after(async () => {
    await db?.end();
    // FORCE: a backend cut off at its deadline may still be finishing its statement.
    await admin.query(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
    await admin.end();
  });

  test('sql.from maps column types and keeps 64-bit integers exact', async () => {
    const out = await run(`${SQL}sql.from(driverName: "postgres", dataSourceName: "${dsn}", query: "SELECT * FROM readings ORDER BY id DESC")`, pgSecrets);
    assert.deepEqual(out.secretKeysRead, ['PG_USER', 'PG_PASS']);
    assert.equal(out.csv, [
      ',result,table,id,small,ratio,label,ok,at,at_tz,day,amount',
      ',_result,0,9007199254740993,7,0.25,alpha,true,2024-01-01T10:00:00.123456Z,2024-01-01T08:00:00Z,2024-02-03T00:00:00Z,12.50',
      ',_result,0,2,,,"b,""q""",false,,,,',
      '', '',
    ].join('\r\n'));
    const cols = out.results[0]!.tables[0]!.columns.map((c) => c.type);
    assert.deepEqual(cols, ['int', 'int', 'float', 'string', 'bool', 'time', 'time', 'time', 'string']);
  });

  test('sql.to creates the table and writes every row in one transaction', async () => {
    const script = `${SQL}import "array"
array.from(rows: [
  {name: "a", n: 1, f: 1.5, ok: true, at: 2024-05-06T07:08:09.123456Z},
  {name: "b", n: 2, f: 2.5, ok: false, at: 2024-05-06T07:08:10Z},
  {name: "c", n: 3, f: 3.5, ok: true, at: 2024-05-06T07:08:11Z},
]) |> sql.to(driverName: "postgres", dataSourceName: "${dsn}", table: "written", batchSize: 10)`;
    const out = await run(script, pgSecrets);
    assert.equal(out.results[0]!.tables[0]!.rows.length, 3, 'sql.to returns its input');
    const res = await db.query(`SELECT name, n, f, ok, to_char(at, 'YYYY-MM-DD HH24:MI:SS.US') AS at FROM written ORDER BY n`);
    assert.deepEqual(res.rows, [
      { name: 'a', n: '1', f: 1.5, ok: true, at: '2024-05-06 07:08:09.123456' },
      { name: 'b', n: '2', f: 2.5, ok: false, at: '2024-05-06 07:08:10.000000' },
      { name: 'c', n: '3', f: 3.5, ok: true, at: '2024-05-06 07:08:11.000000' },
    ]);
    const types = await db.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'written' ORDER BY ordinal_position`);
    assert.deepEqual(types.rows.map((r) => r.data_type), ['text', 'bigint', 'double precision', 'boolean', 'timestamp without time zone']);
  });

  test('sql.to rolls back every table when one insert fails', async () => {
    // Two tables in one stream: the second has "n" as a string, which the BIGINT column rejects.
    const script = `${SQL}import "array"
a = array.from(rows: [{n: 10}])
b = array.from(rows: [{n: "not a number"}])
union(tables: [a, b]) |> sql.to(driverName: "postgres", dataSourceName: "${dsn}", table: "atomic")`;
    await rejectsWith(run(script, pgSecrets), (e) => {
      assert.equal(e.code, 'invalid');
      assert.match(e.message, /error calling function "to" @6:26-6:\d+: sql: invalid input syntax for type bigint/);
    });
    const res = await db.query(`SELECT to_regclass('atomic') AS t`);
    assert.equal(res.rows[0].t, null, 'the CREATE TABLE was rolled back too');
  });

  test('a driver error that echoes a secret is scrubbed', async () => {
    // The database name is a secret here, and postgres repeats it: database "..." does not exist.
    const secrets = { ...pgSecrets, PG_DB: `nodb_${randomBytes(5).toString('hex')}` };
    const script = `${SQL}sql.from(driverName: "postgres", dataSourceName: "postgres://postgres:\${secrets.get(key: "PG_PASS")}@127.0.0.1:5432/\${secrets.get(key: "PG_DB")}", query: "SELECT 1")`;
    await rejectsWith(run(script, secrets), (e) => {
      assert.match(e.message, /database "\*\*\*" does not exist/);
      for (const s of Object.values(secrets)) if (s !== 'postgres') assertNoLeak(e.message, s, 'error');
    });
  });

  test('a statement still running at the deadline is stopped', async () => {
    const started = Date.now();
    await rejectsWith(run(`${SQL}sql.from(driverName: "postgres", dataSourceName: "${dsn}", query: "SELECT pg_sleep(5)")`, pgSecrets, { timeoutMs: 400 }), (e) => {
      assert.equal(e.code, 'unprocessable entity');
      assert.match(e.message, /query exceeded its time limit of 400 ms/);
    });
    assert.ok(Date.now() - started < 3000, 'stopped long before the 5 s sleep ended');
  });

  test('the key=value DSN form works too', async () => {
    const kv = `host=127.0.0.1 port=5432 user=\${secrets.get(key: "PG_USER")} password='\${secrets.get(key: "PG_PASS")}' dbname=${PG_DB} sslmode=disable`;
    const out = await run(`${SQL}sql.from(driverName: "postgres", dataSourceName: "${kv}", query: "SELECT count(*) AS n FROM readings")`, pgSecrets);
    assert.equal(out.csv, ',result,table,n\r\n,_result,0,2\r\n\r\n');
  });

  test('an unreachable server is reported as unavailable', async () => {
    const script = `${SQL}sql.from(driverName: "postgres", dataSourceName: "postgres://u:\${secrets.get(key: "PG_PASS")}@127.0.0.1:1/x", query: "SELECT 1")`;
    await rejectsWith(run(script, pgSecrets), (e) => {
      assert.equal(e.code, 'unavailable');
      assertNoLeak(e.message, pgSecrets.PG_PASS, 'error');
    });
  });
});

describe('mysql (MariaDB)', () => {
  let root: mysql.Connection;
  const dsn = (passKey: string) => `\${secrets.get(key: "MY_USER")}:\${secrets.get(key: "${passKey}")}@tcp(127.0.0.1:3306)/${MY_DB}`;
  const secrets = { MY_USER, MY_PASS, MY_WRONG: `wrong-${randomBytes(6).toString('hex')}` };

  before(async () => {
    root = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    await root.query(`CREATE DATABASE ${MY_DB}`);
    for (const host of ['%', 'localhost']) {
      await root.query(`CREATE USER '${MY_USER}'@'${host}' IDENTIFIED BY ?`, [MY_PASS]);
      await root.query(`GRANT ALL ON ${MY_DB}.* TO '${MY_USER}'@'${host}'`);
    }
    await root.query(`CREATE TABLE ${MY_DB}.items (id BIGINT, qty INT, price DOUBLE, name VARCHAR(20), created DATETIME(3), flag TINYINT)`);
    await root.query(`INSERT INTO ${MY_DB}.items VALUES (9007199254740993, 3, 9.75, 'widget', '2024-03-04 05:06:07.250', 1), (2, NULL, NULL, NULL, NULL, 0)`);
  });

  after(async () => {
    for (const host of ['%', 'localhost']) await root.query(`DROP USER IF EXISTS '${MY_USER}'@'${host}'`);
    await root.query(`DROP DATABASE IF EXISTS ${MY_DB}`);
    await root.end();
  });

  test('sql.from reads with a password from secrets.get', async () => {
    const out = await run(`${SQL}sql.from(driverName: "mysql", dataSourceName: "${dsn('MY_PASS')}", query: "SELECT * FROM items ORDER BY id DESC")`, secrets);
    assert.equal(out.csv, [
      ',result,table,id,qty,price,name,created,flag',
      ',_result,0,9007199254740993,3,9.75,widget,2024-03-04T05:06:07.25Z,1',
      ',_result,0,2,,,,,0',
      '', '',
    ].join('\r\n'));
  });

  test('sql.to writes in batches and the rows read back', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `{k: "k${i}", n: ${i}, at: 2024-01-01T00:00:${String(i).padStart(2, '0')}Z}`).join(', ');
    await run(`${SQL}import "array"\narray.from(rows: [${rows}]) |> sql.to(driverName: "mysql", dataSourceName: "${dsn('MY_PASS')}", table: "batched", batchSize: 7)`, secrets);
    const [res] = await root.query(`SELECT COUNT(*) AS c, SUM(n) AS s, MAX(at) AS m FROM ${MY_DB}.batched`);
    const row = (res as { c: number; s: string; m: Date }[])[0]!;
    assert.equal(Number(row.c), 25);
    assert.equal(Number(row.s), 300);
    const [cols] = await root.query(`SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'batched' ORDER BY ORDINAL_POSITION`, [MY_DB]);
    assert.deepEqual((cols as { COLUMN_TYPE: string }[]).map((c) => c.COLUMN_TYPE), ['text', 'bigint(20)', 'datetime(6)']);
  });

  test('a statement still running at the deadline is stopped', async () => {
    const started = Date.now();
    await rejectsWith(run(`${SQL}sql.from(driverName: "mysql", dataSourceName: "${dsn('MY_PASS')}", query: "SELECT SLEEP(5)")`, secrets, { timeoutMs: 400 }), (e) => {
      assert.equal(e.code, 'unprocessable entity');
      assert.match(e.message, /query exceeded its time limit of 400 ms/);
    });
    assert.ok(Date.now() - started < 3000, 'stopped long before the 5 s sleep ended');
  });

  test('a wrong password fails without the password in any encoding', async () => {
    const script = `${SQL}sql.from(driverName: "mysql", dataSourceName: "${dsn('MY_WRONG')}", query: "SELECT 1")`;
    await rejectsWith(run(script, secrets), (e) => {
      assert.match(e.message, /error calling function "from" @3:1-3:\d+: sql: Access denied for user/);
      assertNoLeak(e.message, secrets.MY_WRONG, 'error');
      assertNoLeak(e.message, MY_PASS, 'error');
    });
  });
});

describe('sqlite3', () => {
  const dir = tempDir('flux-sqlite-');

  before(() => {
    const db = new Database(path.join(dir, 'seed.db'));
    db.exec(`CREATE TABLE events (id INTEGER, kind TEXT, score REAL, seen BOOLEAN, at DATETIME)`);
    db.exec(`INSERT INTO events VALUES (1, 'login', 0.5, 1, '2024-01-01T00:00:00Z'), (2, 'logout', NULL, 0, '2024-01-01 00:05:00')`);
    db.close();
  });

  test('sql.from reads a file in the sqlite directory, filtered and mapped', async () => {
    const out = await run(`${SQL}sql.from(driverName: "sqlite3", dataSourceName: "file:seed.db?mode=ro", query: "SELECT * FROM events")
  |> filter(fn: (r) => r.kind == "logout")
  |> map(fn: (r) => ({r with id: r.id * 100}))`, {}, { sqliteDir: dir });
    assert.equal(out.csv, ',result,table,id,kind,score,seen,at\r\n,_result,0,200,logout,,false,2024-01-01T00:05:00Z\r\n\r\n');
  });

  test('mode=ro refuses writes and sql.to leaves nothing behind', async () => {
    const script = `${SQL}import "array"\narray.from(rows: [{a: 1}]) |> sql.to(driverName: "sqlite3", dataSourceName: "file:seed.db?mode=ro", table: "t")`;
    await rejectsWith(run(script, {}, { sqliteDir: dir }), (e) => assert.match(e.message, /readonly/));
    const db = new Database(path.join(dir, 'seed.db'), { readonly: true });
    assert.deepEqual(db.prepare(`SELECT count(*) AS c FROM sqlite_master WHERE name = 't'`).get(), { c: 0 });
    db.close();
  });

  test('sql.to with many rows splits batches under the parameter limit', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => `{i: ${i}, s: "r${i}"}`).join(', ');
    await run(`${SQL}import "array"\narray.from(rows: [${rows}]) |> sql.to(driverName: "sqlite3", dataSourceName: "file:bulk.db", table: "bulk")`, {}, { sqliteDir: dir });
    const db = new Database(path.join(dir, 'bulk.db'), { readonly: true });
    assert.deepEqual(db.prepare('SELECT count(*) AS c, sum(i) AS s FROM bulk').get(), { c: 600, s: 179700 });
    db.close();
  });

  test('an endless recursive query stops at the row limit', async () => {
    const q = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c';
    await rejectsWith(run(`${SQL}sql.from(driverName: "sqlite3", dataSourceName: ":memory:", query: "${q}")`, {}, { sqliteDir: dir, maxRows: 5000 }), (e) => {
      assert.equal(e.code, 'unprocessable entity');
      assert.match(e.message, /row limit/);
    });
  });

  test('a symlink out of the sqlite directory is refused', async () => {
    const fs = await import('node:fs');
    const outside = tempDir('flux-outside-');
    new Database(path.join(outside, 'other.db')).close();
    fs.symlinkSync(path.join(outside, 'other.db'), path.join(dir, 'link.db'));
    const script = `${SQL}sql.from(driverName: "sqlite3", dataSourceName: "link.db", query: "SELECT 1")`;
    await rejectsWith(run(script, {}, { sqliteDir: dir }), (e) => assert.match(e.message, /must be inside/));
  });
});
