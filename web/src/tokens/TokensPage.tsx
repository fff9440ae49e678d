import { useState } from 'react';
import { deleteToken, listTokens, updateToken } from '../api/tokens';
import type { Authorization } from '../api/types';
import { useOrg } from '../state/org';
import { useToasts } from '../state/toasts';
import { useAsync } from '../state/useAsync';
import { formatTime } from '../lib/time';
import { PageHeader } from '../components/PageHeader';
import { Loading } from '../components/Loading';
import { ErrorState } from '../components/ErrorState';
import { EmptyState } from '../components/EmptyState';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { StatusBadge } from '../tasks/StatusBadge';
import { GenerateTokenDialog } from './GenerateTokenDialog';
import { TokenShownDialog } from './TokenShownDialog';
import { summarize } from './permissions';

type Open = { kind: 'generate' } | { kind: 'shown'; token: string; description: string } | { kind: 'delete'; auth: Authorization } | null;

export function TokensPage() {
  const org = useOrg();
  const toasts = useToasts();
  const tokens = useAsync(() => listTokens(org.id), [org.id]);
  const [open, setOpen] = useState<Open>(null);
  const [busyID, setBusyID] = useState<string | null>(null);

  async function toggle(auth: Authorization) {
    const status = auth.status === 'active' ? 'inactive' : 'active';
    setBusyID(auth.id);
    try {
      await updateToken(auth.id, { status });
      toasts.success(`Token “${auth.description || auth.id}” ${status === 'active' ? 'activated' : 'deactivated'}.`);
      await tokens.reload();
    } catch (err) {
      toasts.error(err, 'Could not change the token');
    } finally {
      setBusyID(null);
    }
  }

  const generate = (
    <button type="button" className="button button--primary" onClick={() => setOpen({ kind: 'generate' })}>
      <span aria-hidden="true">+</span> Generate API Token
    </button>
  );

  return (
    <>
      <PageHeader title="API tokens" actions={generate} />
      {tokens.error ? <ErrorState error={tokens.error} onRetry={() => void tokens.reload()} /> : null}
      {tokens.loading && !tokens.data ? <Loading label="Loading tokens…" /> : null}
      {tokens.data && tokens.data.length === 0 ? <EmptyState title="No API tokens yet">{generate}</EmptyState> : null}
      {tokens.data && tokens.data.length > 0 ? (
        <table className="table" aria-label="API tokens">
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col">Permissions</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((a) => {
              const name = a.description || a.id;
              return (
                <tr key={a.id} data-token={name}>
                  <th scope="row">{name}{a.user ? <div className="muted small">owner {a.user}</div> : null}</th>
                  <td className="small">{summarize(a.permissions)}</td>
                  <td><StatusBadge status={a.status} /></td>
                  <td>{formatTime(a.createdAt)}</td>
                  <td className="table__actions">
                    <button type="button" className="button button--small" disabled={busyID === a.id} onClick={() => void toggle(a)}>
                      {a.status === 'active' ? 'Deactivate' : 'Activate'}<span className="sr-only"> {name}</span>
                    </button>
                    <button type="button" className="button button--small button--danger-ghost" onClick={() => setOpen({ kind: 'delete', auth: a })}>
                      Delete<span className="sr-only"> {name}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {open?.kind === 'generate' ? (
        <GenerateTokenDialog
          orgID={org.id}
          onClose={() => setOpen(null)}
          onCreated={(auth) => {
            setOpen(auth.token ? { kind: 'shown', token: auth.token, description: auth.description ?? '' } : null);
            toasts.success(`Token “${auth.description ?? auth.id}” generated.`);
            void tokens.reload();
          }}
        />
      ) : null}
      {open?.kind === 'shown' ? <TokenShownDialog token={open.token} description={open.description} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete token ${open.auth.description || open.auth.id}?`}
          confirmLabel="Delete token"
          danger
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            try {
              await deleteToken(open.auth.id);
              toasts.success(`Token “${open.auth.description || open.auth.id}” deleted.`);
              setOpen(null);
              await tokens.reload();
            } catch (err) {
              toasts.error(err, 'Could not delete the token');
            }
          }}
        >
          <p>Scripts and tools using this token will stop working immediately. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
