/**
 * Turns credentials (an API token or a session cookie) into a Principal. Unknown credentials
 * get InfluxDB's 401 `unauthorized access`; a deactivated user gets 403 `User is inactive`.
 */
import { forbidden, unauthorized } from '../errors.js';
import { type ServiceDeps, write } from '../services.js';
import type { AuthorizationRecord, Reader, UserRecord } from '../storage/contracts.js';
import { type Eager, andThen } from '../eager.js';
import { type Permission, memberPermissions, operatorPermissions, ownerPermissions, selfPermissions } from './permissions.js';
import type { Principal } from './principal.js';
import { type TokenDigest, digestMatches, hashToken, storedDigest, tokenDigest, tokenHashMatches } from './tokens.js';

export const OPERATOR_SETTING = 'operator_user_id';

/** A token's principal; frozen, as it may be shared by every request made with the token. */
function tokenPrincipal(auth: AuthorizationRecord, user: UserRecord): Principal {
  return Object.freeze({
    kind: 'token',
    userId: user.id,
    userName: user.name,
    authorizationId: auth.id,
    permissions: auth.status === 'active' ? (auth.permissions as Permission[]) : [],
    inactive: auth.status !== 'active',
    actor: Object.freeze({ type: 'token', id: auth.id, name: auth.description || `token of ${user.name}` }),
  });
}

export class Authenticator {
  /** The stored hash's bytes and the principal of each (cached, frozen) token row. */
  private readonly tokenRows = new WeakMap<object, { stored: Buffer; principal: Principal }>();

  constructor(private readonly deps: ServiceDeps) {}

  async fromToken(token: string): Promise<Principal> {
    return this.fromTokenEager(token);
  }

  /**
   * fromToken, answered in the same tick when the token's row is cached (src/eager.ts): this
   * runs on every API request. Throws at once, or rejects, with fromToken's errors.
   */
  fromTokenEager(token: string): Eager<Principal> {
    return this.fromDigestEager(tokenDigest(token));
  }

  /** fromTokenEager of the token `digest` was made from (the HTTP edge keeps a connection's last one). */
  fromDigestEager(digest: TokenDigest): Eager<Principal> {
    // Token and user in one query, looked up by the hash's hex form.
    return andThen(this.deps.stores.authorizations.findByTokenHashWithUser(this.deps.storage.db, digest.hex), (found) => {
      if (!found) throw unauthorized();
      // The read cache hands out the same frozen row until it changes: so does this. Rows read
      // afresh (PostgreSQL) are not remembered: an entry per request would only await a full GC.
      const cached = Object.isFrozen(found);
      let known = cached ? this.tokenRows.get(found) : undefined;
      if (known === undefined) {
        known = { stored: storedDigest(found.auth.tokenHash), principal: tokenPrincipal(found.auth, found.user) };
        if (cached) this.tokenRows.set(found, known);
      }
      if (!digestMatches(digest, known.stored)) throw unauthorized();
      if (found.user.status !== 'active') throw forbidden('User is inactive');
      return known.principal;
    });
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

