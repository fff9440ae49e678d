/**
 * Turns credentials (an API token or a session cookie) into a Principal. Unknown credentials
 * get InfluxDB's 401 `unauthorized access`; a deactivated user gets 403 `User is inactive`.
 */
import { forbidden, unauthorized } from '../errors.js';
import { type ServiceDeps, write } from '../services.js';
import type { Reader } from '../storage/contracts.js';
import { type Permission, memberPermissions, operatorPermissions, ownerPermissions, selfPermissions } from './permissions.js';
import type { Principal } from './principal.js';
import { hashToken, tokenHashMatches } from './tokens.js';

export const OPERATOR_SETTING = 'operator_user_id';

export class Authenticator {
  constructor(private readonly deps: ServiceDeps) {}

  async fromToken(token: string): Promise<Principal> {
    const { db } = this.deps.storage;
    // Token and user in one query: this runs on every API request.
    const tokenHash = hashToken(token);
    const found = await this.deps.stores.authorizations.findByTokenHashWithUser(db, tokenHash);
    if (!found || !tokenHashMatches(tokenHash, found.auth.tokenHash)) throw unauthorized();
    const { auth, user } = found;
    if (user.status !== 'active') throw forbidden('User is inactive');
    return {
      kind: 'token',
      userId: user.id,
      userName: user.name,
      authorizationId: auth.id,
      permissions: auth.status === 'active' ? (auth.permissions as Permission[]) : [],
      inactive: auth.status !== 'active',
      actor: { type: 'token', id: auth.id, name: auth.description || `token of ${user.name}` },
    };
  }

  async fromSession(sessionId: string): Promise<Principal> {
    const { db } = this.deps.storage;
    const idHash = hashToken(sessionId);
    const session = await this.deps.stores.sessions.find(db, idHash);
    if (!session || !tokenHashMatches(idHash, session.idHash)) throw unauthorized();
    if (new Date(session.expiresAt).getTime() <= this.deps.clock().getTime()) {
      await write(this.deps, (tx) => this.deps.stores.sessions.delete(tx, session.idHash));
      throw unauthorized('session expired');
    }
    const user = await this.deps.stores.users.findById(db, session.userId);
    if (!user) throw unauthorized();
    if (user.status !== 'active') throw forbidden('User is inactive');
    return {
      kind: 'session',
      userId: user.id,
      userName: user.name,
      permissions: await this.userPermissions(db, user.id),
      actor: { type: 'user', id: user.id, name: user.name },
    };
  }

  /** A user's own permissions: operator (the setup user), owner or member of each org, and themselves. */
  async userPermissions(r: Reader, userId: string): Promise<Permission[]> {
    const operatorId = await this.deps.stores.settings.get(r, OPERATOR_SETTING);
    if (operatorId === userId) return operatorPermissions();
    const memberships = await this.deps.stores.users.membershipsOf(r, userId);
    return [
      ...selfPermissions(userId),
      ...memberships.flatMap((m) => (m.role === 'owner' ? ownerPermissions(m.orgId) : memberPermissions(m.orgId))),
    ];
  }
}

