import { request } from './client';
import type { Org } from './types';

export async function listOrgs(): Promise<Org[]> {
  const body = await request<{ orgs: Org[] }>('/api/v2/orgs');
  return body?.orgs ?? [];
}
