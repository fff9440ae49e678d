import { useState, type FormEvent } from 'react';
import { putSecret } from '../api/secrets';
import { errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { SecretValueInput } from '../components/SecretValueInput';
import { useToasts } from '../state/toasts';
import { UsedBy } from './UsedBy';

interface ReplaceSecretDialogProps {
  orgID: string;
  secretKey: string;
  onClose(): void;
  onReplaced(): void;
}

/** New value for an existing key. The key is fixed (changing it would make another secret). */
export function ReplaceSecretDialog({ orgID, secretKey, onClose, onReplaced }: ReplaceSecretDialogProps) {
  const toasts = useToasts();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!value || busy) return;
    setBusy(true);
    setServerError(null);
    try {
      const warning = await putSecret(orgID, secretKey, value);
      setValue('');
      toasts.success(`Value of “${secretKey}” replaced.${warning ? ` ${warning}` : ''}`);
      onReplaced();
      onClose();
    } catch (err) {
      setServerError(errorMessage(err));
      toasts.error(err, `Could not replace “${secretKey}”`);
    } finally {
      setBusy(false);
    }
  }

  const close = () => {
    setValue('');
    onClose();
  };

  return (
    <Dialog title={`Replace value of ${secretKey}`} onClose={close}>
      <form method="post" onSubmit={submit} className="stack" noValidate>
        <div className="field">
          <span className="field__label">Key</span>
          <code className="key-display">{secretKey}</code>
        </div>
        <UsedBy
          orgID={orgID}
          secretKey={secretKey}
          whenUsed="The new value takes effect immediately for these, which may break them if it is wrong:"
          whenUnused="No task or script uses this key yet."
        />
        <p className="muted">The old value stays in the history and can be restored. The new value cannot be viewed after saving.</p>
        {serverError ? (
          <div className="notice notice--error" role="alert">
            {serverError}
          </div>
        ) : null}
        <SecretValueInput label="New value" value={value} onChange={setValue} />
        <div className="dialog__footer">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button--warning" disabled={!value || busy} aria-busy={busy}>
            {busy ? 'Replacing…' : 'Replace value'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
