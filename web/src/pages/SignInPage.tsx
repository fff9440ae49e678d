import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../api/client';
import { getSetupAllowed, signIn } from '../api/auth';
import { useSession } from '../state/session';
import { Field } from '../components/Field';

/** Only same-app paths are honoured as return targets (no open redirect). */
function safeReturnTo(value: string | null): string | null {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : null;
}

export function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Sign in | Strongroom';
    getSetupAllowed()
      .then((allowed) => allowed && navigate('/onboarding', { replace: true }))
      .catch(() => {});
  }, [navigate]);

  if (session.status === 'signedIn') {
    const org = session.defaultOrgID();
    return <Navigate to={safeReturnTo(params.get('returnTo')) ?? (org ? `/orgs/${org}/settings/secrets` : '/')} replace />;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
      setPassword('');
      await session.refresh();
    } catch (err) {
      setPassword('');
      if (err instanceof ApiError && err.status === 401) setError('Wrong username or password.');
      else if (err instanceof ApiError && err.status === 429)
        setError(`${err.message}${err.retryAfter ? ` Try again in ${err.retryAfter} seconds.` : ''}`);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <form method="post" className="card auth-card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Strongroom</h1>
        {error ? (
          <div className="notice notice--error" role="alert">
            {error}
          </div>
        ) : null}
        <Field label="Username">
          {(p) => (
            <input {...p} className="input" autoComplete="username" value={username} autoFocus required
              onChange={(e) => setUsername(e.target.value)} />
          )}
        </Field>
        <Field label="Password">
          {(p) => (
            <input {...p} className="input" type="password" autoComplete="current-password" value={password} required
              onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="button button--primary button--block" disabled={busy} aria-busy={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
