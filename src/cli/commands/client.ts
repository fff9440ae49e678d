/**
 * influx-style client commands: setup, org, auth, secret. Global flags --host/--token/--org/
 * --org-id with STRONGROOM_HOST/STRONGROOM_TOKEN/STRONGROOM_ORG/STRONGROOM_ORG_ID.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseDotenv } from 'dotenv';
import { type GlobalFlags, clientOf, resolveOrgId, run, withGlobals } from '../globals.js';
import { printJson, printTable } from '../output.js';
import { promptHidden, promptVisible, secretValue } from '../prompt.js';






const secretsPath = (orgId: string) => `/api/v2/orgs/${orgId}/secrets`;

function registerSecretCommands(program: Command): void {
  const secret = program.command('secret').description('secret management commands');
  withGlobals(secret.command('update').description('add or replace a secret (value from -v, a hidden prompt, or stdin)'))
    .requiredOption('-k, --key <key>', 'the secret key').option('-v, --value <value>', 'the secret value')
    .action(run(async (f: GlobalFlags & { key: string; value?: string }) => {
      const api = clientOf(f);
      const orgId = await resolveOrgId(api, f);
      const value = await secretValue(f.value, 'Please type your secret: ');
      const res = await api.request('PATCH', secretsPath(orgId), { [f.key]: value });
      const warning = res.headers.get('x-strongroom-warning');
      if (warning) process.stderr.write(`Warning: ${warning}\n`);
      if (f.json) printJson({ key: f.key, orgID: orgId });
      else printTable(['Key', 'Organization ID'], [[f.key, orgId]]);
    }));
  withGlobals(secret.command('list').aliases(['ls', 'find']).description('list secret keys (values are never shown)'))
    .action(run(async (f: GlobalFlags) => {
      const api = clientOf(f);
      const orgId = await resolveOrgId(api, f);
      const r = await api.json<{ secrets: string[]; details: { key: string; updatedAt: string; updatedBy: { name: string }; version: number; usedBy: number }[] }>('GET', `${secretsPath(orgId)}?details=true`);
      if (f.json) printJson(r.details.map((d) => ({ key: d.key, orgID: orgId, updatedAt: d.updatedAt, updatedBy: d.updatedBy.name, version: d.version, usedBy: d.usedBy })));
      else printTable(['Key', 'Organization ID', 'Updated', 'By', 'Version', 'Used by'], r.details.map((d) => [d.key, orgId, d.updatedAt, d.updatedBy.name, d.version, d.usedBy]));
    }));
  withGlobals(secret.command('delete').description('delete a secret')).requiredOption('-k, --key <key>', 'the secret key')
    .action(run(async (f: GlobalFlags & { key: string }) => {
      const api = clientOf(f);
      const orgId = await resolveOrgId(api, f);
      const res = await api.request('DELETE', `${secretsPath(orgId)}/${encodeURIComponent(f.key)}`);
      const warning = res.headers.get('x-strongroom-warning');
      if (warning) process.stderr.write(`Warning: ${warning}\n`);
      if (f.json) printJson({ key: f.key, orgID: orgId, deleted: true });
      else printTable(['Key', 'Organization ID', 'Deleted'], [[f.key, orgId, true]]);
    }));
  withGlobals(secret.command('history').description('kept versions of a secret (never values)')).requiredOption('-k, --key <key>', 'the secret key')
    .action(run(async (f: GlobalFlags & { key: string }) => {
      const api = clientOf(f);
      const orgId = await resolveOrgId(api, f);
      const versions = await api.json<{ version: number; createdAt: string; createdBy: { type: string; name: string }; current: boolean }[]>('GET', `${secretsPath(orgId)}/${encodeURIComponent(f.key)}/versions`);
      if (f.json) printJson(versions);
      else printTable(['Version', 'Created', 'By', 'Current'], versions.map((v) => [v.version, v.createdAt, `${v.createdBy.type} ${v.createdBy.name}`, v.current ? '*' : '']));
    }));
  withGlobals(secret.command('restore').description('make a kept version current again')).requiredOption('-k, --key <key>', 'the secret key').requiredOption('--version <n>', 'version to restore')
    .action(run(async (f: GlobalFlags & { key: string; version: string }) => {
      const api = clientOf(f);
      const orgId = await resolveOrgId(api, f);
      const m = await api.json<{ key: string; version: number }>('POST', `${secretsPath(orgId)}/${encodeURIComponent(f.key)}/versions/${encodeURIComponent(f.version)}/restore`);
      if (f.json) printJson(m); else printTable(['Key', 'Current version'], [[m.key, m.version]]);
    }));
  withGlobals(secret.command('import').description('write every pair of a dotenv file in one transaction')).requiredOption('--file <file>', 'a .env file')
    .action(run(async (f: GlobalFlags & { file: string }) => {
      const api = clientOf(f);
      const orgId = await resolveOrgId(api, f);
      const pairs = parseDotenv(readFileSync(f.file));
      await api.request('PATCH', secretsPath(orgId), pairs);
      const keys = Object.keys(pairs).sort();
      if (f.json) printJson({ orgID: orgId, imported: keys });
      else printTable(['Key', 'Organization ID'], keys.map((k) => [k, orgId]));
    }));
}

function registerAuthCommands(program: Command): void {
  const auth = program.command('auth').description('API token management commands');
  withGlobals(auth.command('list').alias('ls').description('list API tokens (never the token strings)'))
    .action(run(async (f: GlobalFlags) => {
      const api = clientOf(f);
      const q = f.orgId || f.org ? `?orgID=${await resolveOrgId(api, f)}` : '';
      const { authorizations } = await api.json<{ authorizations: { id: string; description: string; status: string; user: string; org: string; permissions: { action: string; resource: { type: string; orgID?: string; id?: string } }[] }[] }>('GET', `/api/v2/authorizations${q}`);
      if (f.json) printJson(authorizations);
      else printTable(['ID', 'Description', 'Status', 'User', 'Org', 'Permissions'], authorizations.map((a) => [a.id, a.description, a.status, a.user, a.org,
        a.permissions.length > 8 ? `${a.permissions.length} permissions` : a.permissions.map((p) => `${p.action}:${p.resource.orgID ? `orgs/${p.resource.orgID}/` : ''}${p.resource.type}${p.resource.id ? `/${p.resource.id}` : ''}`).join(',')]));
    }));
  withGlobals(auth.command('create').description('create an API token'))
    .option('-d, --description <text>', 'description').option('--read-secrets').option('--write-secrets').option('--read-tasks').option('--write-tasks')
    .option('--read-orgs', 'read all orgs (global)').option('--all-access', 'everything in the org').option('--operator', 'everything in every org')
    .action(run(async (f: GlobalFlags & { description?: string; readSecrets?: boolean; writeSecrets?: boolean; readTasks?: boolean; writeTasks?: boolean; readOrgs?: boolean; allAccess?: boolean; operator?: boolean }) => {
      const api = clientOf(f);
      const orgId = await resolveOrgId(api, f);
      const me = await api.json<{ id: string }>('GET', '/api/v2/me');
      const { allAccessPermissions, operatorPermissions } = await import('../../auth/permissions.js');
      let permissions: unknown[];
      if (f.operator) permissions = operatorPermissions();
      else if (f.allAccess) permissions = allAccessPermissions(orgId, me.id);
      else {
        permissions = [];
        const add = (on: boolean | undefined, action: string, type: string) => { if (on) permissions.push({ action, resource: { type, orgID: orgId } }); };
        add(f.readSecrets, 'read', 'secrets'); add(f.writeSecrets, 'write', 'secrets'); add(f.readTasks, 'read', 'tasks'); add(f.writeTasks, 'write', 'tasks');
        if (f.readOrgs) permissions.push({ action: 'read', resource: { type: 'orgs' } });
        if (permissions.length === 0) throw new Error('choose at least one permission (--read-secrets, --write-secrets, --read-tasks, --write-tasks, --read-orgs, --all-access, --operator)');
      }
      const a = await api.json<{ id: string; token: string; description: string; status: string }>('POST', '/api/v2/authorizations', { orgID: orgId, description: f.description ?? '', permissions });
      if (f.json) printJson(a); else printTable(['ID', 'Description', 'Token', 'Status'], [[a.id, a.description, a.token, a.status]]);
    }));
  for (const [name, status] of [['active', 'active'], ['inactive', 'inactive']] as const) {
    withGlobals(auth.command(name).description(`mark a token ${status}`)).requiredOption('-i, --id <id>', 'token ID')
      .action(run(async (f: GlobalFlags & { id: string }) => {
        const a = await clientOf(f).json<{ id: string; status: string }>('PATCH', `/api/v2/authorizations/${f.id}`, { status });
        if (f.json) printJson(a); else printTable(['ID', 'Status'], [[a.id, a.status]]);
      }));
  }
  withGlobals(auth.command('delete').description('delete an API token')).requiredOption('-i, --id <id>', 'token ID')
    .action(run(async (f: GlobalFlags & { id: string }) => {
      await clientOf(f).request('DELETE', `/api/v2/authorizations/${f.id}`);
      if (f.json) printJson({ id: f.id, deleted: true }); else printTable(['ID', 'Deleted'], [[f.id, true]]);
    }));
}

function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('organization management commands');
  withGlobals(org.command('list').alias('ls').description('list organizations')).action(run(async (f: GlobalFlags) => {
    const { orgs } = await clientOf(f).json<{ orgs: { id: string; name: string }[] }>('GET', '/api/v2/orgs');
    if (f.json) printJson(orgs); else printTable(['ID', 'Name'], orgs.map((o) => [o.id, o.name]));
  }));
  withGlobals(org.command('create').description('create an organization')).requiredOption('-n, --name <name>', 'org name').option('-d, --description <text>', 'description')
    .action(run(async (f: GlobalFlags & { name: string; description?: string }) => {
      const o = await clientOf(f).json<{ id: string; name: string }>('POST', '/api/v2/orgs', { name: f.name, description: f.description ?? '' });
      if (f.json) printJson(o); else printTable(['ID', 'Name'], [[o.id, o.name]]);
    }));
}

function registerSetupCommand(program: Command): void {
  withGlobals(program.command('setup').description('first-run setup: user, org and operator token'))
    .option('-u, --username <name>').option('-p, --password <password>').option('-b, --bucket <name>').option('--force', 'do not prompt')
    .action(run(async (f: GlobalFlags & { username?: string; password?: string; bucket?: string; force?: boolean }) => {
      const api = clientOf(f);
      const { allowed } = await api.json<{ allowed: boolean }>('GET', '/api/v2/setup');
      if (!allowed) throw new Error('instance has already been set up');
      const interactive = process.stdin.isTTY && !f.force;
      const username = f.username ?? (interactive ? await promptVisible('Please type your primary username: ') : undefined);
      const password = f.password ?? (interactive ? await promptHidden('Please type your password: ') : undefined);
      const org = f.org ?? (interactive ? await promptVisible('Please type your primary organization name: ') : undefined);
      if (!username || !password || !org) throw new Error('setup needs --username, --password and --org (or a terminal to prompt on)');
      const r = await api.json<{ user: { name: string }; org: { id: string; name: string }; auth: { token: string } }>('POST', '/api/v2/setup', {
        username, password, org, ...(f.bucket ? { bucket: f.bucket } : {}), ...(f.token ? { token: f.token } : {}),
      });
      if (f.json) printJson({ user: r.user.name, org: r.org.name, orgID: r.org.id, token: r.auth.token });
      else printTable(['User', 'Organization', 'Organization ID', 'Token'], [[r.user.name, r.org.name, r.org.id, r.auth.token]]);
    }));
}

export function registerClientCommands(program: Command): void {
  registerSetupCommand(program);
  registerOrgCommands(program);
  registerAuthCommands(program);
  registerSecretCommands(program);
}
