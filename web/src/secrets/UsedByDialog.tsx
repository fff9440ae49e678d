import { Dialog } from '../components/Dialog';
import { UsedBy } from './UsedBy';

export function UsedByDialog({ orgID, secretKey, onClose }: { orgID: string; secretKey: string; onClose(): void }) {
  return (
    <Dialog title={`Users of ${secretKey}`} onClose={onClose}>
      <UsedBy orgID={orgID} secretKey={secretKey} whenUsed="These tasks and scripts read this key:" whenUnused="No task or script uses this key." />
      <div className="dialog__footer">
        <button type="button" className="button" onClick={onClose} data-autofocus>Close</button>
      </div>
    </Dialog>
  );
}
