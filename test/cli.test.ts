/**
 * The real `strongroom` binary against a real server: setup, org, auth, secret (update with -v
 * and from stdin, list, delete, history, import) and key rotate/status. Checks table and JSON
 * output, exit codes, and that no secret value is ever printed.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type CliResult, encodingsOf, runCli } from './helpers/cli.js';
import { type InProcessServer, api, startInProcess, tempDir } from './helpers/server.js';
import { mismatchedSecrets } from './keyring/scripts.js';

let server: InProcessServer;
let dir: string;
let masterKey = randomBytes(32).toString('base64');
let token = '';
let orgId = '';
const printed: string[] = [];
const canaries: string[] = [];
const canary = (tag: string) => { const v = `canary-${tag}-${randomBytes(8).toString('hex')}`; canaries.push(v); return v; };

async function cli(args: string[], opts: { token?: string; input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const r = await runCli(args, { env: { STRONGROOM_HOST: server.url, STRONGROOM_TOKEN: opts.token ?? token, STRONGROOM_ORG: 'acme', ...opts.env }, ...(opts.input !== undefined ? { input: opts.input } : {}) });
  printed.push(r.stdout, r.stderr);
  return r;
}
const ok = (r: CliResult) => { assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`); return r; };
const table = (r: CliResult) => r.stdout.trimEnd().split('\n').map((l) => l.trim().split(/\s{2,}/));

before(async () => {
  dir = tempDir();
  server = await startInProcess({ masterKey });
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  // Across every command run by this file, no secret value was printed in any encoding.
  const all = printed.join('\n');
  for (const v of canaries) for (const e of encodingsOf(v)) assert.ok(!all.includes(e), 'a secret value was printed');
});

test('setup, then org list/create', async () => {
  const setup = ok(await cli(['setup', '--username', 'admin', '--password', 'correct horse battery', '--org', 'acme', '--force', '--json'], { token: '' }));
  const s = JSON.parse(setup.stdout) as { user: string; org: string; orgID: string; token: string };
  assert.equal(s.user, 'admin');
  assert.equal(s.org, 'acme');
  token = s.token;
  orgId = s.orgID;
  const again = await cli(['setup', '--username', 'x', '--password', 'correct horse battery', '--org', 'y', '--force']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^Error: instance has already been set up/);

  const [created, list] = await Promise.all([cli(['org', 'create', '-n', 'beta', '--json']), cli(['org', 'list'])]);
  assert.equal(JSON.parse(ok(created).stdout).name, 'beta');
  assert.deepEqual(table(ok(list))[0], ['ID', 'Name']);
  assert.ok(table(list).some((row) => row[0] === orgId && row[1] === 'acme'));
  const json = JSON.parse(ok(await cli(['org', 'list', '--json'])).stdout) as { name: string }[];
  assert.deepEqual(json.map((o) => o.name).sort(), ['acme', 'beta']);
});

test('auth create (scoped, all-access, operator), list and delete', async () => {
  const [scoped, all, op] = await Promise.all([
    cli(['auth', 'create', '--read-secrets', '--write-secrets', '-d', 'scoped', '--json']),
    cli(['auth', 'create', '--all-access', '-d', 'all']),
    cli(['auth', 'create', '--operator', '-d', 'op', '--json']),
  ]);
  const scopedAuth = JSON.parse(ok(scoped).stdout) as { id: string; token: string; status: string };
  assert.equal(scopedAuth.status, 'active');
  assert.deepEqual(table(ok(all))[0], ['ID', 'Description', 'Token', 'Status']);
  const opAuth = JSON.parse(ok(op).stdout) as { id: string; token: string };
  const none = await cli(['auth', 'create', '-d', 'nothing']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /choose at least one permission/);

  const listed = JSON.parse(ok(await cli(['auth', 'list', '--json'])).stdout) as { id: string; description: string; permissions: { action: string; resource: { type: string } }[] }[];
  const scopedListed = listed.find((a) => a.id === scopedAuth.id)!;
  assert.deepEqual(scopedListed.permissions.map((p) => `${p.action}:${p.resource.type}`), ['read:secrets', 'write:secrets']);
  assert.ok(!JSON.stringify(listed).includes(scopedAuth.token), 'auth list never shows token strings');
  const t = table(ok(await cli(['auth', 'list'])));
  assert.deepEqual(t[0], ['ID', 'Description', 'Status', 'User', 'Org', 'Permissions']);
  assert.ok(t.some((row) => row[0] === scopedAuth.id && row.at(-1) === `read:orgs/${orgId}/secrets,write:orgs/${orgId}/secrets`));

  const del = ok(await cli(['auth', 'delete', '-i', opAuth.id]));
  assert.deepEqual(table(del)[1], [opAuth.id, 'true']);
  assert.equal((await api(server.url, opAuth.token, 'GET', '/api/v2/orgs')).status, 401);
  const denied = await cli(['org', 'list'], { token: 'not-a-token-at-all' });
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /^Error: 401 Unauthorized/);
});

test('secret update (-v and stdin), list, history, delete, import: values resolve and are never printed', async () => {
  const v1 = canary('flag');
  const v2 = canary('second');
  const piped = canary('stdin');
  ok(await cli(['secret', 'update', '-k', 'DB_PASSWORD', '-v', v1]));
  const upd = ok(await cli(['secret', 'update', '-k', 'DB_PASSWORD', '-v', v2, '--json']));
  assert.deepEqual(JSON.parse(upd.stdout), { key: 'DB_PASSWORD', orgID: orgId });
  const fromStdin = ok(await cli(['secret', 'update', '-k', 'PIPED'], { input: `${piped}\n` }));
  assert.deepEqual(table(fromStdin), [['Key', 'Organization ID'], ['PIPED', orgId]]);

  const envFile = join(dir, '.env');
  const imported = { API_KEY: canary('api'), 'SMTP_PASS': canary('smtp'), QUOTED: canary('q') };
  writeFileSync(envFile, `# comment\nAPI_KEY=${imported.API_KEY}\nSMTP_PASS="${imported.SMTP_PASS}"\nexport QUOTED='${imported.QUOTED}'\n`);
  const imp = ok(await cli(['secret', 'import', '--file', envFile, '--json']));
  assert.deepEqual(JSON.parse(imp.stdout), { orgID: orgId, imported: ['API_KEY', 'QUOTED', 'SMTP_PASS'] });

  assert.deepEqual(await mismatchedSecrets(server.url, token, orgId, { DB_PASSWORD: v2, PIPED: piped, ...imported }), []);

  const [list, listJson, history] = await Promise.all([cli(['secret', 'list']), cli(['secret', 'list', '--json']), cli(['secret', 'history', '-k', 'DB_PASSWORD'])]);
  assert.deepEqual(table(ok(list))[0], ['Key', 'Organization ID', 'Updated', 'By', 'Version', 'Used by']);
  assert.deepEqual(table(list).slice(1).map((r) => r[0]), ['API_KEY', 'DB_PASSWORD', 'PIPED', 'QUOTED', 'SMTP_PASS']);
  const details = JSON.parse(ok(listJson).stdout) as { key: string; version: number }[];
  assert.equal(details.find((d) => d.key === 'DB_PASSWORD')!.version, 2);
  const h = table(ok(history));
  assert.deepEqual(h[0], ['Version', 'Created', 'By', 'Current']);
  assert.deepEqual(h.slice(1).map((r) => [r[0], r.at(-1)]), [['2', '*'], ['1', 'token admin\'s Token']]);

  const del = ok(await cli(['secret', 'delete', '-k', 'PIPED', '--json']));
  assert.deepEqual(JSON.parse(del.stdout), { key: 'PIPED', orgID: orgId, deleted: true });
  const after = JSON.parse(ok(await cli(['secret', 'list', '--json'])).stdout) as { key: string }[];
  assert.ok(!after.some((d) => d.key === 'PIPED'));

  const missingKey = await cli(['secret', 'update', '-v', 'x']);
  assert.equal(missingKey.code, 1);
  assert.match(missingKey.stderr, /required option '-k, --key <key>' not specified/);
  const noOrg = await cli(['secret', 'list'], { env: { STRONGROOM_ORG: 'no-such-org' } });
  assert.equal(noOrg.code, 1);
  assert.match(noOrg.stderr, /no organization with name "no-such-org"/);
});

test('key rotate, key status, and key rotate --new-master-key-file: values still resolve; non-operators are refused', async () => {
  const value = canary('rotate');
  ok(await cli(['secret', 'update', '-k', 'ROTATED', '-v', value]));
  const rot = ok(await cli(['key', 'rotate', '--json']));
  assert.deepEqual(JSON.parse(rot.stdout), { rotatedOrgs: 2 });
  const status = JSON.parse(ok(await cli(['key', 'status', '--json'])).stdout) as { orgs: { name: string; terms: number[]; activeTerm: number }[] };
  assert.deepEqual(status.orgs.map((o) => [o.name, o.activeTerm]), [['acme', 2], ['beta', 2]]);
  const statusTable = table(ok(await cli(['key', 'status'])));
  assert.deepEqual(statusTable[0], ['Organization ID', 'Name', 'Active term', 'Terms']);

  const keyFile = join(dir, 'new-master.key');
  const needsKey = await cli(['key', 'rotate', '--new-master-key-file', keyFile]);
  assert.equal(needsKey.code, 1);
  assert.match(needsKey.stderr, /needs the current master key/);
  const rewrap = ok(await cli(['key', 'rotate', '--new-master-key-file', keyFile, '--json'], { env: { STRONGROOM_MASTER_KEY: masterKey } }));
  const r = JSON.parse(rewrap.stdout) as { rewrappedDataKeys: number; created: boolean };
  assert.deepEqual([r.rewrappedDataKeys, r.created], [4, true]);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const newKey = readFileSync(keyFile, 'utf8').trim();
  assert.ok(!printed.join('\n').includes(newKey) && !printed.join('\n').includes(masterKey), 'master keys are never printed');
  masterKey = newKey;
  assert.deepEqual(await mismatchedSecrets(server.url, token, orgId, { ROTATED: value }), []);
  // The old key no longer proves possession.
  const stale = await cli(['key', 'rotate', '--new-master-key-file', join(dir, 'other.key')], { env: { STRONGROOM_MASTER_KEY: randomBytes(32).toString('base64') } });
  assert.equal(stale.code, 1);
  assert.match(stale.stderr, /401 Unauthorized: currentMasterKey is not the master key this server uses/);

  const scoped = JSON.parse(ok(await cli(['auth', 'create', '--all-access', '--json'])).stdout) as { token: string };
  const refused = await cli(['key', 'rotate'], { token: scoped.token });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /write:orgs is unauthorized/);
});
