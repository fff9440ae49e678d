import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { createTask } from '../api/tasks';
import { errorMessage } from '../api/client';
import { hasTaskOption, withTaskOption } from '../lib/flux';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { useToasts } from '../state/toasts';

const EVERY = /^(\d+(mo|ms|us|µs|ns|y|w|d|h|m|s))+$/;

/** Creates a task from the editor's script, adding `option task = {...}` if it has none. */
export function SaveTaskDialog({ orgID, script, onClose }: { orgID: string; script: string; onClose(): void }) {
  const toasts = useToasts();
  const navigate = useNavigate();
  const hasOption = hasTaskOption(script);
  const [name, setName] = useState('');
  const [every, setEvery] = useState('1h');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const everyError = !hasOption && every && !EVERY.test(every) ? 'Use a Flux duration such as 10m, 1h or 1d.' : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (everyError) return;
    setBusy(true);
    setError(null);
    try {
      const flux = hasOption ? script : withTaskOption(script, name.trim(), every);
      const task = await createTask({ orgID, flux, status: 'active' });
      toasts.success(`Task “${task.name}” created.`);
      if (task.warnings?.length) toasts.info(`Warning: ${task.warnings.join(' ')}`);
      onClose();
      navigate(`/orgs/${orgID}/tasks`);
    } catch (err) {
      setError(errorMessage(err));
      toasts.error(err, 'Could not create the task');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Save as task" onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
        {hasOption ? (
          <p>The script already sets <code>option task</code>; its name and schedule will be used.</p>
        ) : (
          <>
            <Field label="Task name">
              {(p) => <input {...p} className="input" required value={name} data-autofocus onChange={(e) => setName(e.target.value)} />}
            </Field>
            <Field label="Every" hint="How often the task runs (Flux duration)." error={everyError}>
              {(p) => <input {...p} className="input input--mono" required value={every} onChange={(e) => setEvery(e.target.value)} />}
            </Field>
          </>
        )}
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button--primary" disabled={busy || (!hasOption && !name.trim()) || Boolean(everyError)} aria-busy={busy}>
            {busy ? 'Saving…' : 'Save task'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
