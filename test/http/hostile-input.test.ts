/**
 * Hostile input on every route the OpenAPI document lists: malformed JSON, wrong types, huge
 * bodies, bad IDs, odd headers. Every answer is below 500 and every error is an InfluxDB body.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type InProcessServer, api, setupInstance, startInProcess } from '../helpers/server.js';

let server: InProcessServer;
let token: string;
let orgId: string;
let routes: { method: string; path: string }[];

before(async () => {
  server = await startInProcess();
  ({ token, orgId } = await setupInstance(server.url));
  const doc = (await api(server.url, undefined, 'GET', '/api/v2/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'head').map((m) => ({ method: m.toUpperCase(), path })));
});
after(async () => server.stop());

const BODIES = ['{', '[]', 'null', '"str"', '123', '{"name":123,"permissions":"x","orgID":{},"secrets":[1]}', '{"__proto__":{"admin":true}}', '\u0000\u0001', '{"a":"' + 'x'.repeat(2000) + '"}'];
const IDS = ['abc', 'zzzzzzzzzzzzzzzz', '0000000000000000', '%00', '..%2F..', 'ffffffffffffffff', "'; DROP TABLE orgs;--", 'x'.repeat(600)];

function fill(path: string, id: string): string {
  return path.replace(/\{orgID\}/g, id === 'ORG' ? orgId : encodeURIComponent(id)).replace(/\{[^}]+\}/g, encodeURIComponent(id === 'ORG' ? 'ffffffffffffffff' : id));
}

function assertInfluxError(r: { status: number; json: any; text: string }, what: string) {
  assert.ok(r.status < 500, `${what} → ${r.status} ${r.text.slice(0, 200)}`);
  if (r.status >= 400) {
    assert.equal(typeof r.json?.code, 'string', `${what}: error body ${r.text.slice(0, 200)}`);
    assert.equal(typeof r.json?.message, 'string', `${what}: error body`);
  }
}

test('the OpenAPI document lists the routes under test', () => {
  assert.ok(routes.length >= 20, `only ${routes.length} routes`);
});

test('bad IDs in every path parameter', async () => {
  for (const r of routes) {
    for (const id of IDS) {
      const res = await api(server.url, token, r.method, fill(r.path, id), ['POST', 'PATCH', 'PUT'].includes(r.method) ? '{}' : undefined);
      assertInfluxError(res, `${r.method} ${fill(r.path, id)}`);
    }
  }
});

test('malformed and mistyped bodies on every route that takes one', async () => {
  // Deleting the org itself would (rightly) take the operator token with it; DELETE ignores bodies anyway.
  for (const r of routes.filter((x) => ['POST', 'PATCH', 'PUT', 'DELETE'].includes(x.method) && !(x.method === 'DELETE' && x.path === '/api/v2/orgs/{orgID}'))) {
    for (const body of BODIES) {
      for (const contentType of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
        const res = await api(server.url, token, r.method, fill(r.path, 'ORG'), body, { 'Content-Type': contentType });
        assertInfluxError(res, `${r.method} ${r.path} ${body.slice(0, 30)}`);
      }
    }
  }
});

test('bodies over the configured limit are 413 request too large', async () => {
  const huge = JSON.stringify({ k: 'x'.repeat(2 * 1024 * 1024) });
  for (const r of routes.filter((x) => ['POST', 'PATCH', 'PUT'].includes(x.method))) {
    const res = await api(server.url, token, r.method, fill(r.path, 'ORG'), huge);
    assert.equal(res.status, 413, `${r.method} ${r.path}`);
    assert.equal(res.json.code, 'request too large');
  }
});

test('hostile headers and query strings', async () => {
  for (const auth of ['Token', 'Token ', 'Bearer \u00ff', `Token ${'x'.repeat(10000)}`, 'Basic Og==', 'Token a b c']) {
    const res = await api(server.url, undefined, 'GET', `/api/v2/orgs/${orgId}/secrets`, undefined, { Authorization: auth });
    assert.equal(res.status, 401, auth.slice(0, 20));
  }
  for (const q of ['?orgID=zz', '?org=%00', '?details=%ff', '?limit=-1&after=yesterday', '?orgID[]=1', '?userID=' + 'f'.repeat(17)]) {
    for (const path of ['/api/v2/orgs', `/api/v2/orgs/${orgId}/secrets`, `/api/v2/orgs/${orgId}/audit`, '/api/v2/authorizations', '/api/v2/users']) {
      assertInfluxError(await api(server.url, token, 'GET', path + q), path + q);
    }
  }
  const cookie = await api(server.url, undefined, 'GET', '/api/v2/me', undefined, { Cookie: 'strongroom_session=' + 'A'.repeat(5000) });
  assert.equal(cookie.status, 401);
});

test('the server is still healthy and nothing half-written', async () => {
  assert.equal((await api(server.url, undefined, 'GET', '/health')).status, 200);
  const list = await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets`);
  // Only the one well-formed body ({"a": "xxx…"}) may have written anything.
  assert.deepEqual(list.json.secrets, ['a']);
  assert.equal(await server.services.deps.storage.integrityCheck(), 'ok');
});
