/**
 * Security headers on every answer: API responses (JSON, never a page) get a policy that allows
 * nothing and are never cached; the web UI's pages get the strict page policy. Authentication
 * comes before routing, so an unknown API path without credentials is a 401, not a 404.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../src/http/server.js';
import { serverForFile } from '../helpers/server.js';

const ctx = serverForFile();

function assertApiHeaders(r: Response, what: string): void {
  assert.equal(r.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'", what);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(r.headers.get('x-frame-options'), 'DENY', what);
  assert.equal(r.headers.get('cache-control'), 'no-store', what);
  assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f]{16}$/, what);
}

test('API answers (success, 401, 404, public) carry the API headers, each its own request ID', async () => {
  const auth = { Authorization: `Token ${ctx.token}` };
  const ok = await fetch(`${ctx.server.url}/api/v2/orgs/${ctx.orgId}/secrets`, { headers: auth });
  assert.equal(ok.status, 200);
  assertApiHeaders(ok, 'list');
  const noToken = await fetch(`${ctx.server.url}/api/v2/orgs/${ctx.orgId}/secrets`);
  assert.equal(noToken.status, 401);
  assertApiHeaders(noToken, '401');
  const pub = await fetch(`${ctx.server.url}/api/v2/setup`);
  assert.equal(pub.status, 200);
  assertApiHeaders(pub, 'public route');
  assert.notEqual(ok.headers.get('x-request-id'), noToken.headers.get('x-request-id'));
});

test('an unknown API path asks for credentials first, then answers 404', async () => {
  const anonymous = await fetch(`${ctx.server.url}/api/v2/no-such-thing`, { method: 'POST', body: '{' });
  assert.deepEqual([anonymous.status, await anonymous.json()], [401, { code: 'unauthorized', message: 'unauthorized access' }]);
  assertApiHeaders(anonymous, 'unknown path, anonymous');
  const authed = await fetch(`${ctx.server.url}/api/v2/no-such-thing`, { headers: { Authorization: `Token ${ctx.token}` } });
  assert.deepEqual([authed.status, ((await authed.json()) as { code: string }).code], [404, "not found"]);
  assertApiHeaders(authed, 'unknown path, authenticated');
});

test('the web UI is served with the strict page policy', async () => {
  const page = await fetch(`${ctx.server.url}/signin`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline/);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
});

test('every API route but the public ones refuses a request without credentials, before reading its body', async () => {
  const PUBLIC = new Set(['GET /api/v2', 'GET /api/v2/ping', 'GET /api/v2/openapi.json', 'GET /api/v2/setup', 'POST /api/v2/setup', 'POST /api/v2/signin', 'POST /api/v2/signout']);
  const doc = await (await fetch(`${ctx.server.url}/api/v2/openapi.json`)).json() as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'head').map((m) => `${m.toUpperCase()} ${path}`));
  assert.ok(routes.length >= 30, `only ${routes.length} API routes`);
  let refused = 0;
  for (const route of routes) {
    if (PUBLIC.has(route)) continue;
    const [method, path] = route.split(' ') as [string, string];
    const url = ctx.server.url + path.replace(/\{[^}]+\}/g, ctx.orgId);
    const body = method === 'GET' || method === 'DELETE' ? undefined : '{"not": "read"';
    const r = await fetch(url, { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) });
    assert.equal(r.status, 401, `${route} without credentials`);
    assert.deepEqual(await r.json(), { code: 'unauthorized', message: 'unauthorized access' }, route);
    refused++;
  }
  assert.ok(refused >= 25, `${refused} routes checked`);
});
