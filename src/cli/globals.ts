/**
 * What every client command shares: the connection flags (--host, --token, --org, --org-id and
 * their STRONGROOM_* variables), the API client they make, org resolution as influx does it, and
 * `Error: ...` with exit code 1 on failure.
 */
import { type Command, Option } from 'commander';
import { ApiClient, ApiError } from './api-client.js';

export interface GlobalFlags { host?: string; token?: string; org?: string; orgId?: string; json?: boolean }

/** --host and --token (and --json): for commands that are not about one org. */
export function withConnection(cmd: Command, tokenHelp = 'API token'): Command {
  return cmd
    .addOption(new Option('--host <url>', 'Strongroom server').env('STRONGROOM_HOST').default('http://localhost:8086'))
    .addOption(new Option('-t, --token <token>', tokenHelp).env('STRONGROOM_TOKEN'))
    .option('--json', 'print JSON');
}

/** The connection flags plus --org / --org-id. */
export function withGlobals(cmd: Command): Command {
  return withConnection(cmd)
    .addOption(new Option('-o, --org <name>', 'organization name').env('STRONGROOM_ORG'))
    .addOption(new Option('--org-id <id>', 'organization ID').env('STRONGROOM_ORG_ID'));
}

export const clientOf = (f: GlobalFlags) => new ApiClient({ host: f.host ?? 'http://localhost:8086', ...(f.token ? { token: f.token } : {}) });

function checkNotAmbiguous(f: GlobalFlags): void {
  if (f.orgId && f.org) throw new Error(`ambiguous org: use OrgId or OrgName, but not both. OrgID: ${f.orgId}, OrgName: ${f.org}`);
}

/** `orgID=` or `org=` query parameters from the flags (empty when neither is given). */
export function orgQuery(f: GlobalFlags): Record<string, string> {
  checkNotAmbiguous(f);
  return f.orgId ? { orgID: f.orgId } : f.org ? { org: f.org } : {};
}

/** The org's ID from --org-id, or by looking up --org, with influx's messages. */
export async function resolveOrgId(api: ApiClient, f: GlobalFlags): Promise<string> {
  checkNotAmbiguous(f);
  if (f.orgId) return f.orgId;
  if (!f.org) throw new Error('must specify org ID or org name');
  const { orgs } = await api.json<{ orgs: { id: string }[] }>('GET', `/api/v2/orgs?org=${encodeURIComponent(f.org)}`);
  if (orgs.length === 0) throw new Error(`no organization with name "${f.org}"`);
  return orgs[0]!.id;
}

/** Runs a command body, printing errors as `Error: ...` with exit code 1. */
export function run<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      process.stderr.write(`Error: ${e instanceof ApiError || e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  };
}
