import { request, send, withQuery } from './client';
import type { AnalyzeError } from './types';

/** Runs a Flux query and returns the annotated CSV text. */
export async function runQuery(orgID: string, query: string, signal?: AbortSignal): Promise<string> {
  const res = await send(withQuery('/api/v2/query', { orgID }), {
    method: 'POST',
    headers: { Accept: 'application/csv' },
    body: { query, type: 'flux', dialect: { annotations: ['datatype', 'group', 'default'] } },
    signal,
  });
  return res.text();
}

export async function analyzeQuery(query: string, signal?: AbortSignal): Promise<AnalyzeError[]> {
  const body = await request<{ errors?: AnalyzeError[] }>('/api/v2/query/analyze', {
    method: 'POST',
    body: { query },
    signal,
  });
  return body?.errors ?? [];
}
