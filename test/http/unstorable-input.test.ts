/**
 * Text PostgreSQL cannot hold — a NUL character (U+0000) anywhere in a name, description, script,
 * query parameter or path, or a name too long for its index — is the request's fault on both
 * stores: never a 500. SQLite stores or looks up such text as any other; PostgreSQL refuses it, and
 * the refusal is answered 400 `invalid` (src/services.ts answerForDatabaseError). Secret values
 * are sealed bytes, so a NUL in a value is stored on both.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { type InProcessServer, api, setupInstance, startInProcess } from '../helpers/server.js';

type Attempt = [method: string, path: string, body?: unknown];

function attempts(orgId: string): Attempt[] {
  const secrets = `/api/v2/orgs/${orgId}/secrets`;
  const read = [{ action: 'read', resource: { type: 'secrets', orgID: orgId } }];
  return [
    ['POST', '/api/v2/orgs', { name: 'nul\u0000org' }],
    ['PATCH', `/api/v2/orgs/${orgId}`, { description: 'nul\u0000description' }],
    ['POST', '/api/v2/authorizations', { orgID: orgId, description: 'nul\u0000token', permissions: read }],
    ['POST', '/api/v2/scripts', { orgID: orgId, name: 'nul\u0000script', language: 'flux', script: 'x = 1' }],
    ['POST', '/api/v2/scripts', { orgID: orgId, name: 'script with nul', language: 'flux', script: 'x = "\u0000"' }],
    ['POST', '/api/v2/tasks', { orgID: orgId, flux: 'option task = {name: "nul\u0000task", every: 1h}\nx = 1' }],
    ['POST', '/api/v2/tasks', { orgID: orgId, description: 'nul\u0000', flux: 'option task = {name: "t", every: 1h}\nx = 1 // \u0000' }],
    ['POST', '/api/v2/users', { name: 'nul\u0000user' }],
    ['GET', `/api/v2/orgs/${orgId}/audit?key=a%00b`],
    ['GET', `/api/v2/orgs/${orgId}/audit?actor=a%00b`],
    ['GET', '/api/v2/orgs?org=a%00b'],
    ['GET', `/api/v2/scripts?orgID=${orgId}&name=a%00`],
    ['GET', `/api/v2/tasks?orgID=${orgId}&name=a%00`],
    ['GET', `${secrets}/a%00b`],
    ['GET', `${secrets}/a%00b/versions`],
    ['DELETE', `${secrets}/a%00b`],
    ['POST', `${secrets}/delete`, { secrets: ['a\u0000b'] }],
    ['POST', '/api/v2/orgs', { name: 'o'.repeat(5000) }],
    ['POST', '/api/v2/scripts', { orgID: orgId, name: 's'.repeat(5000), language: 'flux', script: 'x = 1' }],
    ['POST', '/api/v2/users', { name: 'u'.repeat(5000) }],
  ];
}

for (const storage of ['sqlite', 'postgres'] as const) {
  let server: InProcessServer;
  let drop: (() => Promise<void>) | undefined;
  let token: string;
  let orgId: string;
  before(async () => {
    const pg = storage === 'postgres' ? await freshPostgresDatabase() : undefined;
    drop = pg?.drop;
    server = await startInProcess(pg ? { storage, postgresUrl: pg.url } : {});
    ({ token, orgId } = await setupInstance(server.url));
  });
  after(async () => {
    await server.stop();
    await drop?.();
  });

  test(`${storage}: NUL characters and over-long names get a 4xx InfluxDB error or are stored, never a 5xx`, async () => {
    for (const [method, path, body] of attempts(orgId)) {
      const r = await api(server.url, token, method, path, body);
      assert.ok(r.status < 500, `${method} ${path}: ${r.status} ${r.text}`);
      if (r.status >= 400) assert.equal(typeof r.json?.code, 'string', `${method} ${path}: an InfluxDB error body: ${r.text}`);
    }
    const value = await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { WITH_NUL: 'before\u0000after' });
    assert.equal(value.status, 204, 'a value is sealed bytes: a NUL in it is stored on every store');
    assert.equal((await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets/WITH_NUL`)).status, 200);
  });

  if (storage === 'postgres') {
    test('postgres: what the store cannot hold is answered 400 invalid, naming the NUL character', async () => {
      const r = await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets/a%00b`);
      assert.equal(r.status, 400, r.text);
      assert.deepEqual(r.json, { code: 'invalid', message: 'text must not contain the NUL character (U+0000)' });
      const w = await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}`, { description: 'nul\u0000description' });
      assert.equal(w.status, 400, w.text);
      assert.equal(w.json.code, 'invalid');
      assert.equal((await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}`)).json.description, '', 'nothing written');
    });
  }
}
