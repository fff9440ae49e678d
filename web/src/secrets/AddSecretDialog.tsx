import { useState, type FormEvent } from 'react';
import { putSecret } from '../api/secrets';
import { errorMessage } from '../api/client';
import { secretKeyProblem } from '../lib/keyRules';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { SecretValueInput } from '../components/SecretValueInput';
import { useToasts } from '../state/toasts';

interface AddSecretDialogProps {
  orgID: string;
  existingKeys: string[];
  onClose(): void;
  onAdded(key: string): void;
}

export function AddSecretDialog({ orgID, existingKeys, onClose, onAdded }: AddSecretDialogProps) {
  const toasts = useToasts();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  const problem = key === '' ? null : secretKeyProblem(key);
  const duplicate = existingKeys.includes(key);
  const keyError = problem ? `Key ${problem}.` : duplicate ? 'A secret with this key already exists. Use “Replace value” on its row.' : null;
  const canSubmit = key !== '' && !problem && !duplicate && value !== '' && !busy;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!canSubmit) return;
    setBusy(true);
    setServerError(null);
    try {
      const warning = await putSecret(orgID, key, value);
      setValue('');
      toasts.success(`Secret “${key}” added.${warning ? ` ${warning}` : ''}`);
      onAdded(key);
      onClose();
    } catch (err) {
      setServerError(errorMessage(err));
      toasts.error(err, `Could not add secret “${key}”`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Add Secret" onClose={() => { setValue(''); onClose(); }}>
      <form method="post" onSubmit={submit} className="stack" noValidate>
        <div className="notice notice--warning">
          Make sure you have the value somewhere safe: you can use this secret in scripts and tasks by its key, but
          nobody can view the value again.
        </div>
        {serverError ? (
          <div className="notice notice--error" role="alert">
            {serverError}
          </div>
        ) : null}
        <Field label="Key" hint="How scripts refer to it: secrets.get(key: &quot;…&quot;). No “/”, no control characters, no leading or trailing spaces." error={keyError}>
          {(p) => (
            <input {...p} className="input input--mono" value={key} data-autofocus autoComplete="off" spellCheck={false}
              onChange={(e) => { setKey(e.target.value); setServerError(null); }} />
          )}
        </Field>
        <SecretValueInput label="Value" value={value} onChange={setValue} />
        <div className="dialog__footer">
          <button type="button" className="button" onClick={() => { setValue(''); onClose(); }}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={!canSubmit} aria-busy={busy}>
            {busy ? 'Adding…' : 'Add Secret'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
