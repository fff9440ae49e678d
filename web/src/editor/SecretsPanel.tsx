import { useState } from 'react';
import type { SecretSummary } from '../api/types';
import { Loading } from '../components/Loading';
import { ErrorState } from '../components/ErrorState';

interface SecretsPanelProps {
  secrets: SecretSummary[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry(): void;
  onInsert(key: string): void;
  onAdd(): void;
}

/** Side panel of the org's secret keys: insert a `secrets.get` call, or add a new secret in place. */
export function SecretsPanel({ secrets, loading, error, onRetry, onInsert, onAdd }: SecretsPanelProps) {
  const [filter, setFilter] = useState('');
  const term = filter.trim().toLocaleLowerCase();
  const shown = (secrets ?? []).filter((s) => s.key.toLocaleLowerCase().includes(term)).sort((a, b) => a.key.localeCompare(b.key));
  return (
    <aside className="side-panel" aria-labelledby="secrets-panel-title">
      <div className="side-panel__header">
        <h2 id="secrets-panel-title">Secrets</h2>
        <button type="button" className="button button--small" onClick={onAdd}>
          <span aria-hidden="true">+</span> Add Secret
        </button>
      </div>
      <label>
        <span className="sr-only">Filter secret keys</span>
        <input type="search" className="input" placeholder="Filter secrets…" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      {error ? <ErrorState error={error} onRetry={onRetry} /> : null}
      {loading && !secrets ? <Loading label="Loading keys…" /> : null}
      {secrets && secrets.length === 0 ? <p className="muted">No secrets yet.</p> : null}
      {secrets && secrets.length > 0 && shown.length === 0 ? <p className="muted">No secrets match your search.</p> : null}
      <ul className="side-panel__list">
        {shown.map((s) => (
          <li key={s.key}>
            <code title={s.key}>{s.key}</code>
            <button type="button" className="button button--small" onClick={() => onInsert(s.key)}>
              Insert<span className="sr-only"> {s.key}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
