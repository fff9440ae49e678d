/**
 * Where each secret is used: tasks and saved scripts that reference a key (statically, from
 * their source) or read it at run time. The tasks domain implements the index
 * (src/tasks/usage.ts).
 */
import type { Reader } from '../storage/contracts.js';

export interface SecretUser {
  type: 'task' | 'script';
  id: string;
  name: string;
  /** Last time a run of it read the key, or null when it has only been referenced. */
  lastReadAt: string | null;
}

export interface SecretUsageIndex {
  /** Users of each of `keys` in the org; keys with no users may be absent. */
  usersOf(r: Reader, orgId: string, keys: string[]): Promise<Map<string, SecretUser[]>>;
  /** Number of users of every key in the org that has any. */
  countsFor(r: Reader, orgId: string): Promise<Map<string, number>>;
}

/** A human sentence naming who uses which key, for the warning header and the UI. */
export function describeUsage(users: Map<string, SecretUser[]>): string | undefined {
  const parts = [...users.entries()].filter(([, u]) => u.length > 0)
    .map(([key, u]) => `secret ${JSON.stringify(key)} is used by ${u.map((x) => `${x.type} ${JSON.stringify(x.name)} (${x.id})`).join(', ')}`);
  return parts.length === 0 ? undefined : parts.join('; ');
}
