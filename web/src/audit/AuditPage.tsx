import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { listAudit } from '../api/audit';
import { useOrg } from '../state/org';
import { useAsync } from '../state/useAsync';
import { formatTime } from '../lib/time';
import { PageHeader } from '../components/PageHeader';
import { Loading } from '../components/Loading';
import { ErrorState } from '../components/ErrorState';
import { EmptyState } from '../components/EmptyState';

const ACTIONS = ['create', 'replace', 'delete', 'restore', 'read'] as const;
const LIMIT = 200;

/** Who did what to which key. Filters live in the URL (keys and names only, never values). */
export function AuditPage() {
  const org = useOrg();
  const [params, setParams] = useSearchParams();
  const applied = { key: params.get('key') ?? '', actor: params.get('actor') ?? '', action: params.get('action') ?? '' };
  const [draft, setDraft] = useState(applied);
  const events = useAsync(
    () => listAudit(org.id, { ...applied, limit: LIMIT }),
    [org.id, applied.key, applied.actor, applied.action],
  );

  function apply(next: typeof applied) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v.trim()) search.set(k, v.trim());
    setParams(search);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply(draft);
  }

  const filtered = Boolean(applied.key || applied.actor || applied.action);

  return (
    <>
      <PageHeader title="Audit log">
        <p className="muted">Every change to a secret and every read by a task or script, newest first.</p>
      </PageHeader>
      <form className="toolbar" onSubmit={submit} aria-label="Filter audit events">
        <label className="toolbar__field">
          <span className="toolbar__label">Key</span>
          <input className="input" value={draft.key} onChange={(e) => setDraft({ ...draft, key: e.target.value })} />
        </label>
        <label className="toolbar__field">
          <span className="toolbar__label">Actor</span>
          <input className="input" value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
        </label>
        <label className="toolbar__field">
          <span className="toolbar__label">Action</span>
          <select className="input" value={draft.action} onChange={(e) => {
            const next = { ...draft, action: e.target.value };
            setDraft(next);
            apply(next);
          }}>
            <option value="">Any action</option>
            {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <button type="submit" className="button button--primary">Apply filters</button>
        {filtered ? (
          <button type="button" className="button" onClick={() => {
            const empty = { key: '', actor: '', action: '' };
            setDraft(empty);
            apply(empty);
          }}>
            Clear filters
          </button>
        ) : null}
      </form>
      {events.error ? <ErrorState error={events.error} onRetry={() => void events.reload()} /> : null}
      {events.loading && !events.data ? <Loading label="Loading events…" /> : null}
      {events.data && events.data.length === 0 ? (
        <EmptyState title={filtered ? 'No events match these filters' : 'No events yet'} />
      ) : null}
      {events.data && events.data.length > 0 ? (
        <table className="table" aria-label="Audit events">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Key</th>
              <th scope="col">Version</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {events.data.map((e) => (
              <tr key={e.id} data-action={e.action}>
                <td>{formatTime(e.time)}</td>
                <td>{e.actor.name} <span className="muted small">({e.actor.type})</span></td>
                <td><span className={`badge badge--action-${e.action}`}>{e.action}</span></td>
                <td><code>{e.key}</code></td>
                <td>{e.version ?? '—'}</td>
                <td className="small">{e.remoteAddress ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {events.data && events.data.length === LIMIT ? <p className="muted">Showing the newest {LIMIT} events. Narrow the filters to see others.</p> : null}
    </>
  );
}
