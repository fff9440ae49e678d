import { deleteSecret } from '../api/secrets';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useToasts } from '../state/toasts';
import { UsedBy } from './UsedBy';

export function DeleteSecretDialog({ orgID, secretKey, onClose, onDeleted }: {
  orgID: string;
  secretKey: string;
  onClose(): void;
  onDeleted(): void;
}) {
  const toasts = useToasts();
  return (
    <ConfirmDialog
      title={`Delete secret ${secretKey}?`}
      confirmLabel="Delete secret"
      danger
      onClose={onClose}
      onConfirm={async () => {
        try {
          const warning = await deleteSecret(orgID, secretKey);
          toasts.success(`Secret “${secretKey}” deleted.${warning ? ` ${warning}` : ''}`);
          onClose();
          onDeleted();
        } catch (err) {
          toasts.error(err, `Could not delete “${secretKey}”`);
        }
      }}
    >
      <UsedBy
        orgID={orgID}
        secretKey={secretKey}
        whenUsed="These use this key and will fail when they next read it:"
        whenUnused="No task or script uses this key."
      />
      <p>
        Deleting <code>{secretKey}</code> removes its value and all its versions.
      </p>
    </ConfirmDialog>
  );
}
