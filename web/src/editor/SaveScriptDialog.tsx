import { useState, type FormEvent } from 'react';
import { createScript } from '../api/scripts';
import { errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { useToasts } from '../state/toasts';

export function SaveScriptDialog({ orgID, script, onClose, onSaved }: {
  orgID: string;
  script: string;
  onClose(): void;
  onSaved(): void;
}) {
  const toasts = useToasts();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await createScript({ orgID, name: name.trim(), description, script });
      toasts.success(`Script “${name.trim()}” saved.`);
      if (saved.warnings?.length) toasts.info(`Warning: ${saved.warnings.join(' ')}`);
      onSaved();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      toasts.error(err, 'Could not save the script');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Save as script" onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
        <Field label="Script name">
          {(p) => <input {...p} className="input" required value={name} data-autofocus onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Description">
          {(p) => <input {...p} className="input" value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button--primary" disabled={busy || !name.trim()} aria-busy={busy}>
            {busy ? 'Saving…' : 'Save script'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
