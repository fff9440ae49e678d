import type { SecretSummary } from '../api/types';

export type SecretSort = 'name-asc' | 'name-desc' | 'updated-desc';

export const SORT_LABELS: Record<SecretSort, string> = {
  'name-asc': 'Name (A → Z)',
  'name-desc': 'Name (Z → A)',
  'updated-desc': 'Recently updated',
};

/** Case-insensitive substring filter on the key, then the chosen order. */
export function filterAndSort(secrets: SecretSummary[], filter: string, sort: SecretSort): SecretSummary[] {
  const term = filter.trim().toLocaleLowerCase();
  const shown = term ? secrets.filter((s) => s.key.toLocaleLowerCase().includes(term)) : [...secrets];
  const byName = (a: SecretSummary, b: SecretSummary) => a.key.localeCompare(b.key);
  if (sort === 'name-asc') shown.sort(byName);
  else if (sort === 'name-desc') shown.sort((a, b) => byName(b, a));
  else shown.sort((a, b) => (b.updatedAt || '').localeCompare(a.updatedAt || '') || byName(a, b));
  return shown;
}
