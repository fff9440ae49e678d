/**
 * Tenant isolation: every kind of credential × two orgs × every org-scoped endpoint, against a
 * table of expected outcomes written out below (not derived from the permission code). No
 * cross-org read or write may succeed, another org's resources answer 404, and afterwards the
 * stores hold exactly the writes the table allowed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type InProcessServer, api, setupInstance, startInProcess } from './helpers/server.js';

type Outcome = 'ok' | 'empty' | 401 | 404;
type Org = 'A' | 'B';
const ENDPOINTS = [
  'secrets.list', 'secrets.patch', 'secrets.delete', 'secrets.deleteMany', 'secrets.metadata', 'secrets.versions', 'secrets.restore', 'audit',
  'org.get', 'org.patch', 'org.members', 'auth.list', 'auth.get', 'query', 'tasks.list', 'tasks.get', 'scripts.list', 'scripts.get', 'scripts.invoke',
] as const;
type Endpoint = (typeof ENDPOINTS)[number];
const PRINCIPALS = ['operator', 'allA', 'allB', 'readA', 'writeA', 'inactive', 'memberA', 'ownerB', 'none'] as const;
type PrincipalName = (typeof PRINCIPALS)[number];

/** Outcome of every endpoint for an org the principal cannot see. */
const INVISIBLE: Record<Endpoint, Outcome> = Object.fromEntries(ENDPOINTS.map((e) => [e, e === 'auth.list' ? 'empty' : 404])) as Record<Endpoint, Outcome>;
const ALL_OK: Record<Endpoint, Outcome> = Object.fromEntries(ENDPOINTS.map((e) => [e, 'ok'])) as Record<Endpoint, Outcome>;
const NO_CREDENTIALS: Record<Endpoint, Outcome> = Object.fromEntries(ENDPOINTS.map((e) => [e, 401])) as Record<Endpoint, Outcome>;
/** An org all-access token (`influx auth create --all-access`): no write on the org itself, no org users. */
const ALL_ACCESS: Record<Endpoint, Outcome> = { ...ALL_OK, audit: 401, 'org.patch': 401, 'org.members': 401 };
/** read:orgs/X/secrets plus read:orgs/X only. */
const READ_SECRETS: Record<Endpoint, Outcome> = {
  'secrets.list': 'ok', 'secrets.patch': 401, 'secrets.delete': 401, 'secrets.deleteMany': 401, 'secrets.metadata': 'ok', 'secrets.versions': 'ok', 'secrets.restore': 401, audit: 401,
  'org.get': 'ok', 'org.patch': 401, 'org.members': 401, 'auth.list': 'empty', 'auth.get': 401, query: 'ok', 'tasks.list': 401, 'tasks.get': 401, 'scripts.list': 401, 'scripts.get': 401, 'scripts.invoke': 401,
};
/** A signed-in member: reads everything in the org (secrets metadata included), writes nothing. */
const MEMBER: Record<Endpoint, Outcome> = { ...ALL_OK, 'secrets.patch': 401, 'secrets.delete': 401, 'secrets.deleteMany': 401, 'secrets.restore': 401, audit: 401, 'org.patch': 401 };

const EXPECTED: Record<PrincipalName, Record<Org, Record<Endpoint, Outcome>>> = {
  operator: { A: ALL_OK, B: ALL_OK },
  allA: { A: ALL_ACCESS, B: INVISIBLE },
  allB: { A: INVISIBLE, B: ALL_ACCESS },
  readA: { A: READ_SECRETS, B: INVISIBLE },
  // write:orgs/A/secrets without read on the org: InfluxDB hides the org, so everything is 404.
  writeA: { A: INVISIBLE, B: INVISIBLE },
  inactive: { A: INVISIBLE, B: INVISIBLE },
  memberA: { A: MEMBER, B: INVISIBLE },
  ownerB: { A: INVISIBLE, B: ALL_OK },
  none: { A: NO_CREDENTIALS, B: NO_CREDENTIALS },
};

let server: InProcessServer;
const org: Record<Org, string> = { A: '', B: '' };
const creds: Record<PrincipalName, Record<string, string>> = {} as Record<PrincipalName, Record<string, string>>;
const authIdOf: Record<Org, string> = { A: '', B: '' };
const taskOf: Record<Org, string> = { A: '', B: '' };
const scriptOf: Record<Org, string> = { A: '', B: '' };
const CANARY: Record<Org, string> = { A: 'canary-of-org-A-6f1d2c', B: 'canary-of-org-B-91e0aa' };
let operatorToken = '';

const perm = (action: 'read' | 'write', type: string, scope: Record<string, string>) => ({ action, resource: { type, ...scope } });
function allAccess(orgId: string, userId: string) {
  return ['authorizations', 'secrets', 'tasks', 'scripts', 'users', 'orgs'].flatMap((type) => (['read', 'write'] as const).flatMap((action) => {
    if (type === 'orgs') return action === 'read' ? [perm(action, type, { id: orgId })] : [];
    if (type === 'users') return [perm(action, type, { id: userId })];
    return [perm(action, type, { orgID: orgId })];
  }));
}

async function must(r: { status: number; text: string; json?: any }, status: number, what: string) {
  assert.equal(r.status, status, `${what}: ${r.text.slice(0, 300)}`);
  return r.json;
}

async function signin(user: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v2/signin`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
  assert.equal(res.status, 204, await res.text());
  const cookie = /strongroom_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  assert.ok(cookie, 'session cookie');
  return cookie;
}

before(async () => {
  server = await startInProcess();
  const s = await setupInstance(server.url);
  operatorToken = s.token;
  org.A = s.orgId;
  const op = (method: string, path: string, body?: unknown) => api(server.url, operatorToken, method, path, body);
  org.B = (await must(await op('POST', '/api/v2/orgs', { name: 'org-b' }), 201, 'create org B')).id;
  for (const o of ['A', 'B'] as Org[]) {
    const keys: Record<string, string> = { shared: CANARY[o], restorable: `${CANARY[o]}-v1` };
    for (const p of PRINCIPALS) { keys[`del_${p}`] = 'x'; keys[`del2_${p}`] = 'x'; }
    await must(await op('PATCH', `/api/v2/orgs/${org[o]}/secrets`, keys), 204, 'seed secrets');
    await must(await op('PATCH', `/api/v2/orgs/${org[o]}/secrets`, { restorable: `${CANARY[o]}-v2` }), 204, 'second version');
    taskOf[o] = (await must(await op('POST', '/api/v2/tasks', { orgID: org[o], flux: 'import "array"\noption task = {name: "nightly", every: 24h}\narray.from(rows: [{a: 1}])', status: 'inactive' }), 201, 'task')).id;
    scriptOf[o] = (await must(await op('POST', '/api/v2/scripts', { orgID: org[o], name: 'reader', script: 'import "influxdata/influxdb/secrets"\nimport "array"\narray.from(rows: [{v: secrets.get(key: "shared")}])' }), 201, 'script')).id;
  }
  const token = async (orgId: string, permissions: unknown[], status = 'active') => (await must(await op('POST', '/api/v2/authorizations', { orgID: orgId, permissions, status }), 201, 'token')).token as string;
  const tokenId = async (t: string) => (await must(await api(server.url, t, 'GET', '/api/v2/me'), 200, 'me')).id as string;
  const operatorUser = await tokenId(operatorToken);
  const allA = await token(org.A, allAccess(org.A, operatorUser));
  const allB = await token(org.B, allAccess(org.B, operatorUser));
  creds.operator = { Authorization: `Token ${operatorToken}` };
  creds.allA = { Authorization: `Token ${allA}` };
  creds.allB = { Authorization: `Token ${allB}` };
  creds.readA = { Authorization: `Token ${await token(org.A, [perm('read', 'secrets', { orgID: org.A }), perm('read', 'orgs', { id: org.A })])}` };
  creds.writeA = { Authorization: `Token ${await token(org.A, [perm('write', 'secrets', { orgID: org.A })])}` };
  creds.inactive = { Authorization: `Token ${await token(org.A, allAccess(org.A, operatorUser), 'inactive')}` };
  for (const o of ['A', 'B'] as Org[]) {
    const list = await must(await op('GET', `/api/v2/authorizations?orgID=${org[o]}`), 200, 'tokens');
    authIdOf[o] = list.authorizations.find((a: { orgID: string; status: string }) => a.orgID === org[o] && a.status === 'active').id;
  }
  const member = await must(await op('POST', '/api/v2/users', { name: 'member-a', password: 'member password 1' }), 201, 'member user');
  await must(await op('POST', `/api/v2/orgs/${org.A}/members`, { id: member.id }), 201, 'add member');
  const owner = await must(await op('POST', '/api/v2/users', { name: 'owner-b', password: 'owner password 1' }), 201, 'owner user');
  await must(await op('POST', `/api/v2/orgs/${org.B}/owners`, { id: owner.id }), 201, 'add owner');
  creds.memberA = { Cookie: await signin('member-a', 'member password 1') };
  creds.ownerB = { Cookie: await signin('owner-b', 'owner password 1') };
  creds.none = {};
});
after(async () => server.stop());

interface Attempt { status: number; text: string; json: any }

async function attempt(p: PrincipalName, o: Org, e: Endpoint): Promise<Attempt> {
  const id = org[o];
  const call = (method: string, path: string, body?: unknown) => api(server.url, undefined, method, path, body, creds[p]);
  const secretsGet = 'import "influxdata/influxdb/secrets"\nimport "array"\narray.from(rows: [{v: secrets.get(key: "shared")}])';
  switch (e) {
    case 'secrets.list': return call('GET', `/api/v2/orgs/${id}/secrets`);
    case 'secrets.patch': return call('PATCH', `/api/v2/orgs/${id}/secrets`, { [`w_${p}`]: 'written' });
    case 'secrets.delete': return call('DELETE', `/api/v2/orgs/${id}/secrets/del_${p}`);
    case 'secrets.deleteMany': return call('POST', `/api/v2/orgs/${id}/secrets/delete`, { secrets: [`del2_${p}`] });
    case 'secrets.metadata': return call('GET', `/api/v2/orgs/${id}/secrets/shared`);
    case 'secrets.versions': return call('GET', `/api/v2/orgs/${id}/secrets/restorable/versions`);
    case 'secrets.restore': return call('POST', `/api/v2/orgs/${id}/secrets/restorable/versions/1/restore`);
    case 'audit': return call('GET', `/api/v2/orgs/${id}/audit`);
    case 'org.get': return call('GET', `/api/v2/orgs/${id}`);
    case 'org.patch': return call('PATCH', `/api/v2/orgs/${id}`, { description: `patched by ${p}` });
    case 'org.members': return call('GET', `/api/v2/orgs/${id}/members`);
    case 'auth.list': return call('GET', `/api/v2/authorizations?orgID=${id}`);
    case 'auth.get': return call('GET', `/api/v2/authorizations/${authIdOf[o]}`);
    case 'query': return call('POST', `/api/v2/query?orgID=${id}`, { query: secretsGet });
    case 'tasks.list': return call('GET', `/api/v2/tasks?orgID=${id}`);
    case 'tasks.get': return call('GET', `/api/v2/tasks/${taskOf[o]}`);
    case 'scripts.list': return call('GET', `/api/v2/scripts?orgID=${id}`);
    case 'scripts.get': return call('GET', `/api/v2/scripts/${scriptOf[o]}`);
    case 'scripts.invoke': return call('POST', `/api/v2/scripts/${scriptOf[o]}/invoke`, {});
  }
}

function actual(e: Endpoint, a: Attempt): Outcome | string {
  if (a.status >= 200 && a.status < 300) {
    if (e === 'auth.list') return a.json?.authorizations?.length === 0 ? 'empty' : 'ok';
    return 'ok';
  }
  if (a.status === 401 || a.status === 404) return a.status;
  return `${a.status} ${a.text.slice(0, 120)}`;
}

const results: { p: PrincipalName; o: Org; e: Endpoint; expected: Outcome; got: Outcome | string; a: Attempt }[] = [];

for (const p of PRINCIPALS) {
  test(`isolation matrix: ${p}`, async () => {
    const mismatches: string[] = [];
    for (const o of ['A', 'B'] as Org[]) {
      for (const e of ENDPOINTS) {
        const a = await attempt(p, o, e);
        const expected = EXPECTED[p][o][e];
        const got = actual(e, a);
        results.push({ p, o, e, expected, got, a });
        if (got !== expected) mismatches.push(`${p} × org ${o} × ${e}: expected ${expected}, got ${got}`);
        if (a.status >= 400) {
          assert.equal(typeof a.json?.code, 'string', `${p} ${o} ${e}: error body ${a.text.slice(0, 200)}`);
        }
        // An error never names the other org's contents, and no answer carries a secret value.
        for (const c of Object.values(CANARY)) assert.ok(!a.text.includes(c), `${p} ${o} ${e} answered with a secret value`);
      }
    }
    assert.deepEqual(mismatches, []);
  });
}

test('no principal read or wrote across orgs; another org\'s resources are 404', () => {
  const visible = (p: PrincipalName, o: Org) => EXPECTED[p][o]['org.get'] === 'ok';
  for (const r of results) {
    if (r.p === 'operator' || visible(r.p, r.o)) continue;
    // Nothing succeeds in an org the principal cannot see, except a filtered (empty) token list.
    assert.ok(r.got === 404 || r.got === 401 || r.got === 'empty', `${r.p} reached org ${r.o} via ${r.e}: ${r.got}`);
    if (r.p !== 'none') assert.ok(r.got === 404 || r.got === 'empty', `${r.p} × org ${r.o} × ${r.e} must be 404, got ${r.got}`);
  }
});

test('the stores hold exactly the writes the table allowed', async () => {
  for (const o of ['A', 'B'] as Org[]) {
    const keys = (await api(server.url, operatorToken, 'GET', `/api/v2/orgs/${org[o]}/secrets`)).json.secrets as string[];
    for (const p of PRINCIPALS) {
      const allowed = (e: Endpoint) => EXPECTED[p][o][e] === 'ok';
      assert.equal(keys.includes(`w_${p}`), allowed('secrets.patch'), `w_${p} in org ${o}`);
      assert.equal(!keys.includes(`del_${p}`), allowed('secrets.delete'), `del_${p} in org ${o}`);
      assert.equal(!keys.includes(`del2_${p}`), allowed('secrets.deleteMany'), `del2_${p} in org ${o}`);
    }
    // The audit trail of each org names only principals that could write there.
    const audit = (await api(server.url, operatorToken, 'GET', `/api/v2/orgs/${org[o]}/audit?limit=1000`)).json.events as { key: string; action: string }[];
    const matrixWrites = audit.filter((x) => (x.action === 'create' && x.key.startsWith('w_')) || (x.action === 'delete' && x.key.startsWith('del')));
    assert.ok(matrixWrites.length > 0);
    for (const ev of matrixWrites) {
      const m = /^(w|del|del2)_(\w+)$/.exec(ev.key)!;
      const endpoint = m[1] === 'w' ? 'secrets.patch' : m[1] === 'del2' ? 'secrets.deleteMany' : 'secrets.delete';
      assert.equal(EXPECTED[m[2] as PrincipalName][o][endpoint], 'ok', `audit of org ${o}: ${ev.action} ${ev.key}`);
    }
    const described = (await api(server.url, operatorToken, 'GET', `/api/v2/orgs/${org[o]}`)).json.description as string;
    const patchers = PRINCIPALS.filter((p) => EXPECTED[p][o]['org.patch'] === 'ok');
    assert.ok(patchers.some((p) => described === `patched by ${p}`), `org ${o} description ${JSON.stringify(described)} was set by a principal allowed to`);
  }
});

test('secrets.get in a query reads the query org\'s value only, masked', async () => {
  for (const r of results.filter((x) => x.e === 'query' && x.got === 'ok')) {
    assert.ok(r.a.text.includes('_result'), `${r.p} ${r.o}: ${r.a.text.slice(0, 200)}`);
    for (const c of Object.values(CANARY)) assert.ok(!r.a.text.includes(c));
  }
  // And the read is audited in the org it happened in, by the principal that ran it.
  const auditA = (await api(server.url, operatorToken, 'GET', `/api/v2/orgs/${org.A}/audit?action=read&key=shared&limit=1000`)).json.events as unknown[];
  const auditB = (await api(server.url, operatorToken, 'GET', `/api/v2/orgs/${org.B}/audit?action=read&key=shared&limit=1000`)).json.events as unknown[];
  const okReads = (o: Org) => results.filter((x) => x.o === o && (x.e === 'query' || x.e === 'scripts.invoke') && x.got === 'ok').length;
  assert.equal(auditA.length, okReads('A'));
  assert.equal(auditB.length, okReads('B'));
});
