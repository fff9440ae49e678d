/**
 * http.post and http/requests against a local node:http server that checks it received the
 * secret header, so the test fails if the secret does not reach the wire intact.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StrongroomError } from '../../src/errors.js';
import { assertNoLeak, run } from './run-helpers.js';

const TOKEN = 'tok-http-5f4e3d2c1b';
const SECRETS = { API_TOKEN: TOKEN, BASIC_PASS: 'b@sic:pass' };

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

describe('http', () => {
  const seen: Seen[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const authorized = req.headers.authorization === `Bearer ${TOKEN}`
        || req.headers.authorization === `Basic ${Buffer.from(`svc:${SECRETS.BASIC_PASS}`).toString('base64')}`;
      if (req.url?.startsWith('/echo')) {
        // A careless API that echoes the credential back: the scrubber must catch it.
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`you sent ${req.headers.authorization}`);
        return;
      }
      res.writeHead(authorized ? 201 : 401, { 'content-type': 'application/json', 'x-served-by': 'test' });
      res.end(JSON.stringify({ ok: authorized, path: req.url }));
    });
  });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('http.post sends the secret header and JSON body, and returns the status', async () => {
    seen.length = 0;
    const out = await run(`import "http"
import "json"
import "array"
import "influxdata/influxdb/secrets"
token = secrets.get(key: "API_TOKEN")
status = http.post(url: "${base}/hook", headers: {Authorization: "Bearer \${token}", "Content-Type": "application/json"}, data: json.encode(v: {n: 1, token: token}))
array.from(rows: [{status: status}])`, SECRETS);
    assert.equal(out.csv, ',result,table,status\r\n,_result,0,201\r\n\r\n');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.method, 'POST');
    assert.equal(seen[0]!.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(seen[0]!.body), { n: 1, token: TOKEN }, 'the secret reaches the body intact');
  });

  test('http.post with basicAuth', async () => {
    const out = await run(`import "http"
import "array"
import "influxdata/influxdb/secrets"
s = http.post(url: "${base}/basic", headers: {Authorization: http.basicAuth(u: "svc", p: secrets.get(key: "BASIC_PASS"))})
array.from(rows: [{s}])`, SECRETS);
    assert.equal(out.csv, ',result,table,s\r\n,_result,0,201\r\n\r\n');
  });

  test('requests.get sends dict headers and params and returns status, body and headers', async () => {
    seen.length = 0;
    const out = await run(`import "http/requests"
import "array"
import "dict"
import "influxdata/influxdb/secrets"
resp = requests.get(url: "${base}/items", params: ["q": ["a b", "c"]], headers: ["Authorization": "Bearer \${secrets.get(key: "API_TOKEN")}"])
array.from(rows: [{code: resp.statusCode, body: string(v: resp.body), server: dict.get(dict: resp.headers, key: "x-served-by", default: "")}])`, SECRETS);
    assert.equal(seen[0]!.url, '/items?q=a+b&q=c');
    assert.equal(seen[0]!.headers.authorization, `Bearer ${TOKEN}`);
    const row = out.results[0]!.tables[0]!.rows[0]!;
    assert.equal(row[0], 201n);
    assert.deepEqual(JSON.parse(row[1] as string), { ok: true, path: '/items?q=a+b&q=c' });
    assert.equal(row[2], 'test');
  });

  test('requests.post and requests.do send a body with the chosen method', async () => {
    seen.length = 0;
    await run(`import "http/requests"
import "influxdata/influxdb/secrets"
h = ["Authorization": "Bearer \${secrets.get(key: "API_TOKEN")}"]
a = requests.post(url: "${base}/p", headers: h, body: bytes(v: "payload"))
b = requests.do(method: "PUT", url: "${base}/q", headers: h, body: bytes(v: "put-body"))
c = requests.do(method: "delete", url: "${base}/r", headers: h)`, SECRETS);
    assert.deepEqual(seen.map((s) => [s.method, s.url, s.body]), [['POST', '/p', 'payload'], ['PUT', '/q', 'put-body'], ['DELETE', '/r', '']]);
  });

  test('requests.peek shows a response as a table, and an echoed secret is scrubbed', async () => {
    const out = await run(`import "http/requests"
import "influxdata/influxdb/secrets"
resp = requests.get(url: "${base}/echo", headers: ["Authorization": "Bearer \${secrets.get(key: "API_TOKEN")}"])
requests.peek(response: resp) |> drop(columns: ["duration", "headers"])`, SECRETS);
    assert.equal(out.csv, ',result,table,statusCode,body\r\n,_result,0,200,you sent Bearer ***\r\n\r\n');
    assertNoLeak(out.csv, TOKEN, 'csv');
  });

  test('option requests.defaultConfig applies a timeout', async () => {
    const slow = http.createServer((_req, res) => { setTimeout(() => res.end('late'), 2_000); });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
    try {
      await assert.rejects(run(`import "http/requests"
option requests.defaultConfig = {timeout: 100ms, insecureSkipVerify: false}
r = requests.get(url: "${url}")`, SECRETS), (e: unknown) => {
        assert.ok(e instanceof StrongroomError);
        assert.equal(e.code, 'unavailable');
        assert.match(e.message, /error calling function "get" @3:5-3:\d+: GET request failed: request timed out/);
        return true;
      });
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });

  test('a refused connection names the failure but not the URL', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(run(`import "http"
import "influxdata/influxdb/secrets"
s = http.post(url: "http://127.0.0.1:${port}/?token=\${secrets.get(key: "API_TOKEN")}")`, SECRETS), (e: unknown) => {
      assert.ok(e instanceof StrongroomError);
      assert.match(e.message, /POST request failed: ECONNREFUSED/);
      assertNoLeak(e.message, TOKEN, 'error');
      return true;
    });
  });
});
