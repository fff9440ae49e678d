import { request, send } from './client';
import type { SecretDetail, SecretSummary, SecretVersion } from './types';

const base = (orgID: string) => `/api/v2/orgs/${encodeURIComponent(orgID)}/secrets`;
const one = (orgID: string, key: string) => `${base(orgID)}/${encodeURIComponent(key)}`;

export async function listSecrets(orgID: string): Promise<SecretSummary[]> {
  const body = await request<{ secrets?: string[]; details?: SecretSummary[] }>(`${base(orgID)}?details=true`);
  if (body?.details) return body.details;
  // A server without details still answers with the keys.
  return (body?.secrets ?? []).map((key) => ({ key, createdAt: '', updatedAt: '', version: 0, usedBy: 0 }));
}

export function getSecret(orgID: string, key: string): Promise<SecretDetail> {
  return request<SecretDetail>(one(orgID, key));
}

/**
 * Creates or replaces one secret. The value travels in the body only. Returns the server's
 * `X-Strongroom-Warning` header, if any (it names users of a key in use).
 */
export async function putSecret(orgID: string, key: string, value: string): Promise<string | null> {
  const res = await send(base(orgID), { method: 'PATCH', body: { [key]: value } });
  return res.headers.get('X-Strongroom-Warning');
}

export async function deleteSecret(orgID: string, key: string): Promise<string | null> {
  const res = await send(one(orgID, key), { method: 'DELETE' });
  return res.headers.get('X-Strongroom-Warning');
}

export async function listVersions(orgID: string, key: string): Promise<SecretVersion[]> {
  const body = await request<SecretVersion[] | { versions: SecretVersion[] }>(`${one(orgID, key)}/versions`);
  return Array.isArray(body) ? body : (body?.versions ?? []);
}

export function restoreVersion(orgID: string, key: string, version: number): Promise<SecretDetail> {
  return request<SecretDetail>(`${one(orgID, key)}/versions/${version}/restore`, { method: 'POST' });
}
