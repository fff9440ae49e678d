/**
 * Generated hostile requests (fast-check) over every route of /api/v2/openapi.json: random and
 * garbage IDs, query strings, headers, credentials, content types and encodings, JSON shapes,
 * invalid UTF-8, deep nesting, and Flux sources (garbage, token soup, deep nesting, mutated
 * corpus scripts) for the query, task and script routes. No answer may be a 5xx, every error
 * must be an InfluxDB `{"code","message"}` body, and the server must be healthy afterwards.
 *
 * Reproduce a run with FUZZ_SEED=<seed printed below>; FUZZ_RUNS sets the number of requests and
 * FUZZ_CONCURRENCY how many are in flight at once (8); FUZZ_STORAGE=postgres runs the server on PostgreSQL;
 * FUZZ_PROFILE=1 prints where the time went, by route.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { type InProcessServer, ROOT, api, setupInstance, startInProcess } from './helpers/server.js';
import { freshPostgresDatabase } from './helpers/postgres.js';
import { type RawRequest, keepAliveAgent, pooled, rawRequest } from './helpers/raw-http.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let server: InProcessServer;
let operator: string;
let mainOrg: string;
let userId: string;
/** Orgs the fuzzer may rename, delete and fill; the main org holds the operator token and is never a path target. */
const victims: string[] = [];
let routes: { method: string; path: string }[];
/** Requests in flight at once (FUZZ_CONCURRENCY): races between them are part of what is fuzzed. */
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
/** The store behind the server (FUZZ_STORAGE): PostgreSQL refuses some text SQLite stores. */
const STORAGE = process.env.FUZZ_STORAGE === 'postgres' ? 'postgres' : 'sqlite';
let dropDatabase: (() => Promise<void>) | undefined;
const agent = keepAliveAgent(CONCURRENCY);

before(async () => {
  if (STORAGE === 'postgres') {
    const pg = await freshPostgresDatabase();
    dropDatabase = pg.drop;
    server = await startInProcess({ storage: 'postgres', postgresUrl: pg.url });
  } else {
    server = await startInProcess();
  }
  ({ token: operator, orgId: mainOrg, userId } = await setupInstance(server.url));
  // Generated scripts run in the main org and read these.
  assert.equal((await api(server.url, operator, 'PATCH', `/api/v2/orgs/${mainOrg}/secrets`, { a: 'value-a', b: '42' })).status, 204);
  for (let i = 0; i < 4; i++) {
    const org = await api(server.url, operator, 'POST', '/api/v2/orgs', { name: `victim-${i}` });
    assert.equal(org.status, 201, org.text);
    victims.push(org.json.id);
    assert.equal((await api(server.url, operator, 'PATCH', `/api/v2/orgs/${org.json.id}/secrets`, { a: 'x', b: 'y', 'key with space': 'z' })).status, 204);
  }
  const doc = (await api(server.url, undefined, 'GET', '/api/v2/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'head').map((m) => ({ method: m.toUpperCase(), path })));
});
after(async () => {
  agent.destroy();
  await server.stop();
  await dropDatabase?.();
});

// ---- generators -------------------------------------------------------------------------

const hexId = fc.stringMatching(/^[0-9a-f]{16}$/);
// IDs known only once the server is set up, drawn lazily at generation time.
const victimId = fc.constant(0).chain(() => fc.constantFrom(...victims));
const userOrUnknownId = fc.constant(0).chain(() => fc.constantFrom(userId, 'ffffffffffffffff'));
const garbageSegment = fc.oneof(
  fc.constantFrom('', '.', '..', '%00', '%2e%2e%2f', '%ZZ', '%C0%AF', '%FF%FE', '0000000000000000', 'FFFFFFFFFFFFFFFF', 'null', 'undefined', '-1', '1e309', '[]', '{}', "'--", '%20', 'x'.repeat(2000)),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.stringMatching(/^[0-9a-fA-F]{15,17}$/),
);
const pathParam = (name: string) => fc.oneof(
  { weight: 3, arbitrary: name === 'orgID' ? victimId : hexId },
  { weight: 1, arbitrary: userOrUnknownId },
  { weight: name === 'secretID' ? 4 : 0, arbitrary: fc.constantFrom('a', 'b', 'key%20with%20space', 'missing') },
  { weight: name === 'version' ? 4 : 0, arbitrary: fc.integer({ min: -2, max: 12 }).map(String) },
  { weight: 3, arbitrary: garbageSegment },
);

const QUERY_NAMES = ['org', 'orgID', 'userID', 'user', 'name', 'id', 'details', 'limit', 'after', 'action', 'key', 'actor', 'offset', 'descending', 'status', 'type', 'scriptID', 'taskID'];
const queryString = fc.array(fc.tuple(
  fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 8 }).map(encodeURIComponent), fc.constantFrom('orgID[]', '__proto__', 'constructor')),
  fc.oneof(fc.constantFrom('true', 'false', '', '0', '-1', '1001', 'yesterday', '2020-01-01T00:00:00Z', 'acme', 'victim-0', '%00', '%ff', 'create'), hexId, fc.string({ maxLength: 30 }).map(encodeURIComponent)),
), { maxLength: 4 }).map((pairs) => (pairs.length ? '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&') : ''));

const headerText = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const authHeader = fc.oneof(
  { weight: 6, arbitrary: fc.constant('OPERATOR') },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.oneof(headerText, fc.constantFrom('Token', 'Token ', 'Bearer', 'Basic Og==', 'Basic YWRtaW46Y29ycmVjdCBob3JzZSBiYXR0ZXJ5', 'Token \u00ff\u00fe', `Token ${'A'.repeat(8000)}`), headerText.map((t) => `Token ${t}`)) },
);
const contentType = fc.oneof(fc.constantFrom(
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/vnd.flux', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/octet-stream', '*/*', '', 'application/json; charset=utf-16',
), headerText);
const extraHeaders = fc.dictionary(
  fc.constantFrom('Accept', 'Accept-Encoding', 'Content-Encoding', 'Prefer', 'Cookie', 'X-Forwarded-For', 'Origin', 'If-None-Match', 'Range', 'Zap-Trace-Span', 'Expect'),
  fc.oneof(headerText, fc.constantFrom('gzip', 'br, deflate', 'return-no-content', 'strongroom_session=abc', 'strongroom_session=', 'bytes=0-1', '*')),
  { maxKeys: 3 },
).map((h) => { delete h.Expect; return h; });

const corpus = readdirSync(join(ROOT, 'test', 'flux', 'corpus'))
  .filter((f) => f.endsWith('.flux'))
  .map((f) => readFileSync(join(ROOT, 'test', 'flux', 'corpus', f), 'utf8'))
  // Scripts that reach the network (http, requests, postgres/mysql) would make the run wait on timeouts.
  .filter((src) => !/import\s+"(http|http\/requests|requests|experimental\/http|influxdata\/influxdb\/v1|slack|pagerduty)"|(postgres|mysql):\/\/|driverName:\s*"(postgres|mysql)/.test(src));
const FLUX_TOKENS = ['(', ')', '{', '}', '[', ']', '|>', '=>', '<-', 'import', '"strings"', '"influxdata/influxdb/secrets"', 'secrets.get', '(key: "a")', 'x', 'r', '=', '==', '=~', '1', '-1', '1.5', '"s"', '"${', '}"', ',', ':', '.', 'fn', 'return', 'if', 'then', 'else', 'and', 'or', 'not', 'exists', 'option', 'now', '2h', '1mo', '2020-01-01T00:00:00Z', '/re/', '\n', ' ', '//c\n', 'array.from(rows: [{a: 1}])', 'yield()', 'die(msg: "x")', 'display(v: ', 'json.encode(v: ', 'with', '@edition("2022.1")', 'package', 'testcase', '\u0000', '\uffff', '"\\u{1F600}"', '0x', '1e9999', '9223372036854775808'];
const fluxSource = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom(...FLUX_TOKENS), { maxLength: 80 }).map((t) => t.join('')),
  fc.record({ open: fc.constantFrom('(', '[', '{a: ', 'f(x: ', '-', 'not ', 'if true then ', '"${', '[1, ', 'fn: (r) => '), close: fc.constantFrom(')', ']', '}', ')', '', ' else 1', '}"', ''), depth: fc.integer({ min: 1, max: 3000 }) })
    .map(({ open, close, depth }) => open.repeat(depth) + '1' + close.repeat(depth)),
  // Left-associative chains the parser builds iteratively: bounded by tree depth, not nesting.
  fc.record({ link: fc.constantFrom(' + 1', '.b', '[0]', '()', ' |> f()', ' + "a"', ' and true', ' == 1'), length: fc.integer({ min: 1, max: 3000 }) })
    .map(({ link, length }) => `import "array"\nx = a${link.repeat(length)}\narray.from(rows: [{v: x}])`),
  fc.record({ i: fc.nat({ max: corpus.length - 1 }), at: fc.nat(), cut: fc.nat({ max: 30 }), insert: fc.string({ unit: 'binary', maxLength: 10 }) })
    .map(({ i, at, cut, insert }) => { const s = corpus[i]!; const p = at % (s.length + 1); return s.slice(0, p) + insert + s.slice(p + cut); }),
  fc.constantFrom(...corpus),
  fc.string({ maxLength: 20 }).map((k) => `import "influxdata/influxdb/secrets"\nx = secrets.get(key: ${JSON.stringify(k)})\narray.from(rows: [{v: x}])`.replace('array.from', 'import "array"\narray.from')),
);

/** Small scripts that parse and mostly run, so the evaluator and stdlib see generated input too. */
const leafExpr = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String), fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.nat(99)).map(([a, b]) => `${a}.${b}`),
  fc.string({ maxLength: 12 }).map((t) => JSON.stringify(t)), fc.constantFrom('true', 'false', 'now()', '1h', '2021-01-01T00:00:00Z', 's', '[1, 2, 3]', '{a: 1, b: "x"}', '[s]', 's'),
);
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: leafExpr },
    { weight: 1, arbitrary: fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', 'and', 'or', '=~'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('strings.toUpper', 'strings.trimSpace', 'string', 'int', 'float', 'bool', 'length', 'display', 'json.encode', 'strings.strlen'), tie('e')).map(([f, a]) => `${f}(v: ${a})`) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `(if ${c} then ${a} else ${b})`) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), fc.constantFrom('.a', '[0]', '["b"]')).map(([a, m]) => `(${a})${m}`) },
  ),
})).e;
const runnableScript = fc.tuple(fc.string({ maxLength: 6 }), expr, expr, fc.constantFrom('', ' |> filter(fn: (r) => exists r.v)', ' |> map(fn: (r) => ({r with w: 1}))', ' |> group(columns: ["v"])', ' |> sum(column: "n")', ' |> yield(name: "x")', ' |> limit(n: 1)'))
  .map(([key, a, b, pipe]) => `import "array"\nimport "strings"\nimport "json"\nimport "influxdata/influxdb/secrets"\ns = secrets.get(key: ${JSON.stringify(key.length % 4 === 3 ? key : 'a')})\narray.from(rows: [{v: ${a}, w: ${b}, n: 1}])${pipe}`);

const KNOWN_FIELDS = ['name', 'description', 'orgID', 'userID', 'id', 'status', 'permissions', 'secrets', 'query', 'flux', 'script', 'language', 'every', 'cron', 'token', 'username', 'password', 'org', 'bucket', 'type', 'dialect', 'now', 'params', 'masterKey', 'newMasterKey', 'key', 'scheduledFor', 'limit', 'offset'];
const jsonValue = fc.jsonValue({ maxDepth: 4 });
const permission = fc.record({
  action: fc.oneof(fc.constantFrom('read', 'write'), jsonValue),
  resource: fc.oneof(fc.record({ type: fc.oneof(fc.constantFrom('secrets', 'orgs', 'authorizations', 'instance', 'users', 'tasks', 'scripts'), jsonValue), orgID: fc.oneof(hexId, victimId, jsonValue), id: fc.oneof(hexId, jsonValue) }, { requiredKeys: [] }), jsonValue),
}, { requiredKeys: [] });
/** Names and descriptions a store may not hold: control characters and NUL (PostgreSQL refuses it in text), and lengths beyond an index. */
const hostileText = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('nul\u0000name', '\u0000', 'x'.repeat(5000), `${'\u00e9'.repeat(1500)}`));
const shapedObject = fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_FIELDS), fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), fc.oneof(
  jsonValue, fluxSource, fc.array(permission, { maxLength: 3 }), fc.array(fc.oneof(fc.string({ maxLength: 10 }), jsonValue, hostileText), { maxLength: 4 }), hexId, victimId, hostileText,
), { maxKeys: 6 });
/** Absent three times in four: a body with every optional field garbled rarely reaches the runtime. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const queryBody = fc.record({
  query: fc.oneof({ weight: 2, arbitrary: fluxSource }, { weight: 3, arbitrary: runnableScript }),
  type: rarely(fc.oneof(fc.constant('flux'), jsonValue)),
  dialect: rarely(fc.oneof(jsonValue, fc.record({ header: fc.boolean(), delimiter: fc.constantFrom(',', ';', '\t', '', 'ab'), annotations: fc.subarray(['datatype', 'group', 'default']) }, { requiredKeys: [] }))),
  now: rarely(fc.oneof(fc.constant('2021-01-01T00:00:00Z'), jsonValue)),
  params: rarely(jsonValue),
}, { requiredKeys: ['query'] }).map((o) => Buffer.from(JSON.stringify(o)));
const bodyBytes: fc.Arbitrary<Buffer | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: shapedObject.map((o) => Buffer.from(JSON.stringify(o))) },
  { weight: 4, arbitrary: queryBody },
  { weight: 2, arbitrary: fluxSource.map((s) => Buffer.from(s)) },
  { weight: 2, arbitrary: jsonValue.map((v) => Buffer.from(JSON.stringify(v))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.record({ open: fc.constantFrom('[', '{"a":', '{"query":['), depth: fc.integer({ min: 1, max: 50_000 }) }).map(({ open, depth }) => Buffer.from(open.repeat(depth))) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((s) => Buffer.concat([Buffer.from('{"k":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from(s), Buffer.from('"}')])) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((s) => Buffer.from(JSON.stringify({ k: s }), 'utf16le')) },
);

interface Case { route: { method: string; path: string }; method: string; params: Record<string, string>; query: string; auth: string | undefined; contentType: string; headers: Record<string, string>; body: Buffer | undefined; chunked: boolean }

function caseArbitrary(): fc.Arbitrary<Case> {
  const query = routes.find((r) => r.method === 'POST' && r.path === '/api/v2/query')!;
  return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...routes) }, { weight: 1, arbitrary: fc.constant(query) }).chain((route) => {
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    return fc.record({
      route: fc.constant(route),
      method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') }),
      params: fc.record(Object.fromEntries(names.map((n) => [n, pathParam(n)]))) as fc.Arbitrary<Record<string, string>>,
      // Scripts only run in a readable org: most query requests name one, so the runtime is fuzzed too.
      query: route === query ? fc.oneof({ weight: 4, arbitrary: fc.constant(0).map(() => `?orgID=${mainOrg}`) }, { weight: 1, arbitrary: queryString }) : queryString,
      auth: authHeader,
      contentType,
      headers: extraHeaders,
      body: route === query ? fc.oneof({ weight: 4, arbitrary: queryBody }, { weight: 1, arbitrary: bodyBytes }) : bodyBytes,
      chunked: fc.boolean(),
    });
  });
}

function toRequest(c: Case): RawRequest {
  let path = c.route.path.replace(/\{(\w+)\}/g, (_, n: string) => c.params[n] ?? 'x');
  // The org holding the operator token must survive, so it is never a path target (queries name it in the query string).
  path = path.replaceAll(mainOrg, victims[0]!);
  const headers: Record<string, string> = { ...c.headers };
  if (c.auth === 'OPERATOR') headers.Authorization = `Token ${operator}`;
  else if (c.auth !== undefined) headers.Authorization = c.auth;
  if (c.body !== undefined && c.contentType !== '') headers['Content-Type'] = c.contentType;
  const bodyAllowed = !['GET', 'HEAD'].includes(c.method);
  return { method: c.method, path: path + c.query, headers, ...(bodyAllowed && c.body !== undefined ? { body: c.body, chunked: c.chunked } : {}) };
}

function describe(r: RawRequest): string {
  const body = r.body ? r.body.subarray(0, 160).toString('utf8') : '';
  return `${r.method} ${r.path.slice(0, 200)} headers=${JSON.stringify(Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, v.slice(0, 60)])))} body(${r.body?.length ?? 0})=${JSON.stringify(body)}`;
}

test(`${RUNS} generated hostile requests over every route: no 5xx, InfluxDB error bodies (seed ${SEED})`, { timeout: 600_000 }, async () => {
  process.stdout.write(`fuzz seed ${SEED} (reproduce with FUZZ_SEED=${SEED}), ${RUNS} requests over ${routes.length} routes\n`);
  assert.ok(routes.length >= 25, `only ${routes.length} routes in the OpenAPI document`);
  const cases = fc.sample(caseArbitrary(), { seed: SEED, numRuns: RUNS });
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const routesHit = new Set<string>();
  const timing = new Map<string, number>();
  const queryStatuses = new Map<number, number>();
  await pooled(cases.length, CONCURRENCY, async (i) => {
    const req = toRequest(cases[i]!);
    let res;
    const t0 = performance.now();
    try {
      res = await rawRequest(server.url, agent, req);
      if (process.env.FUZZ_PROFILE) { const k = `${cases[i]!.route.method} ${cases[i]!.route.path}`; timing.set(k, (timing.get(k) ?? 0) + performance.now() - t0); }
    } catch (e) {
      failures.push(`#${i} transport error ${(e as Error).message}: ${describe(req)}`);
      return;
    }
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (req.method === cases[i]!.route.method) routesHit.add(`${req.method} ${cases[i]!.route.path}`);
    if (req.method === 'POST' && cases[i]!.route.path === '/api/v2/query') queryStatuses.set(res.status, (queryStatuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500) failures.push(`#${i} ${res.status} ${res.text.slice(0, 200)}: ${describe(req)}`);
    else if (res.status >= 400 && req.method !== 'HEAD') {
      if (typeof res.json?.code !== 'string' || typeof res.json?.message !== 'string' || Object.keys(res.json).some((k) => k !== 'code' && k !== 'message')) {
        failures.push(`#${i} ${res.status} body is not {"code","message"}: ${res.text.slice(0, 200)}: ${describe(req)}`);
      }
    }
  });
  if (process.env.FUZZ_PROFILE) process.stdout.write([...timing].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${Math.round(v)} ms ${k}`).join('\n') + '\n');
  process.stdout.write(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n`);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures (seed ${SEED})`);
  process.stdout.write(`POST /api/v2/query statuses: ${JSON.stringify(Object.fromEntries(queryStatuses))}\n`);
  // Scripts really ran: some produced results, more were refused by the parser or the runtime.
  assert.ok((queryStatuses.get(200) ?? 0) >= RUNS / 1000, 'no generated script ran to a result');
  assert.ok((queryStatuses.get(400) ?? 0) >= RUNS / 200, 'too few generated scripts reached the parser');
  // Every route was exercised with its own method.
  const missed = routes.filter((r) => !routesHit.has(`${r.method} ${r.path}`));
  assert.deepEqual(missed, [], 'routes never requested');
});

/** Sends raw bytes on a fresh connection and returns everything the server answers. */
function rawExchange(bytes: string): Promise<string> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(bytes));
    let out = '';
    socket.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    socket.on('error', reject);
    socket.on('close', () => resolve(out));
  });
}

test('malformed HTTP is answered with an InfluxDB error body, then the connection closes', async () => {
  const samples = fc.sample(fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).map((s) => `${s}\r\n\r\n`),
    fc.constantFrom(
      'GET / HTTP/9.9\r\n\r\n',
      'POST /api/v2/query HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzzzzz\r\n\r\n',
      'POST /api/v2/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n\r\n',
      `GET /api/v2/orgs HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      'GET /api/v2/orgs HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
    ),
  ), { seed: SEED, numRuns: 40 });
  for (const bytes of samples) {
    const answer = await rawExchange(bytes);
    if (answer === '') continue; // the parser may wait for more and the close ends it silently
    assert.equal(answer.match(/HTTP\/1\.1 \d{3}/g)!.length, 1, `one answer to one request: ${JSON.stringify(bytes.slice(0, 80))} → ${answer.slice(0, 300)}`);
    const [head, ...rest] = answer.split('\r\n\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head!)?.[1]);
    assert.ok(status < 500, `${JSON.stringify(bytes.slice(0, 80))} → ${head}`);
    if (status >= 400) {
      const body = JSON.parse(rest.join('\r\n\r\n')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['code', 'message'], `${JSON.stringify(bytes.slice(0, 80))} → ${answer.slice(0, 300)}`);
    }
  }
});

test('huge hostile scripts get answers of bounded size, never a 5xx', async () => {
  // 400 KB of input that the parser turns into ~400,000 errors or a 200,000-node tree.
  const scripts = ['[1, '.repeat(100_000), '('.repeat(100_000), 'x |> '.repeat(80_000) + 'y', 'x = ' + '1 + '.repeat(80_000) + '1'];
  for (const query of scripts) {
    for (const path of ['/api/v2/query/ast', '/api/v2/query/analyze', `/api/v2/query?orgID=${mainOrg}`]) {
      const r = await api(server.url, operator, 'POST', path, { query });
      assert.ok(r.status < 500, `${path} ${query.slice(0, 10)}…: ${r.status} ${r.text.slice(0, 200)}`);
      // The AST of a script is ~350× its size by format (every node carries its source); other answers stay small.
      assert.ok(r.text.length < (path.endsWith('/ast') ? 64 * 1024 * 1024 + 1000 : 1_000_000), `${path} ${query.slice(0, 10)}…: ${r.text.length} bytes`);
    }
  }
});

test('the server is healthy afterwards: health, the operator token, the store', async () => {
  assert.equal((await api(server.url, undefined, 'GET', '/health')).status, 200);
  const orgs = await api(server.url, operator, 'GET', '/api/v2/orgs');
  assert.equal(orgs.status, 200, orgs.text);
  assert.ok(orgs.json.orgs.some((o: { id: string }) => o.id === mainOrg));
  const patch = await api(server.url, operator, 'PATCH', `/api/v2/orgs/${mainOrg}/secrets`, { after_fuzz: 'v' });
  assert.equal(patch.status, 204, patch.text);
  const list = await api(server.url, operator, 'GET', `/api/v2/orgs/${mainOrg}/secrets`);
  assert.ok(list.json.secrets.includes('after_fuzz'));
  assert.equal(await server.services.deps.storage.integrityCheck(), 'ok');
});
