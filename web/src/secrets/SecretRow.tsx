import type { SecretSummary } from '../api/types';
import { formatRelative, formatTime } from '../lib/time';

export type RowAction = 'snippet' | 'copy-key' | 'history' | 'replace' | 'delete' | 'used-by';

/** One secret: key, last update (when, by whom), how many tasks/scripts use it, and actions. */
export function SecretRow({ secret, onAction }: { secret: SecretSummary; onAction(action: RowAction, key: string): void }) {
  const key = secret.key;
  const act = (action: RowAction) => () => onAction(action, key);
  const hidden = <span className="sr-only"> {key}</span>;
  return (
    <tr data-key={key}>
      <th scope="row">
        <code className="secret-key">{key}</code>
      </th>
      <td>
        <span title={formatTime(secret.updatedAt)}>{formatRelative(secret.updatedAt)}</span>
        {secret.updatedBy ? <span className="muted"> by {secret.updatedBy.name}</span> : null}
      </td>
      <td>
        {secret.usedBy > 0 ? (
          <button type="button" className="badge badge--info badge--button" onClick={act('used-by')}>
            {secret.usedBy} {secret.usedBy === 1 ? 'user' : 'users'}<span className="sr-only"> of {key}</span>
          </button>
        ) : (
          <span className="muted">unused</span>
        )}
      </td>
      <td className="table__actions">
        <button type="button" className="button button--small" onClick={act('snippet')}>
          Copy snippet<span className="sr-only"> for {key}</span>
        </button>
        <button type="button" className="button button--small" onClick={act('copy-key')}>
          Copy key{hidden}
        </button>
        <button type="button" className="button button--small" onClick={act('history')}>
          History<span className="sr-only"> of {key}</span>
        </button>
        <button type="button" className="button button--small" onClick={act('replace')}>
          Replace value<span className="sr-only"> of {key}</span>
        </button>
        <button type="button" className="button button--small button--danger-ghost" onClick={act('delete')}>
          Delete{hidden}
        </button>
      </td>
    </tr>
  );
}
