import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../api/client';

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

interface ToastApi {
  success(message: string): void;
  info(message: string): void;
  /** Shows the server's message (ApiError) or any error's text. */
  error(err: unknown, prefix?: string): void;
}

interface ToastState {
  toasts: Toast[];
  dismiss(id: number): void;
}

const ToastApiContext = createContext<ToastApi | null>(null);
const ToastStateContext = createContext<ToastState>({ toasts: [], dismiss: () => {} });

const LIFETIME_MS: Record<ToastKind, number> = { success: 6000, info: 6000, error: 12000 };

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);

  const push = useCallback(
    (kind: ToastKind, message: string) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-4), { id, kind, message }]);
      window.setTimeout(() => dismiss(id), LIFETIME_MS[kind]);
    },
    [dismiss],
  );

  const api = useMemo<ToastApi>(
    () => ({
      success: (message) => push('success', message),
      info: (message) => push('info', message),
      error: (err, prefix) => push('error', prefix ? `${prefix}: ${errorMessage(err)}` : errorMessage(err)),
    }),
    [push],
  );

  const state = useMemo(() => ({ toasts, dismiss }), [toasts, dismiss]);

  return (
    <ToastApiContext.Provider value={api}>
      <ToastStateContext.Provider value={state}>{children}</ToastStateContext.Provider>
    </ToastApiContext.Provider>
  );
}

export function useToasts(): ToastApi {
  const api = useContext(ToastApiContext);
  if (!api) throw new Error('useToasts outside ToastProvider');
  return api;
}

export function useToastState(): ToastState {
  return useContext(ToastStateContext);
}
