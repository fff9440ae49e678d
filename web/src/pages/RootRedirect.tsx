import { useEffect, useState } from 'react';
import { Navigate } from 'react-router-dom';
import { getSetupAllowed } from '../api/auth';
import { useSession } from '../state/session';
import { Loading } from '../components/Loading';
import { ErrorState } from '../components/ErrorState';

/** `/`: first-run setup if the server allows it, else sign in, else the current org. */
export function RootRedirect() {
  const session = useSession();
  const [setupAllowed, setSetupAllowed] = useState<boolean | null>(null);

  useEffect(() => {
    getSetupAllowed()
      .then(setSetupAllowed)
      .catch(() => setSetupAllowed(false));
  }, []);

  if (setupAllowed === null || session.status === 'loading') return <Loading />;
  if (setupAllowed) return <Navigate to="/onboarding" replace />;
  if (session.status === 'signedOut') return <Navigate to="/signin" replace />;
  if (session.status === 'error') return <ErrorState error={session.error} onRetry={() => void session.refresh()} />;
  const org = session.defaultOrgID();
  if (!org) return <main className="centered"><h1>No organization</h1><p>Your user is not a member of any organization.</p></main>;
  return <Navigate to={`/orgs/${org}/settings/secrets`} replace />;
}
