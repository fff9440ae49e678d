/**
 * Leak scan: canary secret values go in through every way a value can enter (API, CLI, dotenv
 * import, replaces, restores), then the whole API is exercised the ways a value could come back
 * out (queries that yield, display, die, json.encode or fail with it; failing sql.from
 * connections whose DSN carries a canary password; tasks and saved scripts that read it; bad
 * requests quoting it). The real server process runs at debug log level. No canary — raw,
 * base64, URL-encoded, JSON-escaped or hex — may appear in any HTTP response, in the server's
 * output, in the CLI's output, or in any file of the data directory (SQLite WAL included).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, ROOT, type RunningServer, setupInstance, startServer, tempDir } from './helpers/server.js';

const tag = randomBytes(4).toString('hex');
/** Values with characters every encoding treats differently, so each encoding is distinct. */
const CANARIES = {
  main: `Cn4ry-${tag}/"q"+s3cr3t&x=1%`,
  replaced: `R3pl4ced-${tag}<tag>'apos'`,
  password: `Pw-${tag}_s3cret!pass`,
  numeric: `7${parseInt(tag, 16) % 1_000_000_000}93`,
  cli: `Cli-${tag}-argv value`,
  stdin: `Stdin-${tag}-piped value`,
  dotenv: `Dotenv-${tag}-imported value`,
  deleted: `Deleted-${tag}-gone value`,
  bad: `BadBody-${tag}-echo?`,
  /** Short enough for a JSON parser's error message to quote it whole. */
  short: `Zq${tag.slice(0, 6)}`,
} as const;

function encodings(s: string): string[] {
  return [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('base64url'), encodeURIComponent(s), JSON.stringify(s).slice(1, -1), Buffer.from(s).toString('hex')];
}
const NEEDLES = Object.entries(CANARIES).flatMap(([name, v]) => encodings(v).map((e, i) => ({ name, encoding: ['raw', 'base64', 'base64url', 'url', 'json', 'hex'][i]!, needle: e })));

function findCanaries(haystack: string | Buffer): string[] {
  const text = typeof haystack === 'string' ? haystack : haystack.toString('latin1');
  const utf8 = typeof haystack === 'string' ? haystack : haystack.toString('utf8');
  return NEEDLES.filter((n) => text.includes(n.needle) || utf8.includes(n.needle)).map((n) => `${n.name} (${n.encoding})`);
}

let server: RunningServer;
let dataDir: string;
let token: string;
let orgId: string;
let orgB: string;
/** Every response body and header block, with what produced it. */
const responses: { what: string; text: string }[] = [];
const cliOutputs: { what: string; text: string }[] = [];

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Token ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  responses.push({ what: `${method} ${path} → ${res.status}`, text: `${JSON.stringify([...res.headers])}\n${text}` });
  let json: any;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, text, json };
}

function cli(args: string[], stdin?: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args, '--host', server.url, '--token', token, '--org-id', orgId], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => { cliOutputs.push({ what: `strongroom ${args.join(' ')}`, text: out }); resolve({ code, out }); });
    child.stdin.end(stdin ?? '');
  });
}

function dataFiles(dir: string): { name: string; bytes: Buffer }[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((name) => ({ name, path: join(dir, name) }))
    .filter((f) => statSync(f.path).isFile())
    .map((f) => ({ name: f.name, bytes: readFileSync(f.path) }));
}

before(async () => {
  dataDir = tempDir();
  server = await startServer({ dataDir, args: ['--log-level', 'debug'], env: { STRONGROOM_LOG_LEVEL: 'debug' } });
  ({ token, orgId } = await setupInstance(server.url));
  orgB = (await call('POST', '/api/v2/orgs', { name: 'other-org' })).json.id;
});
after(async () => {
  if (server) await server.stop();
});

const Q = (body: string) => `import "influxdata/influxdb/secrets"\nimport "array"\nimport "strings"\nimport "json"\nimport "sql"\ns = secrets.get(key: "main")\npw = secrets.get(key: "password")\nn = secrets.get(key: "numeric")\n${body}`;
const QUERIES: Record<string, string> = {
  yield: 'array.from(rows: [{v: s, p: pw, n: n}])',
  'yield pieces': 'array.from(rows: [{v: strings.joinStr(arr: strings.split(v: s, t: ""), v: " "), u: strings.toUpper(v: s), l: strings.substring(v: s, start: 1, end: 9)}])',
  'yield as int': 'array.from(rows: [{v: int(v: n), f: float(v: n)}])',
  display: 'array.from(rows: [{v: display(v: {s: s, a: [pw], d: [s: n]})}])',
  die: 'die(msg: "leaking ${s} and ${pw}")',
  'json.encode': 'array.from(rows: [{v: string(v: json.encode(v: {s: s, pw: pw}))}])',
  'conversion error': 'x = int(v: s)\narray.from(rows: [{v: x}])',
  'column named after it': 'array.from(rows: [{v: 1}]) |> rename(columns: {v: s})',
  'result named after it': 'array.from(rows: [{v: 1}]) |> yield(name: s)',
  'group key': 'array.from(rows: [{k: s, v: 1}]) |> group(columns: ["k"])',
  'postgres refused': 'sql.from(driverName: "postgres", dataSourceName: "postgres://leak:${pw}@127.0.0.1:1/db?sslmode=disable", query: "SELECT 1")',
  'postgres wrong password': 'sql.from(driverName: "postgres", dataSourceName: "postgres://nosuchuser:${pw}@127.0.0.1:5432/postgres?sslmode=disable", query: "SELECT 1")',
  'postgres bad dsn': 'sql.from(driverName: "postgres", dataSourceName: "postgres://u:${pw}@[bad host/db", query: "SELECT 1")',
  'mysql refused': 'sql.from(driverName: "mysql", dataSourceName: "leak:${pw}@tcp(127.0.0.1:1)/db", query: "SELECT 1")',
  'sqlite file named after it': 'sql.from(driverName: "sqlite3", dataSourceName: "file:${s}.db?mode=ro", query: "SELECT 1")',
  'sqlite query with it': 'sql.from(driverName: "sqlite3", dataSourceName: ":memory:", query: "SELECT \'${s}\' AS v, \'${pw}\' AS p")',
  'sqlite error with it': 'sql.from(driverName: "sqlite3", dataSourceName: ":memory:", query: "SELECT * FROM \\"${pw}\\"")',
  'unknown driver named after it': 'sql.from(driverName: s, dataSourceName: "x", query: "q")',
  'secret key from a secret': 'x = secrets.get(key: s)\narray.from(rows: [{v: x}])',
};

test('values go in through the API, the CLI and dotenv import; replaced, deleted and restored', async () => {
  assert.equal((await call('PATCH', `/api/v2/orgs/${orgId}/secrets`, { main: CANARIES.main, password: CANARIES.password, numeric: CANARIES.numeric, doomed: CANARIES.deleted })).status, 204);
  assert.equal((await call('PATCH', `/api/v2/orgs/${orgB}/secrets`, { main: CANARIES.replaced })).status, 204);
  assert.equal((await call('PATCH', `/api/v2/orgs/${orgId}/secrets`, { main: CANARIES.replaced })).status, 204);
  assert.equal((await call('POST', `/api/v2/orgs/${orgId}/secrets/main/versions/1/restore`)).status, 200);
  assert.equal((await call('DELETE', `/api/v2/orgs/${orgId}/secrets/doomed`)).status, 204);
  for (const path of [`/api/v2/orgs/${orgId}/secrets`, `/api/v2/orgs/${orgId}/secrets?details=true`, `/api/v2/orgs/${orgId}/secrets/main`, `/api/v2/orgs/${orgId}/secrets/main/versions`, `/api/v2/orgs/${orgId}/audit`, '/api/v2/keyring']) {
    assert.equal((await call('GET', path)).status, 200, path);
  }
  assert.equal((await call('POST', '/api/v2/keyring/rotate')).status, 200);
  // Bad requests that carry a value: nothing may be quoted back.
  const bad = [
    `{"bad": "${CANARIES.bad}"`,
    `{"bad": "${CANARIES.bad}", }`,
    `{"bad": "${CANARIES.bad}"} trailing`,
    `["${CANARIES.bad}"]`,
    `{"bad": ["${CANARIES.bad}"]}`,
    `{"bad": {"v": "${CANARIES.bad}"}}`,
    `{"bad": "${CANARIES.bad}${'x'.repeat(70_000)}"}`,
    `{"bad key with \u0000": "${CANARIES.bad}"}`,
    // A value sent unquoted (a shell script forgetting its quotes): JSON parsers like to quote the input back.
    `{"bad": ${CANARIES.short}}`,
    CANARIES.short,
  ];
  for (const body of bad) assert.ok((await call('PATCH', `/api/v2/orgs/${orgId}/secrets`, body)).status >= 400);
  assert.equal((await call('PATCH', '/api/v2/orgs/ffffffffffffffff/secrets', { k: CANARIES.bad })).status, 404);

  const set = await cli(['secret', 'update', '-k', 'from_cli', '-v', CANARIES.cli]);
  assert.equal(set.code, 0, set.out);
  const piped = await cli(['secret', 'update', '-k', 'from_stdin'], CANARIES.stdin + '\n');
  assert.equal(piped.code, 0, piped.out);
  const envFile = join(tempDir(), 'import.env');
  writeFileSync(envFile, `DOTENV_ONE="${CANARIES.dotenv}"\nDOTENV_TWO=${CANARIES.numeric}\n`);
  const imported = await cli(['secret', 'import', '--file', envFile]);
  assert.equal(imported.code, 0, imported.out);
  for (const args of [['secret', 'list'], ['secret', 'list', '--json'], ['secret', 'history', '-k', 'main'], ['secret', 'restore', '-k', 'main', '--version', '3'], ['secret', 'delete', '-k', 'from_cli']]) {
    const r = await cli(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.out}`);
  }
  const keys = (await call('GET', `/api/v2/orgs/${orgId}/secrets`)).json.secrets as string[];
  assert.deepEqual(keys.sort(), ['DOTENV_ONE', 'DOTENV_TWO', 'from_stdin', 'main', 'numeric', 'password']);
});

test('queries that try to get the values out', async () => {
  const statuses: Record<string, number> = {};
  for (const [name, body] of Object.entries(QUERIES)) {
    const r = await call('POST', `/api/v2/query?orgID=${orgId}`, { query: Q(body) });
    statuses[name] = r.status;
    // 503 "unavailable" is the answer for a database that refuses the connection; never a 500.
    assert.ok(r.status < 500 || (r.status === 503 && r.json?.code === 'unavailable'), `${name}: ${r.status} ${r.text.slice(0, 200)}`);
  }
  // The ones that must run do run (so their output was really produced and scanned).
  for (const name of ['yield', 'yield pieces', 'yield as int', 'display', 'json.encode', 'group key', 'sqlite query with it']) assert.equal(statuses[name], 200, name);
  for (const name of ['die', 'conversion error', 'postgres refused', 'postgres wrong password', 'mysql refused', 'sqlite error with it']) assert.ok(statuses[name]! >= 400, name);
  for (const path of ['/api/v2/query/ast', '/api/v2/query/analyze']) assert.equal((await call('POST', path, { query: Q(QUERIES.die!) })).status, 200);
  const raw = await call('POST', `/api/v2/query?orgID=${orgId}`, Q(QUERIES.yield!), { 'Content-Type': 'application/vnd.flux' });
  assert.equal(raw.status, 200);
});

test('tasks and saved scripts that read the values', async () => {
  for (const [name, body] of Object.entries({ display: QUERIES.display!, die: QUERIES.die!, sql: QUERIES['postgres refused']! })) {
    const created = await call('POST', '/api/v2/tasks', { orgID: orgId, flux: `import "influxdata/influxdb/secrets"\nimport "array"\nimport "strings"\nimport "json"\nimport "sql"\noption task = {name: "leak-${name}", every: 24h}\n${Q(body).split('\n').filter((l) => !l.startsWith('import')).join('\n')}` });
    assert.equal(created.status, 201, created.text);
    const run = await call('POST', `/api/v2/tasks/${created.json.id}/runs`, {});
    assert.equal(run.status, 201, run.text);
    let status = run.json.status as string;
    for (let i = 0; i < 100 && !['success', 'failed', 'canceled'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await call('GET', `/api/v2/tasks/${created.json.id}/runs/${run.json.id}`)).json.status;
    }
    assert.ok(['success', 'failed'].includes(status), `task ${name} run ended ${status}`);
    for (const path of [`/api/v2/tasks/${created.json.id}`, `/api/v2/tasks/${created.json.id}/runs`, `/api/v2/tasks/${created.json.id}/logs`, `/api/v2/tasks/${created.json.id}/runs/${run.json.id}/logs`]) assert.equal((await call('GET', path)).status, 200, path);
  }
  const script = await call('POST', '/api/v2/scripts', { orgID: orgId, name: 'leaky', script: Q(`${QUERIES.display}\n${QUERIES['json.encode']}`) });
  assert.equal(script.status, 201, script.text);
  assert.equal((await call('POST', `/api/v2/scripts/${script.json.id}/invoke`, { params: {} })).status, 200);
  assert.equal((await call('GET', `/api/v2/scripts/${script.json.id}`)).status, 200);
  assert.equal((await call('GET', `/api/v2/scripts?orgID=${orgId}`)).status, 200);
});

test('no canary in any HTTP response or CLI output', () => {
  assert.ok(responses.length > 60, `only ${responses.length} responses`);
  const leaks = [...responses, ...cliOutputs].flatMap((r) => findCanaries(r.text).map((c) => `${r.what}: ${c}\n${r.text.slice(0, 400)}`));
  assert.deepEqual(leaks, []);
});

test('no canary in the server output at debug level', () => {
  const out = server.output();
  assert.match(out, /"level":20|"level":30/, 'the server logged requests');
  assert.deepEqual(findCanaries(out), []);
});

test('no canary in the data directory while running (WAL included) or after shutdown', async () => {
  const running = dataFiles(dataDir);
  assert.ok(running.some((f) => f.name.endsWith('-wal')), `no WAL file among ${running.map((f) => f.name).join(', ')}`);
  for (const f of running) assert.deepEqual(findCanaries(f.bytes), [], `${f.name} (${f.bytes.length} bytes, running)`);
  assert.equal(await server.stop('SIGTERM'), 0);
  const stopped = dataFiles(dataDir);
  assert.ok(stopped.length > 0);
  for (const f of stopped) assert.deepEqual(findCanaries(f.bytes), [], `${f.name} (after shutdown)`);
});
