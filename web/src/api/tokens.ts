import { request, withQuery } from './client';
import type { Authorization, Permission } from './types';

export async function listTokens(orgID: string): Promise<Authorization[]> {
  const body = await request<{ authorizations: Authorization[] }>(withQuery('/api/v2/authorizations', { orgID }));
  return body?.authorizations ?? [];
}

export function createToken(input: { orgID: string; description: string; permissions: Permission[] }) {
  return request<Authorization>('/api/v2/authorizations', { method: 'POST', body: input });
}

export function updateToken(id: string, patch: { status?: 'active' | 'inactive'; description?: string }) {
  return request<Authorization>(`/api/v2/authorizations/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

export function deleteToken(id: string): Promise<void> {
  return request<void>(`/api/v2/authorizations/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Resource types an all-access token covers (InfluxDB's list). */
export const ALL_ACCESS_TYPES = [
  'authorizations', 'buckets', 'dashboards', 'orgs', 'sources', 'tasks', 'telegrafs', 'users', 'variables',
  'scrapers', 'secrets', 'labels', 'views', 'documents', 'notificationRules', 'notificationEndpoints', 'checks',
  'dbrp', 'notebooks', 'annotations', 'remotes', 'replications', 'scripts',
] as const;

export function allAccessPermissions(orgID: string): Permission[] {
  const permissions: Permission[] = [];
  for (const type of ALL_ACCESS_TYPES) {
    if (type === 'orgs') {
      permissions.push({ action: 'read', resource: { type, id: orgID } });
      continue;
    }
    permissions.push({ action: 'read', resource: { type, orgID } });
    permissions.push({ action: 'write', resource: { type, orgID } });
  }
  return permissions;
}
