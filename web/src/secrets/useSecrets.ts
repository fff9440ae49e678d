import { listSecrets } from '../api/secrets';
import { useAsync } from '../state/useAsync';

export function useSecrets(orgID: string) {
  return useAsync(() => listSecrets(orgID), [orgID]);
}
