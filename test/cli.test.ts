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

test('setup, then org list/create', { timeout: 180_000 }, async () => {
  const setup = ok(await cli(['setup', '--username', 'admin', '--password', 'correct horse battery', '--org', 'acme', '--force', '--json'], { token: '' }));
  const s = JSON.parse(setup.stdout) as { user: string; org: string; orgID: string; token: string };
  assert.equal(s.user, 'admin');
  assert.equal(s.org, 'acme');
  token = s.token;
  orgId = s.orgID;
  const [again, created, list] = await Promise.all([
    cli(['setup', '--username', 'x', '--password', 'correct horse battery', '--org', 'y', '--force']),
    cli(['org', 'create', '-n', 'beta', '--json']),
    cli(['org', 'list']),
  ]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^Error: instance has already been set up/);
  assert.equal(JSON.parse(ok(created).stdout).name, 'beta');
  assert.deepEqual(table(ok(list))[0], ['ID', 'Name']);
  assert.ok(table(list).some((row) => row[0] === orgId && row[1] === 'acme'));
  const json = JSON.parse(ok(await cli(['org', 'list', '--json'])).stdout) as { name: string }[];
  assert.deepEqual(json.map((o) => o.name).sort(), ['acme', 'beta']);
});

test('auth create (scoped, all-access, operator), list and delete', { timeout: 180_000 }, async () => {
  const [scoped, all, op, none, denied] = await Promise.all([
    cli(['auth', 'create', '--read-secrets', '--write-secrets', '-d', 'scoped', '--json']),
    cli(['auth', 'create', '--all-access', '-d', 'all']),
    cli(['auth', 'create', '--operator', '-d', 'op', '--json']),
    cli(['auth', 'create', '-d', 'nothing']),
    cli(['org', 'list'], { token: 'not-a-token-at-all' }),
  ]);
  const scopedAuth = JSON.parse(ok(scoped).stdout) as { id: string; token: string; status: string };
  assert.equal(scopedAuth.status, 'active');
  assert.deepEqual(table(ok(all))[0], ['ID', 'Description', 'Token', 'Status']);
  const opAuth = JSON.parse(ok(op).stdout) as { id: string; token: string };
  assert.equal(none.code, 1);
  assert.match(none.stderr, /choose at least one permission/);
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /^Error: 401 Unauthorized/);

  const [listedJson, listedTable, del] = await Promise.all([cli(['auth', 'list', '--json']), cli(['auth', 'list']), cli(['auth', 'delete', '-i', opAuth.id])]);
  const listed = JSON.parse(ok(listedJson).stdout) as { id: string; description: string; permissions: { action: string; resource: { type: string } }[] }[];
  const scopedListed = listed.find((a) => a.id === scopedAuth.id)!;
  assert.deepEqual(scopedListed.permissions.map((p) => `${p.action}:${p.resource.type}`), ['read:secrets', 'write:secrets']);
  assert.ok(!JSON.stringify(listed).includes(scopedAuth.token), 'auth list never shows token strings');
  const t = table(ok(listedTable));
  assert.deepEqual(t[0], ['ID', 'Description', 'Status', 'User', 'Org', 'Permissions']);
  assert.ok(t.some((row) => row[0] === scopedAuth.id && row.at(-1) === `read:orgs/${orgId}/secrets,write:orgs/${orgId}/secrets`));
  assert.deepEqual(table(ok(del))[1], [opAuth.id, 'true']);
  assert.equal((await api(server.url, opAuth.token, 'GET', '/api/v2/orgs')).status, 401);
});

test('secret update (-v and stdin), list, history, delete, import: values resolve and are never printed', { timeout: 180_000 }, async () => {
  const v1 = canary('flag');
  const v2 = canary('second');
  const piped = canary('stdin');
  const envFile = join(dir, '.env');
  const imported = { API_KEY: canary('api'), 'SMTP_PASS': canary('smtp'), QUOTED: canary('q') };
  writeFileSync(envFile, `# comment\nAPI_KEY=${imported.API_KEY}\nSMTP_PASS="${imported.SMTP_PASS}"\nexport QUOTED='${imported.QUOTED}'\n`);
  const [upd, fromStdin, imp, missingKey, noOrg] = await Promise.all([
    cli(['secret', 'update', '-k', 'DB_PASSWORD', '-v', v1]).then((r) => { ok(r); return cli(['secret', 'update', '-k', 'DB_PASSWORD', '-v', v2, '--json']); }),
    cli(['secret', 'update', '-k', 'PIPED'], { input: `${piped}\n` }),
    cli(['secret', 'import', '--file', envFile, '--json']),
    cli(['secret', 'update', '-v', 'x']),
    cli(['secret', 'list'], { env: { STRONGROOM_ORG: 'no-such-org' } }),
  ]);
  assert.deepEqual(JSON.parse(ok(upd).stdout), { key: 'DB_PASSWORD', orgID: orgId });
  assert.deepEqual(table(ok(fromStdin)), [['Key', 'Organization ID'], ['PIPED', orgId]]);
  assert.deepEqual(JSON.parse(ok(imp).stdout), { orgID: orgId, imported: ['API_KEY', 'QUOTED', 'SMTP_PASS'] });
  assert.equal(missingKey.code, 1);
  assert.match(missingKey.stderr, /required option '-k, --key <key>' not specified/);
  assert.equal(noOrg.code, 1);
  assert.match(noOrg.stderr, /no organization with name "no-such-org"/);

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
  assert.deepEqual((await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets`)).json.secrets, ['API_KEY', 'DB_PASSWORD', 'QUOTED', 'SMTP_PASS']);
});

test('key rotate, key status, and key rotate --new-master-key-file: values still resolve; non-operators are refused', { timeout: 180_000 }, async () => {
  const value = canary('rotate');
  const keyFile = join(dir, 'new-master.key');
  const [upd, needsKey, scopedCreate] = await Promise.all([
    cli(['secret', 'update', '-k', 'ROTATED', '-v', value]),
    cli(['key', 'rotate', '--new-master-key-file', keyFile]),
    cli(['auth', 'create', '--all-access', '--json']),
  ]);
  ok(upd);
  assert.equal(needsKey.code, 1);
  assert.match(needsKey.stderr, /needs the current master key/);
  const scoped = JSON.parse(ok(scopedCreate).stdout) as { token: string };
  const rot = ok(await cli(['key', 'rotate', '--json']));
  assert.deepEqual(JSON.parse(rot.stdout), { rotatedOrgs: 2 });
  const [statusJson, statusText, refused] = await Promise.all([cli(['key', 'status', '--json']), cli(['key', 'status']), cli(['key', 'rotate'], { token: scoped.token })]);
  const status = JSON.parse(ok(statusJson).stdout) as { orgs: { name: string; terms: number[]; activeTerm: number }[] };
  assert.deepEqual(status.orgs.map((o) => [o.name, o.activeTerm]), [['acme', 2], ['beta', 2]]);
  assert.deepEqual(table(ok(statusText))[0], ['Organization ID', 'Name', 'Active term', 'Terms']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /write:orgs is unauthorized/);

  const rewrap = ok(await cli(['key', 'rotate', '--new-master-key-file', keyFile, '--json'], { env: { STRONGROOM_MASTER_KEY: masterKey } }));
  const r = JSON.parse(rewrap.stdout) as { rewrappedDataKeys: number; created: boolean };
  assert.deepEqual([r.rewrappedDataKeys, r.created], [4, true]);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const newKey = readFileSync(keyFile, 'utf8').trim();
  assert.ok(!printed.join('\n').includes(newKey) && !printed.join('\n').includes(masterKey), 'master keys are never printed');
  const oldKey = masterKey;
  masterKey = newKey;
  assert.deepEqual(await mismatchedSecrets(server.url, token, orgId, { ROTATED: value }), []);
  // The old key no longer proves possession.
  const stale = await cli(['key', 'rotate', '--new-master-key-file', join(dir, 'other.key')], { env: { STRONGROOM_MASTER_KEY: oldKey } });
  assert.equal(stale.code, 1);
  assert.match(stale.stderr, /401 Unauthorized: currentMasterKey is not the master key this server uses/);
});
