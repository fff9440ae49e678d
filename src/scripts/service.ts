/**
 * Saved scripts, as InfluxDB Cloud's invokable scripts: named Flux scripts of an org, run on
 * request with `params`. An invocation runs as the caller (their permissions, their audit name);
 * the keys it reads are recorded against the script for "where is this secret used".
 */
import { type Principal, type RequestMeta, can, canReadOrg, orgResource, requirePermission } from '../auth/principal.js';
import { StrongroomError, conflict, invalid, notFound } from '../errors.js';
import { parse } from '../flux/parser.js';
import { type FluxResult, referencedSecretKeys, syntaxErrorMessage } from '../flux/runtime.js';
import { newId, parseId } from '../ids.js';
import type { OrgService } from '../orgs/service.js';
import type { QueryService } from '../query/service.js';
import { type ServiceDeps, nowIso, write } from '../services.js';
import type { ScriptRecord } from '../storage/contracts.js';
import { missingKeyWarnings } from '../tasks/usage.js';

export const SCRIPT_NOT_FOUND = 'script not found';
const MAX_NAME = 512;

export interface ScriptInput { orgID?: unknown; org?: unknown; name?: unknown; description?: unknown; script?: unknown; language?: unknown }

function text(raw: unknown, label: string, required: boolean): string | undefined {
  if (raw === undefined || raw === null) {
    if (required) throw invalid(`${label} is required`);
    return undefined;
  }
  if (typeof raw !== 'string') throw invalid(`${label} must be a string`);
  return raw;
}

/** Parses the script; its literal secret keys, or 400 with every syntax error. */
function checkedKeys(script: string): string[] {
  const file = parse(script);
  const syntax = syntaxErrorMessage(file);
  if (syntax) throw invalid(syntax);
  return referencedSecretKeys(file);
}

export class ScriptService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly orgs: OrgService,
    private readonly queries: QueryService,
  ) {}

  async create(p: Principal, input: ScriptInput): Promise<{ script: ScriptRecord; warnings: string[] }> {
    const orgId = await this.orgFor(p, input);
    requirePermission(p, 'write', orgResource('scripts', orgId));
    const name = this.checkName(text(input.name, 'name', true)!);
    const script = text(input.script, 'script', true)!;
    if (input.language !== undefined && input.language !== 'flux') throw invalid(`language must be "flux", got ${JSON.stringify(input.language)}`);
    const keys = checkedKeys(script);
    const now = nowIso(this.deps);
    const record: ScriptRecord = { id: newId(), orgId, name, description: text(input.description, 'description', false) ?? '', language: 'flux', script, createdAt: now, updatedAt: now };
    await write(this.deps, async (tx) => {
      if (await this.deps.stores.scripts.findByName(tx, orgId, name)) throw conflict(`a script named ${JSON.stringify(name)} already exists in this organization`);
      await this.deps.stores.scripts.insert(tx, record);
      await this.deps.stores.secretReferences.setReferenced(tx, orgId, 'script', record.id, keys);
    });
    return { script: record, warnings: await this.warningsFor(orgId, keys) };
  }

  async list(p: Principal, filter: { orgID?: string; org?: string; name?: string; limit?: number; offset?: number }): Promise<ScriptRecord[]> {
    let orgIds: string[];
    if (filter.orgID !== undefined || filter.org !== undefined) {
      const org = await this.orgs.resolve(p, { ...(filter.orgID !== undefined ? { orgID: parseId(filter.orgID) } : {}), ...(filter.org !== undefined ? { org: filter.org } : {}) });
      requirePermission(p, 'read', orgResource('scripts', org.id));
      orgIds = [org.id];
    } else {
      orgIds = (await this.orgs.list(p, {})).map((o) => o.id).filter((id) => can(p, 'read', orgResource('scripts', id)));
    }
    return this.deps.stores.scripts.list(this.deps.storage.db, { orgIds, limit: filter.limit ?? 100, offset: filter.offset ?? 0, ...(filter.name !== undefined ? { name: filter.name } : {}) });
  }

  async get(p: Principal, scriptId: string, action: 'read' | 'write' = 'read'): Promise<ScriptRecord> {
    const s = await this.deps.stores.scripts.findById(this.deps.storage.db, parseId(scriptId));
    if (!s || !canReadOrg(p, s.orgId)) throw notFound(SCRIPT_NOT_FOUND);
    requirePermission(p, action, orgResource('scripts', s.orgId, s.id));
    return s;
  }

  async update(p: Principal, scriptId: string, input: ScriptInput): Promise<{ script: ScriptRecord; warnings: string[] }> {
    const s = await this.get(p, scriptId, 'write');
    const name = input.name === undefined ? undefined : this.checkName(text(input.name, 'name', false) ?? s.name);
    const description = text(input.description, 'description', false);
    const script = text(input.script, 'script', false);
    const keys = checkedKeys(script ?? s.script);
    // Read back in the same transaction: if a concurrent request deleted the script, this is a
    // 404 and its secret references are rolled back with the rest.
    const updated = await write(this.deps, async (tx) => {
      if (name !== undefined && name !== s.name && (await this.deps.stores.scripts.findByName(tx, s.orgId, name))) {
        throw conflict(`a script named ${JSON.stringify(name)} already exists in this organization`);
      }
      await this.deps.stores.scripts.update(tx, s.id, { updatedAt: nowIso(this.deps), ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}), ...(script !== undefined ? { script } : {}) });
      await this.deps.stores.secretReferences.setReferenced(tx, s.orgId, 'script', s.id, keys);
      const after = await this.deps.stores.scripts.findById(tx, s.id);
      if (!after) throw notFound(SCRIPT_NOT_FOUND);
      return after;
    });
    return { script: updated, warnings: await this.warningsFor(s.orgId, keys) };
  }

  async delete(p: Principal, scriptId: string): Promise<void> {
    const s = await this.get(p, scriptId, 'write');
    await write(this.deps, async (tx) => {
      await this.deps.stores.secretReferences.deleteOwner(tx, 'script', s.id);
      await this.deps.stores.scripts.delete(tx, s.id);
    });
  }

  /** Runs the script as the caller with `params`; records the keys it read against the script. */
  async invoke(p: Principal, meta: RequestMeta, scriptId: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<FluxResult[]> {
    const s = await this.get(p, scriptId, 'read');
    const reads = new Set<string>();
    try {
      const outcome = await this.queries.run(p, meta, { orgId: s.orgId, source: s.script, params, onSecretRead: (k) => reads.add(k), ...(signal ? { signal } : {}) });
      return outcome.results;
    } finally {
      if (reads.size > 0) {
        const now = nowIso(this.deps);
        await write(this.deps, async (tx) => {
          if (!(await this.deps.stores.scripts.findById(tx, s.id))) return;
          for (const key of reads) await this.deps.stores.secretReferences.recordRead(tx, s.orgId, 'script', s.id, key, now);
        });
      }
    }
  }

  private checkName(name: string): string {
    if (name.trim() === '') throw invalid('name must not be empty');
    if (name.length > MAX_NAME) throw invalid(`name must be at most ${MAX_NAME} characters`);
    return name;
  }

  /** orgID or org from the request, else the org of the token making it (the Cloud API has no org field). */
  private async orgFor(p: Principal, input: ScriptInput): Promise<string> {
    const orgID = text(input.orgID, 'orgID', false);
    const org = text(input.org, 'org', false);
    if (orgID !== undefined || org !== undefined) {
      return (await this.orgs.resolve(p, { ...(orgID !== undefined ? { orgID: parseId(orgID) } : {}), ...(org !== undefined ? { org } : {}) })).id;
    }
    if (p.authorizationId) {
      const auth = await this.deps.stores.authorizations.findById(this.deps.storage.db, p.authorizationId);
      if (auth) return (await this.orgs.findReadable(p, auth.orgId)).id;
    }
    throw new StrongroomError('invalid', 'orgID is required');
  }

  private async warningsFor(orgId: string, keys: string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    return missingKeyWarnings(keys, await this.deps.stores.secrets.listKeys(this.deps.storage.db, orgId));
  }
}
