import { useState, type FormEvent } from 'react';
import { createToken } from '../api/tokens';
import type { Authorization } from '../api/types';
import { errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { useToasts } from '../state/toasts';
import { buildPermissions, NO_PERMISSIONS, type PermissionChoice } from './permissions';

const OPTIONS: { name: keyof PermissionChoice; label: string }[] = [
  { name: 'readSecrets', label: 'Read secrets (list keys, use in Flux)' },
  { name: 'writeSecrets', label: 'Write secrets (add, replace, delete)' },
  { name: 'readTasks', label: 'Read tasks' },
  { name: 'writeTasks', label: 'Write tasks' },
];

export function GenerateTokenDialog({ orgID, onClose, onCreated }: {
  orgID: string;
  onClose(): void;
  /** Receives the new authorization including its one-time `token`. */
  onCreated(auth: Authorization): void;
}) {
  const toasts = useToasts();
  const [description, setDescription] = useState('');
  const [choice, setChoice] = useState<PermissionChoice>(NO_PERMISSIONS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const permissions = buildPermissions(orgID, choice);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (permissions.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const auth = await createToken({ orgID, description: description.trim(), permissions });
      onCreated(auth);
    } catch (err) {
      setError(errorMessage(err));
      toasts.error(err, 'Could not generate the token');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Generate API Token" onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
        <Field label="Description">
          {(p) => <input {...p} className="input" required value={description} data-autofocus
            onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <fieldset className="fieldset">
          <legend>Permissions</legend>
          <label className="checkbox">
            <input type="checkbox" checked={choice.allAccess} onChange={(e) => setChoice({ ...choice, allAccess: e.target.checked })} />
            All access (read and write everything in this organization)
          </label>
          {OPTIONS.map((o) => (
            <label key={o.name} className="checkbox">
              <input type="checkbox" disabled={choice.allAccess} checked={choice.allAccess || choice[o.name]}
                onChange={(e) => setChoice({ ...choice, [o.name]: e.target.checked })} />
              {o.label}
            </label>
          ))}
        </fieldset>
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button--primary" aria-busy={busy}
            disabled={busy || permissions.length === 0 || !description.trim()}>
            {busy ? 'Generating…' : 'Generate'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
