/** Setup, orgs, users, authorizations and sessions over real HTTP, driven by the official clients. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InfluxDB } from '@influxdata/influxdb-client';
import { AuthorizationsAPI, OrgsAPI, SetupAPI } from '@influxdata/influxdb-client-apis';
import { type InProcessServer, api, startInProcess } from '../helpers/server.js';

let server: InProcessServer;
let operator: string;
let orgId: string;
let userId: string;

before(async () => { server = await startInProcess(); });
after(async () => server.stop());

describe('setup (SetupAPI)', () => {
  test('allowed before, 201 with user, org and operator token (given token kept), then 422 conflict', async () => {
    const setup = new SetupAPI(new InfluxDB({ url: server.url }));
    assert.deepEqual(await setup.getSetup(), { allowed: true });
    const given = 'my-chosen-operator-token-0123456789';
    const r = await setup.postSetup({ body: { org: 'acme', bucket: 'ignored', username: 'admin', password: 'correct horse battery', token: given } });
    assert.equal(r.auth?.token, given);
    assert.equal(r.org?.name, 'acme');
    assert.equal(r.user?.name, 'admin');
    assert.match(r.org!.id!, /^[0-9a-f]{16}$/);
    operator = given;
    orgId = r.org!.id!;
    userId = r.user!.id!;
    assert.deepEqual(await setup.getSetup(), { allowed: false });
    const again = await api(server.url, undefined, 'POST', '/api/v2/setup', { username: 'x', password: 'yyyyyyyyyy', org: 'z' });
    assert.equal(again.status, 422);
    assert.equal(again.json.code, 'conflict');
  });
});

describe('orgs (OrgsAPI)', () => {
  test('list, filter, create, get with links.secrets, patch, delete', async () => {
    const orgs = new OrgsAPI(new InfluxDB({ url: server.url, token: operator }));
    assert.deepEqual((await orgs.getOrgs({ org: 'acme' })).orgs?.map((o) => o.id), [orgId]);
    const created = await orgs.postOrgs({ body: { name: 'second', description: 'd' } });
    assert.equal(created.links?.secrets, `/api/v2/orgs/${created.id}/secrets`);
    assert.equal((await orgs.getOrgsID({ orgID: created.id! })).name, 'second');
    assert.equal((await orgs.patchOrgsID({ orgID: created.id!, body: { name: 'renamed' } })).name, 'renamed');
    const dup = await api(server.url, operator, 'POST', '/api/v2/orgs', { name: 'acme' });
    assert.equal(dup.status, 422);
    assert.equal((await api(server.url, operator, 'POST', '/api/v2/orgs', { name: '' })).status, 400);
    await orgs.deleteOrgsID({ orgID: created.id! });
    assert.equal((await api(server.url, operator, 'GET', `/api/v2/orgs/${created.id}`)).status, 404);
  });

  test('members: add, list, remove', async () => {
    const u = await api(server.url, operator, 'POST', '/api/v2/users', { name: 'bob', password: 'bobs password' });
    assert.equal(u.status, 201);
    assert.equal((await api(server.url, operator, 'POST', `/api/v2/orgs/${orgId}/members`, { id: u.json.id })).status, 201);
    const m = await api(server.url, operator, 'GET', `/api/v2/orgs/${orgId}/members`);
    assert.deepEqual(m.json.users.map((x: { name: string }) => x.name).sort(), ['admin', 'bob']);
    assert.equal((await api(server.url, operator, 'DELETE', `/api/v2/orgs/${orgId}/members/${u.json.id}`)).status, 204);
    assert.deepEqual((await api(server.url, operator, 'GET', `/api/v2/orgs/${orgId}/members`)).json.users.map((x: { name: string }) => x.name), ['admin']);
  });
});

describe('authorizations (AuthorizationsAPI)', () => {
  test('create returns the token once; list and get never do; patch status; delete', async () => {
    const auths = new AuthorizationsAPI(new InfluxDB({ url: server.url, token: operator }));
    const created = await auths.postAuthorizations({ body: { orgID: orgId, description: 'ci', permissions: [{ action: 'read', resource: { type: 'secrets', orgID: orgId } }] } });
    assert.ok(created.token && created.token.length >= 64);
    const listed = await auths.getAuthorizations({ orgID: orgId });
    assert.ok(listed.authorizations!.some((a) => a.id === created.id));
    assert.ok(listed.authorizations!.every((a) => a.token === undefined));
    assert.equal((await auths.getAuthorizationsID({ authID: created.id! })).token, undefined);
    assert.equal((await auths.patchAuthorizationsID({ authID: created.id!, body: { status: 'inactive' } })).status, 'inactive');
    await auths.deleteAuthorizationsID({ authID: created.id! });
    assert.equal((await api(server.url, operator, 'GET', `/api/v2/authorizations/${created.id}`)).status, 404);
    assert.equal((await api(server.url, created.token, 'GET', '/api/v2/orgs')).status, 401);
  });

  test('invalid permissions are 400; a token cannot grant what it does not hold', async () => {
    assert.equal((await api(server.url, operator, 'POST', '/api/v2/authorizations', { orgID: orgId, permissions: [{ action: 'fly', resource: { type: 'secrets' } }] })).status, 400);
    assert.equal((await api(server.url, operator, 'POST', '/api/v2/authorizations', { orgID: orgId, permissions: [{ action: 'read', resource: { type: 'nope' } }] })).status, 400);
    assert.equal((await api(server.url, operator, 'POST', '/api/v2/authorizations', { orgID: orgId, permissions: [] })).status, 400);
    const limited = await api(server.url, operator, 'POST', '/api/v2/authorizations', {
      orgID: orgId, permissions: [{ action: 'read', resource: { type: 'orgs', id: orgId } }, { action: 'write', resource: { type: 'authorizations', orgID: orgId } }],
    });
    const escalate = await api(server.url, limited.json.token, 'POST', '/api/v2/authorizations', { orgID: orgId, permissions: [{ action: 'write', resource: { type: 'secrets', orgID: orgId } }] });
    assert.equal(escalate.status, 400);
    assert.match(escalate.json.message, /do not hold it yourself/);
  });

  test('tokens are stored only as hashes', async () => {
    const rows = await server.services.deps.storage.db.selectFrom('authorizations').select('token_hash').execute();
    assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash)));
    assert.ok(!rows.some((r) => r.token_hash.includes(operator)));
  });
});

describe('sessions', () => {
  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

  test('sign in sets an HttpOnly SameSite=Strict cookie that authenticates; sign out ends it', async () => {
    const r = await fetch(`${server.url}/api/v2/signin`, { method: 'POST', headers: { Authorization: basic('admin', 'correct horse battery') } });
    assert.equal(r.status, 204);
    const cookie = r.headers.get('set-cookie')!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    const me = await api(server.url, undefined, 'GET', '/api/v2/me', undefined, { Cookie: session });
    assert.deepEqual([me.status, me.json.name], [200, 'admin']);
    assert.equal((await api(server.url, undefined, 'POST', '/api/v2/signout', undefined, { Cookie: session })).status, 204);
    assert.equal((await api(server.url, undefined, 'GET', '/api/v2/me', undefined, { Cookie: session })).status, 401);
  });

  test('repeated failures are slowed down with 429 and Retry-After', async () => {
    const u = await api(server.url, operator, 'POST', '/api/v2/users', { name: 'victim', password: 'the real password' });
    assert.equal(u.status, 201);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const r = await fetch(`${server.url}/api/v2/signin`, { method: 'POST', headers: { Authorization: basic('victim', `guess${i}`) } });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.ok(statuses.slice(5).includes(429), String(statuses));
    assert.ok(retryAfter !== null && Number(retryAfter) >= 1);
    // Even the right password waits while blocked.
    const blocked = await fetch(`${server.url}/api/v2/signin`, { method: 'POST', headers: { Authorization: basic('victim', 'the real password') } });
    assert.equal(blocked.status, 429);
  });

  test('me/password changes the password', async () => {
    const u = await api(server.url, operator, 'POST', '/api/v2/users', { name: 'carol', password: 'first password' });
    const login = await fetch(`${server.url}/api/v2/signin`, { method: 'POST', headers: { Authorization: basic('carol', 'first password') } });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    assert.equal((await api(server.url, undefined, 'PUT', '/api/v2/me/password', { password: 'short' }, { Cookie: cookie })).status, 400);
    assert.equal((await api(server.url, undefined, 'PUT', '/api/v2/me/password', { password: 'second password' }, { Cookie: cookie })).status, 204);
    assert.equal((await fetch(`${server.url}/api/v2/signin`, { method: 'POST', headers: { Authorization: basic('carol', 'second password') } })).status, 204);
    assert.equal(u.status, 201);
  });

  test('a member session can read its org but not another', async () => {
    await api(server.url, operator, 'POST', '/api/v2/users', { name: 'dave', password: 'daves password' });
    const dave = (await api(server.url, operator, 'GET', '/api/v2/users?name=dave')).json.users[0].id;
    await api(server.url, operator, 'POST', `/api/v2/orgs/${orgId}/members`, { id: dave });
    const other = await api(server.url, operator, 'POST', '/api/v2/orgs', { name: 'not-daves' });
    const login = await fetch(`${server.url}/api/v2/signin`, { method: 'POST', headers: { Authorization: basic('dave', 'daves password') } });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    assert.equal((await api(server.url, undefined, 'GET', `/api/v2/orgs/${orgId}/secrets`, undefined, { Cookie: cookie })).status, 200);
    assert.equal((await api(server.url, undefined, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { x: 'y' }, { Cookie: cookie })).status, 401);
    assert.equal((await api(server.url, undefined, 'GET', `/api/v2/orgs/${other.json.id}/secrets`, undefined, { Cookie: cookie })).status, 404);
    assert.deepEqual((await api(server.url, undefined, 'GET', '/api/v2/orgs', undefined, { Cookie: cookie })).json.orgs.map((o: { name: string }) => o.name), ['acme']);
    assert.ok(userId);
  });
});

describe('system routes', () => {
  test('health, ping, ready, openapi; unknown API routes are JSON 404', async () => {
    const h = await api(server.url, undefined, 'GET', '/health');
    assert.deepEqual([h.status, h.json.name, h.json.status], [200, 'strongroom', 'pass']);
    assert.equal((await api(server.url, undefined, 'GET', '/ping')).status, 204);
    assert.equal((await api(server.url, undefined, 'GET', '/ready')).status, 200);
    const o = await api(server.url, undefined, 'GET', '/api/v2/openapi.json');
    assert.equal(o.status, 200);
    assert.ok(o.json.paths['/api/v2/orgs/{orgID}/secrets']);
    const nf = await api(server.url, operator, 'GET', '/api/v2/nothing-here');
    assert.deepEqual([nf.status, nf.json.code], [404, 'not found']);
  });
});
