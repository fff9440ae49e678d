/**
 * The InfluxDB secrets API over real HTTP: the conformance cases of spec section 3 through the
 * official client (OrgsAPI), the authorization cases, and the exact error shapes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InfluxDB } from '@influxdata/influxdb-client';
import { OrgsAPI } from '@influxdata/influxdb-client-apis';
import { type InProcessServer, api, setupInstance, startInProcess } from '../helpers/server.js';

let server: InProcessServer;
let operator: string;
let o1: string;
let o2: string;
let userId: string;

const sorted = (a: string[]) => [...a].sort();
async function token(permissions: unknown[], orgID = o1): Promise<string> {
  const r = await api(server.url, operator, 'POST', '/api/v2/authorizations', { orgID, permissions });
  assert.equal(r.status, 201, r.text);
  return r.json.token;
}
const perm = (action: 'read' | 'write', type: string, scope: { orgID?: string; id?: string } = {}) => ({ action, resource: { type, ...scope } });

before(async () => {
  server = await startInProcess();
  const s = await setupInstance(server.url);
  operator = s.token;
  o1 = s.orgId;
  userId = s.userId;
  const r = await api(server.url, operator, 'POST', '/api/v2/orgs', { name: 'other' });
  o2 = r.json.id;
});
after(async () => server.stop());

describe('conformance cases through the official client', () => {
  const orgs = () => new OrgsAPI(new InfluxDB({ url: server.url, token: operator }));
  const clean = async (orgID: string) => {
    const { secrets } = await orgs().getOrgsIDSecrets({ orgID });
    if (secrets?.length) await orgs().postOrgsIDSecrets({ orgID, body: { secrets } });
  };

  test('C4 patch merges', async () => {
    await clean(o1);
    await orgs().patchOrgsIDSecrets({ orgID: o1, body: { api_key: 'abc123xyz' } });
    await orgs().patchOrgsIDSecrets({ orgID: o1, body: { api_key2: 'abc123xyz', batman: 'potato' } });
    assert.deepEqual((await orgs().getOrgsIDSecrets({ orgID: o1 })).secrets, ['api_key', 'api_key2', 'batman']);
  });

  test('C5 keys of one org only', async () => {
    await clean(o1); await clean(o2);
    await orgs().patchOrgsIDSecrets({ orgID: o1, body: { api_key: 'abc123xyz' } });
    await orgs().patchOrgsIDSecrets({ orgID: o2, body: { api_key: 'zyx321cba', other: 'x' } });
    assert.deepEqual((await orgs().getOrgsIDSecrets({ orgID: o1 })).secrets, ['api_key']);
  });

  test('C6 delete several (deprecated POST /delete) and one (DELETE)', async () => {
    await clean(o1);
    await orgs().patchOrgsIDSecrets({ orgID: o1, body: { api_key: 'abc123xyz', api_key2: 'potato', batman: 'foo' } });
    await orgs().postOrgsIDSecrets({ orgID: o1, body: { secrets: ['api_key2', 'batman'] } });
    assert.deepEqual((await orgs().getOrgsIDSecrets({ orgID: o1 })).secrets, ['api_key']);
    await orgs().patchOrgsIDSecrets({ orgID: o1, body: { api_key2: 'potato', batman: 'foo' } });
    await orgs().deleteOrgsIDSecretsID({ orgID: o1, secretID: 'api_key2' });
    await orgs().deleteOrgsIDSecretsID({ orgID: o1, secretID: 'batman' });
    assert.deepEqual((await orgs().getOrgsIDSecrets({ orgID: o1 })).secrets, ['api_key']);
  });

  test('links and exact tab-indented body; [] when none', async () => {
    await clean(o2);
    const r = await api(server.url, operator, 'GET', `/api/v2/orgs/${o2}/secrets`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(r.text, `{\n\t"links": {\n\t\t"org": "/api/v2/orgs/${o2}",\n\t\t"self": "/api/v2/orgs/${o2}/secrets"\n\t},\n\t"secrets": []\n}`);
  });

  test('keys come back sorted by bytes; upper-case org IDs are accepted', async () => {
    await clean(o2);
    await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o2}/secrets`, { b: '1', a: '1', Z: '1', _: '1', 'é': '1' });
    const r = await api(server.url, operator, 'GET', `/api/v2/orgs/${o2.toUpperCase()}/secrets`);
    assert.deepEqual(r.json.secrets, ['Z', '_', 'a', 'b', 'é']);
    assert.equal(r.json.links.org, `/api/v2/orgs/${o2}`);
  });
});

describe('processing order and error shapes (spec 1.2, 1.9)', () => {
  test('no credentials: compact 401 before anything else', async () => {
    for (const [method, path, body] of [['GET', `/api/v2/orgs/abc/secrets`], ['PATCH', `/api/v2/orgs/${o1}/secrets`, '{bad json'], ['DELETE', `/api/v2/orgs/${o1}/secrets/x`]] as const) {
      const r = await api(server.url, undefined, method, path, body);
      assert.equal(r.status, 401);
      assert.equal(r.text, '{"code":"unauthorized","message":"unauthorized access"}');
      assert.equal(r.headers.get('x-platform-error-code'), 'unauthorized');
    }
    assert.equal((await api(server.url, 'not-a-token', 'GET', `/api/v2/orgs/${o1}/secrets`)).status, 401);
    assert.equal((await api(server.url, undefined, 'GET', `/api/v2/orgs/${o1}/secrets`, undefined, { Authorization: `Basic ${operator}` })).status, 401);
  });

  test('Bearer works as Token does, scheme case-insensitive', async () => {
    assert.equal((await api(server.url, undefined, 'GET', `/api/v2/orgs/${o1}/secrets`, undefined, { Authorization: `bearer ${operator}` })).status, 200);
    assert.equal((await api(server.url, undefined, 'GET', `/api/v2/orgs/${o1}/secrets`, undefined, { Authorization: `TOKEN ${operator}` })).status, 200);
  });

  test('bad org IDs: 400 corrupt ID', async () => {
    const short = await api(server.url, operator, 'GET', '/api/v2/orgs/abc/secrets');
    assert.equal(short.status, 400);
    assert.deepEqual(short.json, { code: 'invalid', message: 'corrupt ID provided: id must have a length of 16 bytes' });
    for (const id of ['zzzzzzzzzzzzzzzz', '0000000000000000']) {
      const r = await api(server.url, operator, 'GET', `/api/v2/orgs/${id}/secrets`);
      assert.deepEqual([r.status, r.json], [400, { code: 'invalid', message: 'corrupt ID provided: invalid ID' }]);
    }
  });

  test('missing org: 404 page not found', async () => {
    const r = await api(server.url, operator, 'GET', '/api/v2/orgs/ffffffffffffffff/secrets');
    assert.deepEqual([r.status, r.json], [404, { code: 'not found', message: '404 page not found' }]);
  });

  test('bad bodies: 400 invalid with InfluxDB messages; nothing written', async () => {
    const cases: [string, RegExp][] = [
      ['{"k":1}', /cannot unmarshal number into Go value of type string/],
      ['[1]', /cannot unmarshal array into Go value of type map\[string\]string/],
      ['', /failed to unmarshal json: EOF/],
      ['{"k":', /failed to unmarshal json/],
      ['{"good":"v","bad":{"x":1}}', /cannot unmarshal object/],
    ];
    for (const [body, message] of cases) {
      const r = await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o2}/secrets`, body);
      assert.equal(r.status, 400, body);
      assert.equal(r.json.code, 'invalid');
      assert.match(r.json.message, message);
    }
    assert.ok(!(await api(server.url, operator, 'GET', `/api/v2/orgs/${o2}/secrets`)).json.secrets.includes('good'));
    assert.equal((await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o2}/secrets`, '{}')).status, 204);
    assert.equal((await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o2}/secrets`, 'null')).status, 204);
    const del = await api(server.url, operator, 'POST', `/api/v2/orgs/${o2}/secrets/delete`, '{"secrets":"x"}');
    assert.equal(del.status, 400);
    assert.match(del.json.message, /cannot unmarshal string into Go struct field secretsDeleteBody.secrets of type \[\]string/);
  });

  test('bad body with insufficient permission: 400 (decode happens before the permission check)', async () => {
    const t = await token([perm('read', 'orgs', { id: o1 }), perm('read', 'secrets', { orgID: o1 })]);
    assert.equal((await api(server.url, t, 'PATCH', `/api/v2/orgs/${o1}/secrets`, '{bad')).status, 400);
    const denied = await api(server.url, t, 'PATCH', `/api/v2/orgs/${o1}/secrets`, { k: 'v' });
    assert.deepEqual([denied.status, denied.json], [401, { code: 'unauthorized', message: `write:orgs/${o1}/secrets is unauthorized` }]);
  });

  test('DELETE of a missing key is 204; a key named "delete" can be deleted', async () => {
    assert.equal((await api(server.url, operator, 'DELETE', `/api/v2/orgs/${o1}/secrets/never-existed`)).status, 204);
    await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o1}/secrets`, { delete: 'v' });
    assert.equal((await api(server.url, operator, 'DELETE', `/api/v2/orgs/${o1}/secrets/delete`)).status, 204);
    assert.ok(!(await api(server.url, operator, 'GET', `/api/v2/orgs/${o1}/secrets`)).json.secrets.includes('delete'));
  });

  test('trailing slash routes like no slash', async () => {
    assert.equal((await api(server.url, operator, 'GET', `/api/v2/orgs/${o1}/secrets/`)).status, 200);
  });
});

describe('authorization cases (spec section 3, over HTTP)', () => {
  test('read secrets in org + read org: GET 200; PATCH 401 write:...', async () => {
    const t = await token([perm('read', 'orgs', { id: o1 }), perm('read', 'secrets', { orgID: o1 })]);
    assert.equal((await api(server.url, t, 'GET', `/api/v2/orgs/${o1}/secrets`)).status, 200);
    const r = await api(server.url, t, 'PATCH', `/api/v2/orgs/${o1}/secrets`, { k: 'v' });
    assert.deepEqual([r.status, r.json.message], [401, `write:orgs/${o1}/secrets is unauthorized`]);
    const d = await api(server.url, t, 'DELETE', `/api/v2/orgs/${o1}/secrets/k`);
    assert.deepEqual([d.status, d.json.message], [401, `write:orgs/${o1}/secrets is unauthorized`]);
  });

  test('secrets permission scoped by ID (not orgID) does not grant org secrets', async () => {
    const t = await token([perm('read', 'orgs', { id: o1 }), perm('read', 'secrets', { id: o1 })]);
    const r = await api(server.url, t, 'GET', `/api/v2/orgs/${o1}/secrets`);
    assert.deepEqual([r.status, r.json.message], [401, `read:orgs/${o1}/secrets is unauthorized`]);
  });

  test('only secrets permissions, no org read: 404 on all four endpoints', async () => {
    const t = await token([perm('read', 'secrets', { orgID: o1 }), perm('write', 'secrets', { orgID: o1 })]);
    for (const [m, p, b] of [['GET', ''], ['PATCH', '', { k: 'v' }], ['DELETE', '/k'], ['POST', '/delete', { secrets: ['k'] }]] as const) {
      const r = await api(server.url, t, m, `/api/v2/orgs/${o1}/secrets${p}`, b);
      assert.deepEqual([r.status, r.json], [404, { code: 'not found', message: '404 page not found' }], `${m} ${p}`);
    }
  });

  test('plus a global read:orgs: 200/204 on its org, 401 on another org', async () => {
    const t = await token([perm('read', 'secrets', { orgID: o1 }), perm('write', 'secrets', { orgID: o1 }), perm('read', 'orgs')]);
    assert.equal((await api(server.url, t, 'GET', `/api/v2/orgs/${o1}/secrets`)).status, 200);
    assert.equal((await api(server.url, t, 'PATCH', `/api/v2/orgs/${o1}/secrets`, { scoped: 'v' })).status, 204);
    const other = await api(server.url, t, 'GET', `/api/v2/orgs/${o2}/secrets`);
    assert.deepEqual([other.status, other.json.message], [401, `read:orgs/${o2}/secrets is unauthorized`]);
    const w = await api(server.url, t, 'PATCH', `/api/v2/orgs/${o2}/secrets`, { k: 'v' });
    assert.deepEqual([w.status, w.json.message], [401, `write:orgs/${o2}/secrets is unauthorized`]);
  });

  test('write without read: PATCH and DELETE work, GET is 401 (write does not imply read)', async () => {
    const t = await token([perm('read', 'orgs', { id: o1 }), perm('write', 'secrets', { orgID: o1 })]);
    assert.equal((await api(server.url, t, 'PATCH', `/api/v2/orgs/${o1}/secrets`, { wo: 'v' })).status, 204);
    assert.equal((await api(server.url, t, 'DELETE', `/api/v2/orgs/${o1}/secrets/wo`)).status, 204);
    assert.equal((await api(server.url, t, 'GET', `/api/v2/orgs/${o1}/secrets`)).status, 401);
  });

  test('all-access token of one org: full access there, 404 on another org', async () => {
    const { allAccessPermissions } = await import('../../src/auth/permissions.js');
    const t = await token(allAccessPermissions(o1, userId));
    assert.equal((await api(server.url, t, 'PATCH', `/api/v2/orgs/${o1}/secrets`, { aa: 'v' })).status, 204);
    assert.equal((await api(server.url, t, 'GET', `/api/v2/orgs/${o1}/secrets`)).status, 200);
    for (const [m, p] of [['GET', ''], ['PATCH', ''], ['DELETE', '/aa']] as const) {
      assert.equal((await api(server.url, t, m, `/api/v2/orgs/${o2}/secrets${p}`, m === 'PATCH' ? { x: 'y' } : undefined)).status, 404);
    }
  });

  test('operator token: any org', async () => {
    assert.equal((await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o2}/secrets`, { op: 'v' })).status, 204);
    assert.equal((await api(server.url, operator, 'GET', `/api/v2/orgs/${o2}/secrets`)).status, 200);
  });

  test('inactive token: 404 on org routes, 401 token is inactive elsewhere', async () => {
    const r = await api(server.url, operator, 'POST', '/api/v2/authorizations', { orgID: o1, permissions: [perm('read', 'orgs', { id: o1 }), perm('read', 'secrets', { orgID: o1 })], status: 'inactive' });
    const t = r.json.token;
    assert.equal((await api(server.url, t, 'GET', `/api/v2/orgs/${o1}/secrets`)).status, 404);
    const me = await api(server.url, t, 'GET', '/api/v2/orgs');
    assert.equal(me.status, 200);
    assert.deepEqual(me.json.orgs, []);
  });
});

describe('Strongroom extras: key rules, value size, metadata, history, audit', () => {
  test('a bad key rejects the whole PATCH naming the key and the rule; nothing is written', async () => {
    for (const [key, rule] of [['', /must not be empty/], ['a/b', /must not contain "\/"/], [' lead', /whitespace/], ['ctl\u0007', /control/], ['x'.repeat(256), /at most 255 bytes/]] as const) {
      const r = await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o2}/secrets`, { fine_key: 'v', [key]: 'v' });
      assert.equal(r.status, 400, JSON.stringify(key));
      assert.equal(r.json.code, 'invalid');
      assert.match(r.json.message, rule);
      assert.ok(r.json.message.includes(JSON.stringify(key).slice(0, 20)));
    }
    assert.ok(!(await api(server.url, operator, 'GET', `/api/v2/orgs/${o2}/secrets`)).json.secrets.includes('fine_key'));
  });

  test('values up to 64 KiB; larger is 413; empty values are allowed', async () => {
    assert.equal((await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o2}/secrets`, { big: 'x'.repeat(64 * 1024) })).status, 204);
    const r = await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o2}/secrets`, { huge: 'x'.repeat(64 * 1024 + 1) });
    assert.deepEqual([r.status, r.json.code], [413, 'request too large']);
    assert.equal((await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o2}/secrets`, { empty: '' })).status, 204);
  });

  test('metadata, details, versions and restore; never a value', async () => {
    const canary = 'canary-value-5d1f0e';
    await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o1}/secrets`, { HIST: `${canary}-1` });
    await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o1}/secrets`, { HIST: `${canary}-2` });
    const m = await api(server.url, operator, 'GET', `/api/v2/orgs/${o1}/secrets/HIST`);
    assert.equal(m.status, 200);
    assert.equal(m.json.version, 2);
    assert.equal(m.json.updatedBy.type, 'token');
    assert.deepEqual(m.json.usedBy, []);
    const d = await api(server.url, operator, 'GET', `/api/v2/orgs/${o1}/secrets?details=true`);
    assert.ok(d.json.details.some((x: { key: string; version: number }) => x.key === 'HIST' && x.version === 2));
    const v = await api(server.url, operator, 'GET', `/api/v2/orgs/${o1}/secrets/HIST/versions`);
    assert.deepEqual(v.json.map((x: { version: number; current: boolean }) => [x.version, x.current]), [[2, true], [1, false]]);
    const restored = await api(server.url, operator, 'POST', `/api/v2/orgs/${o1}/secrets/HIST/versions/1/restore`);
    assert.equal(restored.json.version, 1);
    assert.equal((await api(server.url, operator, 'POST', `/api/v2/orgs/${o1}/secrets/HIST/versions/9/restore`)).status, 404);
    assert.equal((await api(server.url, operator, 'POST', `/api/v2/orgs/${o1}/secrets/HIST/versions/x/restore`)).status, 400);
    assert.equal((await api(server.url, operator, 'GET', `/api/v2/orgs/${o1}/secrets/nope`)).status, 404);
    for (const text of [m.text, d.text, v.text, restored.text]) assert.ok(!text.includes(canary));
  });

  test('audit log records create, replace, delete and restore, with filters; owners/operators only', async () => {
    await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o1}/secrets`, { AUD: '1' });
    await api(server.url, operator, 'PATCH', `/api/v2/orgs/${o1}/secrets`, { AUD: '2' });
    await api(server.url, operator, 'DELETE', `/api/v2/orgs/${o1}/secrets/AUD`);
    const r = await api(server.url, operator, 'GET', `/api/v2/orgs/${o1}/audit?key=AUD`);
    assert.deepEqual(r.json.events.map((e: { action: string }) => e.action), ['delete', 'replace', 'create']);
    const e = r.json.events[0];
    assert.equal(e.orgID, o1);
    assert.equal(e.actor.type, 'token');
    assert.match(e.requestID, /^[0-9a-f]{16}$/);
    assert.ok(e.remoteAddress.includes('127.0.0.1'));
    assert.deepEqual((await api(server.url, operator, 'GET', `/api/v2/orgs/${o1}/audit?key=AUD&action=replace`)).json.events.length, 1);
    assert.equal((await api(server.url, operator, 'GET', `/api/v2/orgs/${o1}/audit?action=explode`)).status, 400);
    assert.equal((await api(server.url, operator, 'GET', `/api/v2/orgs/${o1}/audit?limit=0`)).status, 400);
    const reader = await token([perm('read', 'orgs', { id: o1 }), perm('read', 'secrets', { orgID: o1 })]);
    assert.equal((await api(server.url, reader, 'GET', `/api/v2/orgs/${o1}/audit`)).status, 401);
  });
});
