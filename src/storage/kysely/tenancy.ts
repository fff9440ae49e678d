/** Orgs, users and memberships on Kysely (SQLite and PostgreSQL). */
import type { OrgRecord, OrgStore, UserRecord, UserStore } from '../contracts.js';
import { prepared } from '../prepared.js';
import type { OrgRow, UserRow } from '../schema.js';

// Every org-scoped request checks its org, and every session request its user (src/storage/prepared.ts).
const orgById = prepared<{ id: string }, OrgRow>((db, $) => db.selectFrom('orgs').selectAll().where('id', '=', $('id')));
const userById = prepared<{ id: string }, UserRow>((db, $) => db.selectFrom('users').selectAll().where('id', '=', $('id')));

const toOrg = (r: OrgRow): OrgRecord => ({ id: r.id, name: r.name, description: r.description, createdAt: r.created_at, updatedAt: r.updated_at });
const toUser = (r: UserRow): UserRecord => ({
  id: r.id, name: r.name, status: r.status === 'inactive' ? 'inactive' : 'active', passwordHash: r.password_hash, createdAt: r.created_at, updatedAt: r.updated_at,
});

export const orgStore: OrgStore = {
  async insert(tx, o) {
    await tx.insertInto('orgs').values({ id: o.id, name: o.name, description: o.description, created_at: o.createdAt, updated_at: o.updatedAt }).execute();
  },
  async findById(r, id) {
    const row = await orgById.first(r, { id });
    return row && toOrg(row);
  },
  async findByName(r, name) {
    const row = await r.selectFrom('orgs').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toOrg(row);
  },
  async list(r, filter = {}) {
    let q = r.selectFrom('orgs').selectAll();
    if (filter.id !== undefined) q = q.where('id', '=', filter.id);
    if (filter.name !== undefined) q = q.where('name', '=', filter.name);
    if (filter.ids !== undefined) {
      if (filter.ids.length === 0) return [];
      q = q.where('id', 'in', filter.ids);
    }
    return (await q.orderBy('name').execute()).map(toOrg);
  },
  async update(tx, id, p) {
    await tx.updateTable('orgs').set({
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      updated_at: p.updatedAt,
    }).where('id', '=', id).execute();
  },
  async delete(tx, id) {
    const res = await tx.deleteFrom('orgs').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  },
};

export const userStore: UserStore = {
  async insert(tx, u) {
    await tx.insertInto('users').values({ id: u.id, name: u.name, password_hash: u.passwordHash, status: u.status, created_at: u.createdAt, updated_at: u.updatedAt }).execute();
  },
  async findById(r, id) {
    const row = await userById.first(r, { id });
    return row && toUser(row);
  },
  async findByName(r, name) {
    const row = await r.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toUser(row);
  },
  async list(r, filter = {}) {
    let q = r.selectFrom('users').selectAll();
    if (filter.id !== undefined) q = q.where('id', '=', filter.id);
    if (filter.name !== undefined) q = q.where('name', '=', filter.name);
    return (await q.orderBy('name').execute()).map(toUser);
  },
  async setPasswordHash(tx, id, hash, updatedAt) {
    await tx.updateTable('users').set({ password_hash: hash, updated_at: updatedAt }).where('id', '=', id).execute();
  },
  async count(r) {
    const row = await r.selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async addMember(tx, m, createdAt) {
    await tx.insertInto('org_members').values({ org_id: m.orgId, user_id: m.userId, role: m.role, created_at: createdAt })
      .onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet({ role: m.role })).execute();
  },
  async removeMember(tx, orgId, userId) {
    const res = await tx.deleteFrom('org_members').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  },
  async members(r, orgId, role) {
    let q = r.selectFrom('org_members').innerJoin('users', 'users.id', 'org_members.user_id')
      .select(['org_members.org_id', 'org_members.user_id', 'org_members.role', 'users.name', 'users.status'])
      .where('org_members.org_id', '=', orgId);
    if (role) q = q.where('org_members.role', '=', role);
    const rows = await q.orderBy('users.name').execute();
    return rows.map((row) => ({ orgId: row.org_id, userId: row.user_id, role: row.role, name: row.name, status: row.status }));
  },
  async membershipsOf(r, userId) {
    const rows = await r.selectFrom('org_members').selectAll().where('user_id', '=', userId).execute();
    return rows.map((row) => ({ orgId: row.org_id, userId: row.user_id, role: row.role }));
  },
};
