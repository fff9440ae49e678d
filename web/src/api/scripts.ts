import { request, withQuery } from './client';
import type { SavedScript } from './types';

export async function listScripts(orgID: string): Promise<SavedScript[]> {
  const body = await request<{ scripts: SavedScript[] }>(withQuery('/api/v2/scripts', { orgID }));
  return body?.scripts ?? [];
}

export function createScript(input: { orgID: string; name: string; description: string; script: string }) {
  return request<SavedScript>('/api/v2/scripts', { method: 'POST', body: { ...input, language: 'flux' } });
}
