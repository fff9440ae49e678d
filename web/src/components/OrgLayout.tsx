import { useEffect } from 'react';
import { Link, Outlet, useParams } from 'react-router-dom';
import { useSession } from '../state/session';
import { OrgContext } from '../state/org';
import { saveCurrentOrgID } from '../lib/storage';
import { AppShell } from './AppShell';

/** Resolves :orgID against the user's orgs, remembers it as current, and frames the page. */
export function OrgLayout() {
  const { orgID } = useParams();
  const session = useSession();
  const org = session.orgs.find((o) => o.id === orgID) ?? null;

  useEffect(() => {
    if (org) saveCurrentOrgID(org.id);
  }, [org]);

  if (!org) {
    const fallback = session.defaultOrgID();
    return (
      <main className="centered">
        <h1>Organization not found</h1>
        <p>You are not a member of an organization with id “{orgID}”.</p>
        {fallback ? <Link to={`/orgs/${fallback}/settings/secrets`}>Go to your organization</Link> : null}
      </main>
    );
  }
  return (
    <OrgContext.Provider value={org}>
      <AppShell>
        <Outlet />
      </AppShell>
    </OrgContext.Provider>
  );
}
