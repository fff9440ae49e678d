/**
 * API tokens (InfluxDB "authorizations"). The token is returned once, at creation; only its hash
 * is stored. A principal can only grant permissions it holds itself (no escalation).
 */
import { conflict, invalid, notFound } from '../errors.js';
import { newId, parseId } from '../ids.js';
import type { OrgService } from '../orgs/service.js';
import { type ServiceDeps, nowIso, write } from '../services.js';
import type { AuthorizationRecord } from '../storage/contracts.js';
import { type Permission, isAllowed, parsePermissions, permissionString } from './permissions.js';
import { type Principal, can, canReadOrg, requirePermission } from './principal.js';
import { hashToken, newToken } from './tokens.js';

export interface CreateAuthorizationInput { orgID?: unknown; userID?: unknown; description?: unknown; permissions?: unknown; status?: unknown; token?: unknown }

const authResource = (a: { orgId: string; id?: string }) => (a.id === undefined ? { type: 'authorizations' as const, orgID: a.orgId } : { type: 'authorizations' as const, orgID: a.orgId, id: a.id });

export class AuthorizationService {
  constructor(private readonly deps: ServiceDeps, private readonly orgs: OrgService) {}

  async create(p: Principal, input: CreateAuthorizationInput): Promise<{ auth: AuthorizationRecord; token: string }> {
    if (typeof input.orgID !== 'string') throw invalid('orgID is required');
    const orgId = parseId(input.orgID);
    await this.orgs.findReadable(p, orgId);
    requirePermission(p, 'write', authResource({ orgId }));
    const permissions = parsePermissions(input.permissions);
    for (const perm of permissions) {
      if (!isAllowed(p.permissions, perm)) throw invalid(`cannot grant ${permissionString(perm)}: you do not hold it yourself`);
    }
    let userId = p.userId;
    if (input.userID !== undefined && input.userID !== null && input.userID !== '') {
      if (typeof input.userID !== 'string') throw invalid('userID must be a string');
      userId = parseId(input.userID);
      if (userId !== p.userId) requirePermission(p, 'write', { type: 'users', id: userId });
      if (!(await this.deps.stores.users.findById(this.deps.storage.db, userId))) throw notFound('user not found');
    }
    if (input.status !== undefined && input.status !== 'active' && input.status !== 'inactive') throw invalid('status must be "active" or "inactive"');
    if (input.description !== undefined && typeof input.description !== 'string') throw invalid('description must be a string');
    // InfluxDB lets an operator choose the token string (e.g. for migrations); others get a random one.
    let token = newToken();
    if (input.token !== undefined) {
      if (typeof input.token !== 'string' || input.token.length < 16) throw invalid('token must be a string of at least 16 characters');
      requirePermission(p, 'write', { type: 'authorizations' });
      token = input.token;
    }
    const now = nowIso(this.deps);
    const auth: AuthorizationRecord = {
      id: newId(), tokenHash: hashToken(token), status: (input.status as 'active' | 'inactive' | undefined) ?? 'active',
      description: (input.description as string | undefined) ?? '', orgId, userId, permissions, createdAt: now, updatedAt: now,
    };
    await write(this.deps, async (tx) => {
      if (await this.deps.stores.authorizations.findByTokenHash(tx, auth.tokenHash)) throw conflict('token already exists');
      await this.deps.stores.authorizations.insert(tx, auth);
    });
    return { auth, token };
  }

  async list(p: Principal, filter: { orgId?: string; userId?: string }): Promise<AuthorizationRecord[]> {
    const all = await this.deps.stores.authorizations.list(this.deps.storage.db, filter);
    return all.filter((a) => canReadOrg(p, a.orgId) && can(p, 'read', authResource({ orgId: a.orgId, id: a.id })));
  }

  async get(p: Principal, id: string): Promise<AuthorizationRecord> {
    const a = await this.deps.stores.authorizations.findById(this.deps.storage.db, id);
    if (!a || !canReadOrg(p, a.orgId)) throw notFound('authorization not found');
    requirePermission(p, 'read', authResource({ orgId: a.orgId, id: a.id }));
    return a;
  }

  async update(p: Principal, id: string, patch: { status?: unknown; description?: unknown }): Promise<AuthorizationRecord> {
    const a = await this.get(p, id);
    requirePermission(p, 'write', authResource({ orgId: a.orgId, id: a.id }));
    if (patch.status !== undefined && patch.status !== 'active' && patch.status !== 'inactive') throw invalid('status must be "active" or "inactive"');
    if (patch.description !== undefined && typeof patch.description !== 'string') throw invalid('description must be a string');
    // Read back in the same transaction: a concurrent delete makes this a 404, not a crash.
    return write(this.deps, async (tx) => {
      await this.deps.stores.authorizations.update(tx, id, {
        ...(patch.status !== undefined ? { status: patch.status as 'active' | 'inactive' } : {}),
        ...(patch.description !== undefined ? { description: patch.description as string } : {}),
        updatedAt: nowIso(this.deps),
      });
      const updated = await this.deps.stores.authorizations.findById(tx, id);
      if (!updated) throw notFound('authorization not found');
      return updated;
    });
  }

  async delete(p: Principal, id: string): Promise<void> {
    const a = await this.get(p, id);
    requirePermission(p, 'write', authResource({ orgId: a.orgId, id: a.id }));
    await write(this.deps, (tx) => this.deps.stores.authorizations.delete(tx, id));
  }
}

export type { Permission };
