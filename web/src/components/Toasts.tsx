import { useToastState } from '../state/toasts';

/** Fixed toast stack. Success and info are polite status messages; errors are alerts. */
export function Toasts() {
  const { toasts, dismiss } = useToastState();
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          <span className="toast__message">{t.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
