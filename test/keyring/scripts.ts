/**
 * Proving stored values through scripts without printing them: `secrets.get(key) == expected`
 * yields a bool, so a query answers true only if the store returns exactly the value written.
 */
import { api } from '../helpers/server.js';

const fluxString = (s: string) => JSON.stringify(s);

/** Runs one query checking every pair; returns the keys whose value did not match (or the HTTP failure). */
export async function mismatchedSecrets(url: string, token: string, orgId: string, expected: Record<string, string>): Promise<string[]> {
  const entries = Object.entries(expected);
  if (entries.length === 0) return [];
  const rows = entries.map(([k, v], i) => `{i: ${i}, ok: secrets.get(key: ${fluxString(k)}) == ${fluxString(v)}}`).join(', ');
  const query = `import "array"\nimport "influxdata/influxdb/secrets"\narray.from(rows: [${rows}])`;
  const r = await api(url, token, 'POST', `/api/v2/query?orgID=${orgId}`, { query });
  if (r.status !== 200) throw new Error(`query failed: ${r.status} ${r.text}`);
  const lines = r.text.trim().split(/\r?\n/).slice(1);
  const ok = new Map<number, boolean>();
  for (const line of lines) {
    const cells = line.split(',');
    ok.set(Number(cells.at(-2)), cells.at(-1) === 'true');
  }
  return entries.filter((_, i) => ok.get(i) !== true).map(([k]) => k);
}
