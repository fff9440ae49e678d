/**
 * InfluxDB's permission model, exactly: a permission is an action on a resource; a resource is
 * a type, optionally narrowed to an org (`orgID`) or to one resource (`id`). `write` does not
 * imply `read`. A permission with neither `id` nor `orgID` applies to every org ("global").
 */
import { invalid } from '../errors.js';
import { isId } from '../ids.js';

export const RESOURCE_TYPES = [
  'authorizations', 'buckets', 'dashboards', 'orgs', 'sources', 'tasks', 'telegrafs', 'users', 'variables',
  'scrapers', 'secrets', 'labels', 'views', 'documents', 'notificationRules', 'notificationEndpoints', 'checks',
  'dbrp', 'notebooks', 'annotations', 'remotes', 'replications', 'instance', 'scripts',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
export type Action = 'read' | 'write';

export interface Resource { type: ResourceType; id?: string; orgID?: string; name?: string; org?: string }
export interface Permission { action: Action; resource: Resource }

/** Whether a granted permission covers a requested one (InfluxDB's matchesV1). */
export function permissionMatches(granted: Permission, wanted: Permission): boolean {
  if (granted.action !== wanted.action) return false;
  if (granted.resource.type === 'instance') return true;
  if (granted.resource.type !== wanted.resource.type) return false;
  const g = granted.resource;
  const w = wanted.resource;
  if (g.id === undefined && g.orgID === undefined) return true;
  if (g.id !== undefined) return g.id === w.id;
  // orgID-only permission: any resource of the type within that org.
  return g.orgID === w.orgID;
}

/** The grants of one action on one resource type, by scope. */
interface TypeGrants { global: boolean; orgs: Set<string>; ids: Set<string> }

/**
 * A permission list arranged for lookup by action, type and scope, with exactly
 * permissionMatches's rules. Every request checks two or three permissions against its token's
 * list (an operator token holds 46), and scanning it cost more than the rest of the check.
 */
class PermissionIndex {
  private readonly instance = new Set<Action>();
  private readonly byAction = new Map<Action, Map<ResourceType, TypeGrants>>();

  constructor(granted: readonly Permission[]) {
    for (const g of granted) {
      if (g.resource.type === 'instance') {
        this.instance.add(g.action);
        continue;
      }
      let types = this.byAction.get(g.action);
      if (!types) this.byAction.set(g.action, (types = new Map()));
      let t = types.get(g.resource.type);
      if (!t) types.set(g.resource.type, (t = { global: false, orgs: new Set(), ids: new Set() }));
      if (g.resource.id !== undefined) t.ids.add(g.resource.id);
      else if (g.resource.orgID !== undefined) t.orgs.add(g.resource.orgID);
      else t.global = true;
    }
  }

  allows(wanted: Permission): boolean {
    if (this.instance.has(wanted.action)) return true;
    const t = this.byAction.get(wanted.action)?.get(wanted.resource.type);
    if (t === undefined) return false;
    if (t.global) return true;
    const { id, orgID } = wanted.resource;
    return (id !== undefined && t.ids.has(id)) || (orgID !== undefined && t.orgs.has(orgID));
  }
}

/** Indexes of frozen permission lists (the read cache hands out the same frozen list per token). */
const indexes = new WeakMap<readonly Permission[], PermissionIndex>();

export function isAllowed(granted: readonly Permission[], wanted: Permission): boolean {
  // A list that could still change, or a short one, is scanned.
  if (granted.length < 8 || !Object.isFrozen(granted)) return granted.some((g) => permissionMatches(g, wanted));
  let index = indexes.get(granted);
  if (index === undefined) indexes.set(granted, (index = new PermissionIndex(granted)));
  return index.allows(wanted);
}

/** `<action>:<resource>` as InfluxDB prints it: `read:orgs/0000000000000001/secrets`. */
export function permissionString(p: Permission): string {
  const r = p.resource;
  let s: string;
  if (r.orgID !== undefined) s = `orgs/${r.orgID}/${r.type}${r.id !== undefined ? `/${r.id}` : ''}`;
  else s = r.id !== undefined ? `${r.type}/${r.id}` : r.type;
  return `${p.action}:${s}`;
}

const ALL_TYPES_BUT_INSTANCE = RESOURCE_TYPES.filter((t) => t !== 'instance');

/** The operator token (from setup): read and write on every type, every org. */
export function operatorPermissions(): Permission[] {
  return ALL_TYPES_BUT_INSTANCE.flatMap((type) => (['read', 'write'] as const).map((action) => ({ action, resource: { type } })));
}

/** An all-access token for one org, as `influx auth create --all-access` builds it. */
export function allAccessPermissions(orgId: string, userId: string): Permission[] {
  return ALL_TYPES_BUT_INSTANCE.flatMap((type): Permission[] => {
    if (type === 'orgs') return [{ action: 'read', resource: { type, id: orgId } }];
    if (type === 'users') return (['read', 'write'] as const).map((action) => ({ action, resource: { type, id: userId } }));
    return (['read', 'write'] as const).map((action) => ({ action, resource: { type, orgID: orgId } }));
  });
}

/** What an org owner may do (a signed-in user's permissions for orgs they own). */
export function ownerPermissions(orgId: string): Permission[] {
  return ALL_TYPES_BUT_INSTANCE.flatMap((type): Permission[] => {
    if (type === 'orgs') return (['read', 'write'] as const).map((action) => ({ action, resource: { type, id: orgId } }));
    return (['read', 'write'] as const).map((action) => ({ action, resource: { type, orgID: orgId } }));
  });
}

/** What an org member may do: read everything in the org, secrets included (as InfluxDB). */
export function memberPermissions(orgId: string): Permission[] {
  return ALL_TYPES_BUT_INSTANCE.map((type): Permission =>
    type === 'orgs' ? { action: 'read', resource: { type, id: orgId } } : { action: 'read', resource: { type, orgID: orgId } });
}

export function selfPermissions(userId: string): Permission[] {
  return (['read', 'write'] as const).map((action) => ({ action, resource: { type: 'users', id: userId } }));
}

/** Validates a permission list from a request body; throws `invalid` naming the problem. */
export function parsePermissions(raw: unknown): Permission[] {
  if (!Array.isArray(raw)) throw invalid('permissions must be an array');
  if (raw.length === 0) throw invalid('permissions must not be empty');
  return raw.map((p, i) => {
    if (typeof p !== 'object' || p === null) throw invalid(`permissions[${i}] must be an object`);
    const { action, resource } = p as Record<string, unknown>;
    if (action !== 'read' && action !== 'write') throw invalid(`permissions[${i}].action must be "read" or "write"`);
    if (typeof resource !== 'object' || resource === null) throw invalid(`permissions[${i}].resource must be an object`);
    const r = resource as Record<string, unknown>;
    if (typeof r.type !== 'string' || !(RESOURCE_TYPES as readonly string[]).includes(r.type)) {
      throw invalid(`permissions[${i}].resource.type ${JSON.stringify(r.type)} is not one of ${RESOURCE_TYPES.join(', ')}`);
    }
    const out: Resource = { type: r.type as ResourceType };
    for (const f of ['id', 'orgID'] as const) {
      if (r[f] === undefined || r[f] === null || r[f] === '') continue;
      if (typeof r[f] !== 'string') throw invalid(`permissions[${i}].resource.${f} must be a string`);
      const v = (r[f] as string).toLowerCase();
      if (!isId(v)) throw invalid(`permissions[${i}].resource.${f}: corrupt ID provided: invalid ID`);
      out[f] = v;
    }
    return { action, resource: out };
  });
}

/** Whether `perms` reaches beyond one org (global or instance permissions): only operators may grant those. */
export function isCrossOrg(perms: readonly Permission[]): boolean {
  return perms.some((p) => p.resource.type === 'instance' || (p.resource.orgID === undefined && p.resource.id === undefined));
}
