/**
 * Who is making a request, and what they may do. Built once per request by the authenticator
 * and passed to every service call; services check permissions against it.
 */
import { unauthorized } from '../errors.js';
import type { Actor } from '../storage/contracts.js';
import { type Action, type Permission, type ResourceType, isAllowed, permissionString } from './permissions.js';

export interface Principal {
  kind: 'token' | 'session' | 'task';
  userId: string;
  userName: string;
  /** The token's own ID (token principals). */
  authorizationId?: string;
  permissions: readonly Permission[];
  /** A deactivated token authenticates but holds no permission, as in InfluxDB (org routes then answer 404). */
  inactive?: boolean;
  /** How audit records name this principal. */
  actor: Actor;
}

/** Request facts recorded in the audit trail. */
export interface RequestMeta {
  requestId: string;
  remoteAddress: string;
}

export const systemMeta: RequestMeta = { requestId: 'internal', remoteAddress: 'local' };

export function orgResource(type: ResourceType, orgId: string, id?: string): Permission['resource'] {
  return id === undefined ? { type, orgID: orgId } : { type, orgID: orgId, id };
}

/** Throws InfluxDB's 401 `<action>:<resource> is unauthorized` unless `p` holds the permission. */
export function requirePermission(p: Principal, action: Action, resource: Permission['resource']): void {
  if (p.inactive) throw unauthorized('token is inactive');
  const wanted: Permission = { action, resource };
  if (!isAllowed(p.permissions, wanted)) throw unauthorized(`${permissionString(wanted)} is unauthorized`);
}

export function can(p: Principal, action: Action, resource: Permission['resource']): boolean {
  return isAllowed(p.permissions, { action, resource });
}

/** Whether the principal may see the org at all; services answer "not found" when it may not. */
export function canReadOrg(p: Principal, orgId: string): boolean {
  return can(p, 'read', { type: 'orgs', id: orgId });
}
