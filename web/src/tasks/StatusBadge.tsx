const TONE: Record<string, string> = {
  active: 'ok', success: 'ok', inactive: 'muted', scheduled: 'info', started: 'info', failed: 'error', canceled: 'muted',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${TONE[status] ?? 'muted'}`}>{status}</span>;
}
