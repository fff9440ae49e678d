import { request, withQuery } from './client';
import type { AuditEvent } from './types';

export interface AuditFilter {
  key?: string;
  actor?: string;
  action?: string;
  after?: string;
  limit?: number;
}

export async function listAudit(orgID: string, filter: AuditFilter): Promise<AuditEvent[]> {
  const path = withQuery(`/api/v2/orgs/${encodeURIComponent(orgID)}/audit`, { ...filter });
  const body = await request<{ events: AuditEvent[] }>(path);
  return body?.events ?? [];
}
