import { useState } from 'react';
import { Dialog } from '../components/Dialog';
import { copyText } from '../lib/clipboard';
import { useToasts } from '../state/toasts';

/** Shows a new token once. Closing drops it from memory; it cannot be shown again. */
export function TokenShownDialog({ token, description, onClose }: { token: string; description: string; onClose(): void }) {
  const toasts = useToasts();
  const [copied, setCopied] = useState(false);
  return (
    <Dialog title="Your new API token" onClose={onClose}>
      <div className="stack">
        <div className="notice notice--warning">
          Copy the token for “{description}” now. It will not be shown again.
        </div>
        <label className="field">
          <span className="field__label">Token</span>
          <input className="input input--mono" readOnly value={token} onFocus={(e) => e.target.select()} />
        </label>
        <div className="dialog__footer">
          <button type="button" className="button" data-autofocus onClick={async () => {
            try {
              await copyText(token);
              setCopied(true);
              toasts.success('Token copied to the clipboard.');
            } catch (err) {
              toasts.error(err, 'Could not copy');
            }
          }}>
            {copied ? 'Copied' : 'Copy token'}
          </button>
          <button type="button" className="button button--primary" onClick={onClose}>Done</button>
        </div>
      </div>
    </Dialog>
  );
}
