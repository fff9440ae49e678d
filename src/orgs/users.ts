/** Users: listing, creation by operators, and a user's own password. */
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from '../auth/passwords.js';
import { type Principal, can, requirePermission } from '../auth/principal.js';
import { StrongroomError, conflict, invalid, notFound, unauthorized } from '../errors.js';
import { newId } from '../ids.js';
import { type ServiceDeps, nowIso, write } from '../services.js';
import type { UserRecord } from '../storage/contracts.js';
import { checkName } from './names.js';

export function checkPassword(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') throw new StrongroomError('empty value', 'password is required');
  if (raw.length < MIN_PASSWORD_LENGTH) throw invalid(`passwords must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  if (raw.length > 1024) throw invalid('passwords must be at most 1024 characters long');
  return raw;
}

export class UserService {
  constructor(private readonly deps: ServiceDeps) {}

  async me(p: Principal): Promise<UserRecord> {
    const u = await this.deps.stores.users.findById(this.deps.storage.db, p.userId);
    if (!u) throw unauthorized();
    return u;
  }

  async list(p: Principal, filter: { name?: string; id?: string }): Promise<UserRecord[]> {
    const all = await this.deps.stores.users.list(this.deps.storage.db, filter);
    return all.filter((u) => u.id === p.userId || can(p, 'read', { type: 'users', id: u.id }));
  }

  async get(p: Principal, id: string): Promise<UserRecord> {
    const u = await this.deps.stores.users.findById(this.deps.storage.db, id);
    if (!u || !(u.id === p.userId || can(p, 'read', { type: 'users', id }))) throw notFound('user not found');
    return u;
  }

  async create(p: Principal, input: { name: unknown; password?: unknown; status?: unknown }): Promise<UserRecord> {
    requirePermission(p, 'write', { type: 'users' });
    const name = checkName('user', input.name);
    const hash = input.password === undefined ? null : await hashPassword(checkPassword(input.password));
    const now = nowIso(this.deps);
    const user: UserRecord = { id: newId(), name, status: input.status === 'inactive' ? 'inactive' : 'active', passwordHash: hash, createdAt: now, updatedAt: now };
    await write(this.deps, async (tx) => {
      if (await this.deps.stores.users.findByName(tx, name)) throw conflict(`user with name ${name} already exists`);
      await this.deps.stores.users.insert(tx, user);
    });
    return user;
  }

  /** PUT /api/v2/me/password: the old password (basic auth) must match when signed in by password. */
  async changeOwnPassword(p: Principal, newPassword: unknown, oldPassword?: string): Promise<void> {
    const user = await this.me(p);
    if (oldPassword !== undefined && !(await verifyPassword(oldPassword, user.passwordHash))) throw unauthorized('your username or password is incorrect');
    const hash = await hashPassword(checkPassword(newPassword));
    await write(this.deps, (tx) => this.deps.stores.users.setPasswordHash(tx, user.id, hash, nowIso(this.deps)));
  }
}
