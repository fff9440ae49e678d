import { useState } from 'react';
import { listVersions, restoreVersion } from '../api/secrets';
import { Dialog } from '../components/Dialog';
import { Loading } from '../components/Loading';
import { ErrorState } from '../components/ErrorState';
import { useAsync } from '../state/useAsync';
import { useToasts } from '../state/toasts';
import { formatRelative, formatTime } from '../lib/time';

/** Versions of one key (who and when, never the value) with restore. */
export function HistoryDialog({ orgID, secretKey, onClose, onRestored }: {
  orgID: string;
  secretKey: string;
  onClose(): void;
  onRestored(): void;
}) {
  const toasts = useToasts();
  const versions = useAsync(() => listVersions(orgID, secretKey), [orgID, secretKey]);
  const [busyVersion, setBusyVersion] = useState<number | null>(null);

  async function restore(version: number) {
    setBusyVersion(version);
    try {
      await restoreVersion(orgID, secretKey, version);
      toasts.success(`Restored version ${version} of “${secretKey}”.`);
      await versions.reload();
      onRestored();
    } catch (err) {
      toasts.error(err, `Could not restore version ${version}`);
    } finally {
      setBusyVersion(null);
    }
  }

  const list = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  return (
    <Dialog title={`History of ${secretKey}`} onClose={onClose} className="dialog--wide">
      {versions.error ? <ErrorState error={versions.error} onRetry={() => void versions.reload()} /> : null}
      {versions.loading && !versions.data ? <Loading label="Loading versions…" /> : null}
      {versions.data ? (
        <table className="table">
          <caption className="sr-only">Versions of {secretKey}</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Created</th>
              <th scope="col">By</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {list.map((v) => (
              <tr key={v.version}>
                <td>
                  {v.version} {v.current ? <span className="badge badge--ok">current</span> : null}
                </td>
                <td title={formatTime(v.createdAt)}>{formatRelative(v.createdAt)}</td>
                <td>{v.createdBy ? `${v.createdBy.name} (${v.createdBy.type})` : '—'}</td>
                <td className="table__actions">
                  {v.current ? null : (
                    <button type="button" className="button button--small" disabled={busyVersion !== null}
                      onClick={() => void restore(v.version)}>
                      {busyVersion === v.version ? 'Restoring…' : `Restore version ${v.version}`}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="dialog__footer">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
