import { useMemo, useState } from 'react';
import { useOrg } from '../state/org';
import { useToasts } from '../state/toasts';
import { copyText } from '../lib/clipboard';
import { secretSnippet } from '../lib/flux';
import { PageHeader } from '../components/PageHeader';
import { Loading } from '../components/Loading';
import { ErrorState } from '../components/ErrorState';
import { EmptyState } from '../components/EmptyState';
import { AddSecretDialog } from './AddSecretDialog';
import { ReplaceSecretDialog } from './ReplaceSecretDialog';
import { DeleteSecretDialog } from './DeleteSecretDialog';
import { HistoryDialog } from './HistoryDialog';
import { UsedByDialog } from './UsedByDialog';
import { SecretRow, type RowAction } from './SecretRow';
import { filterAndSort, SORT_LABELS, type SecretSort } from './listing';
import { useSecrets } from './useSecrets';

type Open = { kind: 'add' } | { kind: 'replace' | 'delete' | 'history' | 'used-by'; key: string } | null;

export function SecretsPage() {
  const org = useOrg();
  const toasts = useToasts();
  const secrets = useSecrets(org.id);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SecretSort>('name-asc');
  const [open, setOpen] = useState<Open>(null);

  const all = secrets.data ?? [];
  const shown = useMemo(() => filterAndSort(all, filter, sort), [all, filter, sort]);
  const reload = () => void secrets.reload();

  async function onAction(action: RowAction, key: string) {
    if (action === 'snippet' || action === 'copy-key') {
      const text = action === 'snippet' ? secretSnippet(key) : key;
      try {
        await copyText(text);
        toasts.success(action === 'snippet' ? `Copied ${text} to the clipboard.` : `Copied the key “${key}” to the clipboard.`);
      } catch (err) {
        toasts.error(err, 'Could not copy');
      }
      return;
    }
    setOpen({ kind: action, key });
  }

  const close = () => setOpen(null);
  const addButton = (
    <button type="button" className="button button--primary" onClick={() => setOpen({ kind: 'add' })}>
      <span aria-hidden="true">+</span> Add Secret
    </button>
  );

  return (
    <>
      <PageHeader title="Secrets" actions={addButton}>
        <p className="muted">
          Values are write-only: tasks and scripts read them with <code>secrets.get(key: "…")</code>; nobody can view them here.
        </p>
      </PageHeader>
      <div className="toolbar">
        <label className="toolbar__field">
          <span className="sr-only">Filter secrets</span>
          <input type="search" className="input" placeholder="Filter secrets…" value={filter}
            onChange={(e) => setFilter(e.target.value)} />
        </label>
        <label className="toolbar__field">
          <span className="toolbar__label">Sort by</span>
          <select className="input" value={sort} onChange={(e) => setSort(e.target.value as SecretSort)}>
            {Object.entries(SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </label>
        {secrets.loading && secrets.data ? <span className="muted" role="status">Refreshing…</span> : null}
      </div>
      {secrets.error ? <ErrorState error={secrets.error} onRetry={reload} /> : null}
      {secrets.loading && !secrets.data ? <Loading label="Loading secrets…" /> : null}
      {secrets.data && all.length === 0 ? (
        <EmptyState title="No secrets yet">
          <p>Add one to keep passwords and API tokens out of your scripts.</p>
          {addButton}
        </EmptyState>
      ) : null}
      {secrets.data && all.length > 0 && shown.length === 0 ? (
        <EmptyState title={`No secrets match “${filter.trim()}”`}>
          <button type="button" className="button" onClick={() => setFilter('')}>Clear filter</button>
        </EmptyState>
      ) : null}
      {shown.length > 0 ? (
        <table className="table" aria-label="Secrets">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Last updated</th>
              <th scope="col">Used by</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => <SecretRow key={s.key} secret={s} onAction={onAction} />)}
          </tbody>
        </table>
      ) : null}
      {open?.kind === 'add' ? (
        <AddSecretDialog orgID={org.id} existingKeys={all.map((s) => s.key)} onClose={close} onAdded={reload} />
      ) : null}
      {open?.kind === 'replace' ? <ReplaceSecretDialog orgID={org.id} secretKey={open.key} onClose={close} onReplaced={reload} /> : null}
      {open?.kind === 'delete' ? <DeleteSecretDialog orgID={org.id} secretKey={open.key} onClose={close} onDeleted={reload} /> : null}
      {open?.kind === 'used-by' ? <UsedByDialog orgID={org.id} secretKey={open.key} onClose={close} /> : null}
      {open?.kind === 'history' ? <HistoryDialog orgID={org.id} secretKey={open.key} onClose={close} onRestored={reload} /> : null}
    </>
  );
}
