import { Link } from 'react-router-dom';
import { useAsync } from '../state/useAsync';
import { getSecret } from '../api/secrets';
import type { SecretUser } from '../api/types';
import { errorMessage } from '../api/client';
import { formatRelative } from '../lib/time';

function Describe({ orgID, user }: { orgID: string; user: SecretUser }) {
  const name = user.type === 'task'
    ? <Link to={`/orgs/${encodeURIComponent(orgID)}/tasks/${encodeURIComponent(user.id)}/edit`}>{user.name}</Link>
    : <>“{user.name}”</>;
  return (
    <>
      {user.type} {name}
      {user.lastReadAt ? <span className="muted small"> — last read {formatRelative(user.lastReadAt)}</span> : null}
    </>
  );
}

/** Names the tasks and scripts that read `key` (tasks link to their editor). */
export function UsedBy({ orgID, secretKey, whenUsed, whenUnused }: {
  orgID: string;
  secretKey: string;
  whenUsed: string;
  whenUnused: string;
}) {
  const detail = useAsync(() => getSecret(orgID, secretKey), [orgID, secretKey]);
  if (detail.loading && !detail.data) return <p className="muted">Checking which tasks and scripts use this key…</p>;
  if (detail.error) return <p className="muted">Could not check who uses this key: {errorMessage(detail.error)}</p>;
  const users = detail.data?.usedBy ?? [];
  if (users.length === 0) return <p>{whenUnused}</p>;
  return (
    <div className="notice notice--warning" data-testid="used-by">
      <p>{whenUsed}</p>
      <ul className="used-by-list">
        {users.map((u) => (
          <li key={`${u.type}:${u.id}`}><Describe orgID={orgID} user={u} /></li>
        ))}
      </ul>
    </div>
  );
}
