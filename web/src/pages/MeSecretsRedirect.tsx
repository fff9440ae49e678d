import { Navigate } from 'react-router-dom';
import { useSession } from '../state/session';

/** InfluxDB's deep link `/me/secrets` → the current org's Secrets page. */
export function MeSecretsRedirect() {
  const org = useSession().defaultOrgID();
  return <Navigate to={org ? `/orgs/${org}/settings/secrets` : '/'} replace />;
}
