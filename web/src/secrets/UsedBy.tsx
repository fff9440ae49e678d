import { useAsync } from '../state/useAsync';
import { getSecret } from '../api/secrets';
import type { SecretUser } from '../api/types';
import { errorMessage } from '../api/client';

function describe(user: SecretUser) {
  return `${user.type} “${user.name}”`;
}

/** Names the tasks and scripts that read `key`, with `lead` as the sentence's start. */
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
          <li key={`${u.type}:${u.id}`}>{describe(u)}</li>
        ))}
      </ul>
    </div>
  );
}
