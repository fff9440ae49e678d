import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { errorMessage } from '../api/client';
import { getSetupAllowed, runSetup, signIn } from '../api/auth';
import { useSession } from '../state/session';
import { Field } from '../components/Field';
import { Loading } from '../components/Loading';

/** First run: create the initial user and organization, then sign in as that user. */
export function OnboardingPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [allowed, setAllowed] = useState<boolean | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [org, setOrg] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Set up | Strongroom';
    getSetupAllowed()
      .then(setAllowed)
      .catch((err) => {
        setAllowed(true);
        setError(errorMessage(err));
      });
  }, []);

  if (allowed === null) return <Loading />;
  if (!allowed) return <Navigate to="/signin" replace />;

  const mismatch = confirm !== '' && confirm !== password;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirm) return;
    setBusy(true);
    setError(null);
    try {
      const result = await runSetup({ username, password, org });
      await signIn(username, password);
      setPassword('');
      setConfirm('');
      await session.refresh();
      navigate(`/orgs/${result.org.id}/settings/secrets`, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <form method="post" className="card auth-card" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">Set up Strongroom</h1>
        <p className="muted">Create the first user and organization. You can add more later.</p>
        {error ? (
          <div className="notice notice--error" role="alert">
            {error}
          </div>
        ) : null}
        <Field label="Username">
          {(p) => <input {...p} className="input" autoComplete="username" required value={username} autoFocus
            onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field label="Password" hint="At least 8 characters.">
          {(p) => <input {...p} className="input" type="password" autoComplete="new-password" minLength={8} required
            value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label="Confirm password" error={mismatch ? 'Passwords do not match.' : null}>
          {(p) => <input {...p} className="input" type="password" autoComplete="new-password" required value={confirm}
            onChange={(e) => setConfirm(e.target.value)} />}
        </Field>
        <Field label="Organization name">
          {(p) => <input {...p} className="input" required value={org} onChange={(e) => setOrg(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--primary button--block" disabled={busy || mismatch} aria-busy={busy}>
          {busy ? 'Setting up…' : 'Continue'}
        </button>
      </form>
    </main>
  );
}
