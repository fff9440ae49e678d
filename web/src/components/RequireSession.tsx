import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useSession } from '../state/session';
import { Loading } from './Loading';
import { ErrorState } from './ErrorState';

/** Renders child routes only when signed in; otherwise sends the user to /signin and back. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <Loading label="Checking your session…" />;
  if (session.status === 'error') {
    return (
      <main className="centered">
        <ErrorState error={session.error} onRetry={() => void session.refresh()} />
      </main>
    );
  }
  if (session.status === 'signedOut') {
    const returnTo = location.pathname + location.search;
    return <Navigate to={`/signin?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return <Outlet />;
}
