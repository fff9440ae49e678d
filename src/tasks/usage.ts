/**
 * The secret usage index over the secret_references table: which tasks and saved scripts
 * reference each key in their source, and when a run last read it. Wired into SecretService by
 * src/app.ts, so secret metadata shows `usedBy` and changes to used keys carry a warning.
 */
import type { SecretUsageIndex, SecretUser } from '../secrets/usage.js';
import type { Reader, SecretReferenceStore } from '../storage/contracts.js';

export function secretUsageIndex(refs: SecretReferenceStore): SecretUsageIndex {
  return {
    async usersOf(r: Reader, orgId: string, keys: string[]) {
      const users = new Map<string, SecretUser[]>();
      for (const ref of await refs.usersOf(r, orgId, [...new Set(keys)])) {
        const list = users.get(ref.key) ?? [];
        list.push({ type: ref.ownerType, id: ref.ownerId, name: ref.ownerName, lastReadAt: ref.lastReadAt });
        users.set(ref.key, list);
      }
      return users;
    },
    countsFor: (r: Reader, orgId: string) => refs.countsFor(r, orgId),
  };
}

/** Statically referenced keys that do not exist in the org: a warning, never a refusal. */
export function missingKeyWarnings(keys: string[], existing: readonly string[]): string[] {
  const have = new Set(existing);
  return keys.filter((k) => !have.has(k)).map((k) => `secret ${JSON.stringify(k)} is referenced by the script but does not exist in the organization`);
}
