/**
 * Runs of a task act as the task's owner: a Principal of kind "task" holding the owner's own
 * permissions (as they are now, not when the task was saved), named in the audit trail as the task.
 */
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import { forbidden } from '../errors.js';
import type { Reader, TaskRecord, UserStore } from '../storage/contracts.js';

export async function taskPrincipal(r: Reader, users: UserStore, authenticator: Authenticator, task: TaskRecord): Promise<Principal> {
  const owner = await users.findById(r, task.ownerId);
  if (!owner || owner.status !== 'active') throw forbidden(`the owner of task ${JSON.stringify(task.name)} is missing or inactive`);
  return {
    kind: 'task',
    userId: owner.id,
    userName: owner.name,
    permissions: await authenticator.userPermissions(r, owner.id),
    actor: { type: 'task', id: task.id, name: task.name },
  };
}
