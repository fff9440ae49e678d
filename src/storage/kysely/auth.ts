/** Authorizations (API tokens, stored as hashes), sessions and sign-in throttling on Kysely. */
import type { AuthorizationRecord, AuthorizationStore, SessionStore, SettingsStore, SigninThrottleStore, UserRecord } from '../contracts.js';
import { prepared } from '../prepared.js';
import type { AuthorizationRow } from '../schema.js';

// The queries every authenticated request runs, compiled once (src/storage/prepared.ts).
const tokenWithUser = prepared<{ hash: string }, AuthorizationRow & { user_name: string; user_status: string; user_password_hash: string | null; user_created_at: string; user_updated_at: string }>((db, $) =>
  db.selectFrom('authorizations').innerJoin('users', 'users.id', 'authorizations.user_id')
    .selectAll('authorizations')
    .select(['users.name as user_name', 'users.status as user_status', 'users.password_hash as user_password_hash', 'users.created_at as user_created_at', 'users.updated_at as user_updated_at'])
    .where('authorizations.token_hash', '=', $('hash')));
const sessionById = prepared<{ idHash: string }, { id_hash: string; user_id: string; created_at: string; expires_at: string }>((db, $) =>
  db.selectFrom('sessions').selectAll().where('id_hash', '=', $('idHash')));
const settingByName = prepared<{ name: string }, { value: string }>((db, $) => db.selectFrom('settings').select('value').where('name', '=', $('name')));

const toAuthorization = (r: AuthorizationRow): AuthorizationRecord => ({
  id: r.id, tokenHash: r.token_hash, status: r.status === 'inactive' ? 'inactive' : 'active', description: r.description,
  orgId: r.org_id, userId: r.user_id, permissions: JSON.parse(r.permissions) as unknown[], createdAt: r.created_at, updatedAt: r.updated_at,
});

export const authorizationStore: AuthorizationStore = {
  async insert(tx, a) {
    await tx.insertInto('authorizations').values({
      id: a.id, token_hash: a.tokenHash, status: a.status, description: a.description, org_id: a.orgId, user_id: a.userId,
      permissions: JSON.stringify(a.permissions), created_at: a.createdAt, updated_at: a.updatedAt,
    }).execute();
  },
  async findById(r, id) {
    const row = await r.selectFrom('authorizations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAuthorization(row);
  },
  async findByTokenHash(r, hash) {
    const row = await r.selectFrom('authorizations').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    return row && toAuthorization(row);
  },
  async findByTokenHashWithUser(r, hash) {
    const row = await tokenWithUser.first(r, { hash });
    if (!row) return undefined;
    const user: UserRecord = {
      id: row.user_id, name: row.user_name, status: row.user_status === 'inactive' ? 'inactive' : 'active', passwordHash: row.user_password_hash,
      createdAt: row.user_created_at, updatedAt: row.user_updated_at,
    };
    return { auth: toAuthorization(row), user };
  },
  async list(r, filter = {}) {
    let q = r.selectFrom('authorizations').selectAll();
    if (filter.orgId !== undefined) q = q.where('org_id', '=', filter.orgId);
    if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
    if (filter.ids !== undefined) {
      if (filter.ids.length === 0) return [];
      q = q.where('id', 'in', filter.ids);
    }
    return (await q.orderBy('created_at').orderBy('id').execute()).map(toAuthorization);
  },
  async update(tx, id, p) {
    await tx.updateTable('authorizations').set({
      ...(p.status !== undefined ? { status: p.status } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      updated_at: p.updatedAt,
    }).where('id', '=', id).execute();
  },
  async delete(tx, id) {
    const res = await tx.deleteFrom('authorizations').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  },
};

export const sessionStore: SessionStore = {
  async insert(tx, s) {
    await tx.insertInto('sessions').values({ id_hash: s.idHash, user_id: s.userId, created_at: s.createdAt, expires_at: s.expiresAt }).execute();
  },
  async find(r, idHash) {
    const row = await sessionById.first(r, { idHash });
    return row && { idHash: row.id_hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at };
  },
  async delete(tx, idHash) {
    await tx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  },
};

export const signinThrottleStore: SigninThrottleStore = {
  async get(r, subject) {
    const row = await r.selectFrom('signin_failures').selectAll().where('subject', '=', subject).executeTakeFirst();
    return row && { failures: Number(row.failures), lastFailureAt: row.last_failure_at, blockedUntil: row.blocked_until };
  },
  async put(tx, subject, f) {
    const values = { failures: f.failures, last_failure_at: f.lastFailureAt, blocked_until: f.blockedUntil };
    await tx.insertInto('signin_failures').values({ subject, ...values })
      .onConflict((oc) => oc.column('subject').doUpdateSet(values)).execute();
  },
  async clear(tx, subject) {
    await tx.deleteFrom('signin_failures').where('subject', '=', subject).execute();
  },
};

export const settingsStore: SettingsStore = {
  async get(r, name) {
    const row = await settingByName.first(r, { name });
    return row?.value;
  },
  async insertOnce(tx, name, value) {
    const res = await tx.insertInto('settings').values({ name, value }).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
  },
};
