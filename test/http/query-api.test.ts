/**
 * /api/v2/query end to end: secrets written over HTTP, then scripts that read them with
 * secrets.get and connect to real PostgreSQL, MariaDB and SQLite; the official QueryApi reads
 * the results; no secret value reaches a response in any encoding.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InfluxDB } from '@influxdata/influxdb-client';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { type InProcessServer, api, setupInstance, startInProcess } from '../helpers/server.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';

let server: InProcessServer;
let token: string;
let orgId: string;
const suffix = randomBytes(4).toString('hex');
const MY_USER = `seed_${suffix}`;
const MY_PASS = `my-Pa55-${randomBytes(8).toString('hex')}`;
const PG_PASS = `pg-pass-${randomBytes(8).toString('hex')}`;
const API_KEY = `api-key-${randomBytes(8).toString('hex')}`;
let pgDb: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let myAdmin: mysql.Connection;

const HEAD = 'import "sql"\nimport "influxdata/influxdb/secrets"\n';
const encodings = (s: string) => [s, Buffer.from(s).toString('base64'), encodeURIComponent(s), JSON.stringify(s).slice(1, -1), Buffer.from(s).toString('hex')];
function assertNoSecret(text: string, what: string) {
  for (const v of [MY_PASS, PG_PASS, API_KEY]) for (const e of encodings(v)) assert.ok(!text.includes(e), `${what} leaked a secret: ${text.slice(0, 300)}`);
}
const query = (q: string, t = token) => api(server.url, t, 'POST', `/api/v2/query?orgID=${orgId}`, { query: q, type: 'flux', dialect: { annotations: ['datatype', 'group', 'default'] } });

before(async () => {
  server = await startInProcess();
  ({ token, orgId } = await setupInstance(server.url));
  pgDb = await freshPostgresDatabase();
  const c = new pg.Client({ connectionString: pgDb.url });
  await c.connect();
  await c.query('CREATE TABLE t (id int, name text)');
  await c.query("INSERT INTO t VALUES (1, 'alpha'), (2, 'beta')");
  await c.end();
  try {
    myAdmin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  } catch (e) {
    throw new Error(`MariaDB is required for this test at 127.0.0.1:3306: ${(e as Error).message}`);
  }
  await myAdmin.query(`CREATE DATABASE seed_${suffix}`);
  await myAdmin.query(`CREATE USER '${MY_USER}'@'%' IDENTIFIED BY '${MY_PASS}'`);
  await myAdmin.query(`CREATE USER '${MY_USER}'@'localhost' IDENTIFIED BY '${MY_PASS}'`);
  await myAdmin.query(`GRANT ALL ON seed_${suffix}.* TO '${MY_USER}'@'%'`);
  await myAdmin.query(`GRANT ALL ON seed_${suffix}.* TO '${MY_USER}'@'localhost'`);
  await myAdmin.query(`CREATE TABLE seed_${suffix}.t (id int, name varchar(20))`);
  await myAdmin.query(`INSERT INTO seed_${suffix}.t VALUES (1, 'gamma')`);
  const lite = new Database(join(server.services.config.sqliteScriptDir, 'seed.db'));
  lite.exec("CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES (7, 'delta')");
  lite.close();
  const patch = await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, {
    PG_USER: 'postgres', PG_PASS, MY_USER, MY_PASS, WRONG_PASS: `${MY_PASS}-wrong`, API_KEY,
  });
  assert.equal(patch.status, 204);
});

after(async () => {
  await server.stop();
  await pgDb.drop();
  await myAdmin.query(`DROP DATABASE IF EXISTS seed_${suffix}`);
  await myAdmin.query(`DROP USER IF EXISTS '${MY_USER}'@'%'`);
  await myAdmin.query(`DROP USER IF EXISTS '${MY_USER}'@'localhost'`);
  await myAdmin.end();
});

describe('the seed scenario', () => {
  test('PostgreSQL with credentials from secrets.get', async () => {
    const dbName = new URL(pgDb.url).pathname.slice(1);
    const r = await query(`${HEAD}user = secrets.get(key: "PG_USER")\npass = secrets.get(key: "PG_PASS")\nsql.from(driverName: "postgres", dataSourceName: "postgresql://\${user}:\${pass}@127.0.0.1:5432/${dbName}?sslmode=disable", query: "SELECT id, name FROM t ORDER BY id")`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '#datatype,string,long,long,string\r\n#group,false,false,false,false\r\n#default,_result,,,\r\n,result,table,id,name\r\n,,0,1,alpha\r\n,,0,2,beta\r\n\r\n');
  });

  test('MariaDB with a real password from the store; a wrong one fails without leaking it', async () => {
    const ok = await query(`${HEAD}sql.from(driverName: "mysql", dataSourceName: "\${secrets.get(key: "MY_USER")}:\${secrets.get(key: "MY_PASS")}@tcp(127.0.0.1:3306)/seed_${suffix}", query: "SELECT id, name FROM t")`);
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.text, /,,0,1,gamma\r\n/);
    const bad = await query(`${HEAD}sql.from(driverName: "mysql", dataSourceName: "\${secrets.get(key: "MY_USER")}:\${secrets.get(key: "WRONG_PASS")}@tcp(127.0.0.1:3306)/seed_${suffix}", query: "SELECT 1")`);
    assert.ok(bad.status >= 400 && bad.status < 500, `${bad.status} ${bad.text}`);
    assert.match(bad.json.message, /denied|password|access/i);
    assertNoSecret(bad.text, 'wrong-password error');
    assert.ok(!bad.text.includes(`${MY_PASS}-wrong`));
  });

  test('sqlite3 file in the confined directory; paths outside it are refused', async () => {
    const ok = await query(`${HEAD}sql.from(driverName: "sqlite3", dataSourceName: "file:seed.db", query: "SELECT id, name FROM t")`);
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.text, /,,0,7,delta\r\n/);
    const escape = await query(`${HEAD}sql.from(driverName: "sqlite3", dataSourceName: "file:../strongroom.db", query: "SELECT * FROM secret_versions")`);
    assert.ok(escape.status >= 400 && escape.status < 500, escape.text);
  });
});

describe('the official QueryApi', () => {
  test('collectRows and queryRaw', async () => {
    const queryApi = new InfluxDB({ url: server.url, token }).getQueryApi(orgId);
    const rows = await queryApi.collectRows<{ a: number; b: string }>('import "array"\narray.from(rows: [{a: 1, b: "x"}, {a: 2, b: "y"}])');
    assert.deepEqual(rows.map((r) => [r.a, r.b]), [[1, 'x'], [2, 'y']]);
    const raw = await queryApi.queryRaw('import "array"\narray.from(rows: [{a: 1}])');
    assert.match(raw, /,result,table,a/);
  });
});

describe('secrets in scripts: values never escape, errors and permissions as InfluxDB', () => {
  test('C1/C2: a stored value loads back (proven by comparison, never shown)', async () => {
    const r = await query(`import "array"\nimport "influxdata/influxdb/secrets"\narray.from(rows: [{same: secrets.get(key: "API_KEY") == "${API_KEY}"}])`);
    assert.match(r.text, /,,0,true\r\n/);
  });

  test('yield, display, die, json.encode and string building are all masked', async () => {
    const scripts = [
      `import "array"\nimport "influxdata/influxdb/secrets"\nk = secrets.get(key: "API_KEY")\narray.from(rows: [{v: k, w: "Bearer " + k, x: "\${k}!"}])`,
      `import "array"\nimport "json"\nimport "influxdata/influxdb/secrets"\narray.from(rows: [{v: string(v: json.encode(v: {k: secrets.get(key: "API_KEY")}))}])`,
      `import "influxdata/influxdb/secrets"\ndie(msg: secrets.get(key: "API_KEY"))`,
      `import "array"\nimport "influxdata/influxdb/secrets"\narray.from(rows: [{v: display(v: {k: secrets.get(key: "API_KEY")})}])`,
      `import "strings"\nimport "array"\nimport "influxdata/influxdb/secrets"\narray.from(rows: [{v: strings.toUpper(v: secrets.get(key: "API_KEY")), w: strings.substring(v: secrets.get(key: "API_KEY"), start: 0, end: 12)}])`,
      `import "influxdata/influxdb/secrets"\nx = int(v: secrets.get(key: "API_KEY"))`,
    ];
    for (const s of scripts) {
      const r = await query(s);
      assert.ok(r.status < 500, r.text);
      assertNoSecret(r.text, s);
    }
  });

  test('a missing secret is 404 with InfluxDB\'s message; no read permission is 401', async () => {
    const r = await query('import "influxdata/influxdb/secrets"\nx = secrets.get(key: "NOPE")');
    assert.deepEqual([r.status, r.json.code], [404, 'not found']);
    assert.equal(r.json.message, 'error calling function "get" @2:5-2:29: secret not found');
    const limited = await api(server.url, token, 'POST', '/api/v2/authorizations', { orgID: orgId, permissions: [{ action: 'read', resource: { type: 'orgs', id: orgId } }] });
    const denied = await query('import "influxdata/influxdb/secrets"\nx = secrets.get(key: "API_KEY")', limited.json.token);
    assert.deepEqual([denied.status, denied.json.code], [401, 'unauthorized']);
    assert.match(denied.json.message, new RegExp(`read:orgs/${orgId}/secrets is unauthorized`));
  });

  test('reads are audited as reads by the query\'s token, once per key per run', async () => {
    await query('import "array"\nimport "influxdata/influxdb/secrets"\na = secrets.get(key: "API_KEY")\nb = secrets.get(key: "API_KEY")\narray.from(rows: [{x: 1}])');
    const events = (await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/audit?action=read&key=API_KEY`)).json.events;
    assert.ok(events.length >= 1);
    assert.equal(events[0].actor.type, 'token');
  });
});

describe('request handling', () => {
  test('syntax errors are 400 JSON before any CSV, all reported', async () => {
    const r = await query('x = (\ny = ');
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.match(r.json.message, /compilation failed: error @1:\d+.*error @2:\d+/);
  });

  test('application/vnd.flux bodies; org by name; unknown org 404; bad dialect 400', async () => {
    const r = await api(server.url, token, 'POST', '/api/v2/query?org=acme', 'import "array"\narray.from(rows: [{a: 1}])', { 'Content-Type': 'application/vnd.flux' });
    assert.equal(r.text, ',result,table,a\r\n,_result,0,1\r\n\r\n');
    assert.equal((await api(server.url, token, 'POST', '/api/v2/query?org=nope', { query: '1' })).status, 404);
    assert.equal((await api(server.url, token, 'POST', `/api/v2/query?orgID=${orgId}`, { query: '1', dialect: { annotations: ['bogus'] } })).status, 400);
    assert.equal((await api(server.url, token, 'POST', `/api/v2/query?orgID=${orgId}`, { query: '1', dialect: { delimiter: ';;' } })).status, 400);
    assert.equal((await api(server.url, token, 'POST', `/api/v2/query?orgID=${orgId}`, { query: '1', type: 'influxql' })).status, 400);
  });

  test('from(bucket:) explains there are no time series', async () => {
    const r = await query('from(bucket: "b")');
    assert.equal(r.status, 400);
    assert.match(r.json.message, /stores no time series/);
  });

  test('a runaway script stops with a clear error and the server is unharmed', async () => {
    const r = await query('f = (n) => if n == 0 then 0 else 1 + f(n: n - 1)\nx = f(n: 100000)');
    assert.ok(r.status >= 400 && r.status < 500, r.text);
    assert.equal((await api(server.url, undefined, 'GET', '/health')).status, 200);
  });

  test('/query/ast and /query/analyze', async () => {
    const ast = await api(server.url, token, 'POST', '/api/v2/query/ast', { query: 'x = 1' });
    assert.equal(ast.json.ast.files[0].body[0].type, 'VariableAssignment');
    const a = await api(server.url, token, 'POST', '/api/v2/query/analyze', { query: 'x = (' });
    assert.ok(a.json.errors.length >= 1);
    assert.deepEqual(Object.keys(a.json.errors[0]).sort(), ['character', 'column', 'line', 'message']);
    assert.deepEqual((await api(server.url, token, 'POST', '/api/v2/query/analyze', { query: 'x = 1' })).json.errors, []);
  });
});

describe('strongroom query (CLI)', () => {
  test('prints tables, --raw CSV, reads -f files and stdin; errors exit 1 without values', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const env = { STRONGROOM_HOST: server.url, STRONGROOM_TOKEN: token, STRONGROOM_ORG_ID: orgId };
    const script = 'import "array"\nimport "influxdata/influxdb/secrets"\narray.from(rows: [{name: "n1", v: 1, k: secrets.get(key: "API_KEY")}])';
    const [tables, raw, stdin, failed] = await Promise.all([
      runCli(['query', script], { env }),
      runCli(['query', '--raw', script], { env }),
      runCli(['query'], { env, input: 'import "array"\narray.from(rows: [{x: 42}])' }),
      runCli(['query', 'import "influxdata/influxdb/secrets"\ndie(msg: secrets.get(key: "API_KEY"))'], { env }),
    ]);
    assert.equal(tables.code, 0, tables.stderr);
    assert.match(tables.stdout, /Result: _result/);
    assert.match(tables.stdout, /name\s+v\s+k/);
    assert.match(tables.stdout, /n1\s+1\s+\*\*\*/);
    assert.equal(raw.code, 0);
    assert.equal(raw.stdout, '#datatype,string,long,string,long,string\r\n#group,false,false,false,false,false\r\n#default,_result,,,,\r\n,result,table,name,v,k\r\n,,0,n1,1,***\r\n\r\n');
    assert.match(stdin.stdout, /42/);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^Error: 400 Bad Request: error calling function "die"/);
    for (const r of [tables, raw, stdin, failed]) assertNoSecret(r.stdout + r.stderr, 'CLI output');
  });
});
