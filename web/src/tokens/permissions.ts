import type { Permission } from '../api/types';
import { allAccessPermissions } from '../api/tokens';

export interface PermissionChoice {
  readSecrets: boolean;
  writeSecrets: boolean;
  readTasks: boolean;
  writeTasks: boolean;
  allAccess: boolean;
}

export const NO_PERMISSIONS: PermissionChoice = {
  readSecrets: false, writeSecrets: false, readTasks: false, writeTasks: false, allAccess: false,
};

export function buildPermissions(orgID: string, c: PermissionChoice): Permission[] {
  if (c.allAccess) return allAccessPermissions(orgID);
  const list: Permission[] = [];
  const add = (on: boolean, action: 'read' | 'write', type: string) => on && list.push({ action, resource: { type, orgID } });
  add(c.readSecrets, 'read', 'secrets');
  add(c.writeSecrets, 'write', 'secrets');
  add(c.readTasks, 'read', 'tasks');
  add(c.writeTasks, 'write', 'tasks');
  return list;
}

/** "read secrets, write tasks" or "all access". */
export function summarize(permissions: Permission[]): string {
  const types = new Set(permissions.map((p) => p.resource.type));
  if (types.size >= 20) return 'All access';
  const byType = new Map<string, string[]>();
  for (const p of permissions) {
    const list = byType.get(p.resource.type) ?? [];
    list.push(p.action);
    byType.set(p.resource.type, list);
  }
  return [...byType].map(([type, actions]) => `${actions.sort().join('/')} ${type}`).join(', ') || 'none';
}
