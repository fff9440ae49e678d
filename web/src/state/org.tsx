import { createContext, useContext } from 'react';
import type { Org } from '../api/types';

/** The org named by the current `/orgs/:orgID/...` URL. */
export const OrgContext = createContext<Org | null>(null);

export function useOrg(): Org {
  const org = useContext(OrgContext);
  if (!org) throw new Error('useOrg outside an org route');
  return org;
}
