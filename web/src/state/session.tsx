import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, onUnauthorized } from '../api/client';
import { getMe, signOut as apiSignOut } from '../api/auth';
import { listOrgs } from '../api/orgs';
import type { Me, Org } from '../api/types';
import { loadCurrentOrgID } from '../lib/storage';

export type SessionStatus = 'loading' | 'signedOut' | 'signedIn' | 'error';

interface Session {
  status: SessionStatus;
  me: Me | null;
  orgs: Org[];
  error: string | null;
  /** Re-reads /me and /orgs (after sign-in, setup, or a server hiccup). */
  refresh(): Promise<SessionStatus>;
  signOut(): Promise<void>;
  /** The org to open when none is named in the URL. */
  defaultOrgID(): string | null;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async (): Promise<SessionStatus> => {
    try {
      const who = await getMe();
      const list = await listOrgs();
      setMe(who);
      setOrgs(list);
      setError(null);
      setStatus('signedIn');
      return 'signedIn';
    } catch (err) {
      setMe(null);
      setOrgs([]);
      if (err instanceof ApiError && err.status === 401) {
        setStatus('signedOut');
        return 'signedOut';
      }
      setError(err instanceof Error ? err.message : String(err));
      setStatus('error');
      return 'error';
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onUnauthorized(() => {
      setMe(null);
      setOrgs([]);
      setStatus('signedOut');
    });
  }, [refresh]);

  const signOut = useCallback(async () => {
    try {
      await apiSignOut();
    } finally {
      setMe(null);
      setOrgs([]);
      setStatus('signedOut');
    }
  }, []);

  const defaultOrgID = useCallback(() => {
    const saved = loadCurrentOrgID();
    if (saved && orgs.some((o) => o.id === saved)) return saved;
    return orgs[0]?.id ?? null;
  }, [orgs]);

  const value = useMemo(
    () => ({ status, me, orgs, error, refresh, signOut, defaultOrgID }),
    [status, me, orgs, error, refresh, signOut, defaultOrgID],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
