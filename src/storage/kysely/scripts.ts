/** Saved scripts and the secret-reference index on Kysely (SQLite and PostgreSQL). */
import type { Kysely, Selectable } from 'kysely';
import type { ScriptRecord, ScriptStore, SecretReferenceRecord, SecretReferenceStore } from '../contracts.js';
import { prepared } from '../prepared.js';
import type { Database, ScriptRow } from '../schema.js';

/** Which tasks and saved scripts reference keys of an org; `keys` narrows to some keys. */
function usersQuery(db: Kysely<Database>, orgId: unknown, keys: unknown) {
  return db.selectFrom('secret_references as ref')
    .leftJoin('tasks', (j) => j.onRef('tasks.id', '=', 'ref.owner_id').on('ref.owner_type', '=', 'task'))
    .leftJoin('scripts', (j) => j.onRef('scripts.id', '=', 'ref.owner_id').on('ref.owner_type', '=', 'script'))
    .select(['ref.key', 'ref.owner_type', 'ref.owner_id', 'ref.referenced', 'ref.last_read_at'])
    .select((eb) => eb.fn.coalesce('tasks.name', 'scripts.name').as('owner_name'))
    .where('ref.org_id', '=', orgId as string).where('ref.key', Array.isArray(keys) ? 'in' : '=', keys as string)
    .where((eb) => eb.or([eb('tasks.id', 'is not', null), eb('scripts.id', 'is not', null)]))
    .orderBy('ref.key').orderBy('ref.owner_type').orderBy('ref.owner_id');
}
// Every write of one key asks who uses it (the warning header): compiled once (src/storage/prepared.ts).
const usersOfOneKey = prepared<{ orgId: string; key: string }, RefRow>((db, $) => usersQuery(db, $('orgId'), $('key')) as never);

const toScript = (r: Selectable<ScriptRow>): ScriptRecord => ({
  id: r.id, orgId: r.org_id, name: r.name, description: r.description, language: r.language, script: r.script, createdAt: r.created_at, updatedAt: r.updated_at,
});

export const scriptStore: ScriptStore = {
  async insert(tx, s) {
    await tx.insertInto('scripts').values({
      id: s.id, org_id: s.orgId, name: s.name, description: s.description, language: s.language, script: s.script, created_at: s.createdAt, updated_at: s.updatedAt,
    }).execute();
  },
  async findById(r, id) {
    const row = await r.selectFrom('scripts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toScript(row);
  },
  async findByName(r, orgId, name) {
    const row = await r.selectFrom('scripts').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
    return row && toScript(row);
  },
  async list(r, f) {
    if (f.orgIds.length === 0) return [];
    let q = r.selectFrom('scripts').selectAll().where('org_id', 'in', f.orgIds);
    if (f.name !== undefined) q = q.where('name', '=', f.name);
    return (await q.orderBy('name').orderBy('id').limit(f.limit).offset(f.offset).execute()).map(toScript);
  },
  async update(tx, id, p) {
    await tx.updateTable('scripts').set({
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.script !== undefined ? { script: p.script } : {}),
      updated_at: p.updatedAt,
    }).where('id', '=', id).execute();
  },
  async delete(tx, id) {
    const res = await tx.deleteFrom('scripts').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  },
};

interface RefRow { key: string; owner_type: string; owner_id: string; referenced: number; last_read_at: string | null; owner_name: string | null }
const toRef = (r: RefRow): SecretReferenceRecord => ({
  key: r.key, ownerType: r.owner_type === 'script' ? 'script' : 'task', ownerId: r.owner_id, ownerName: r.owner_name ?? '',
  referenced: Number(r.referenced) === 1, lastReadAt: r.last_read_at,
});

export const secretReferenceStore: SecretReferenceStore = {
  async setReferenced(tx, orgId, ownerType, ownerId, keys) {
    await tx.updateTable('secret_references').set({ referenced: 0 }).where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).execute();
    await tx.deleteFrom('secret_references').where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).where('last_read_at', 'is', null).execute();
    const unique = [...new Set(keys)];
    if (unique.length === 0) return;
    await tx.insertInto('secret_references')
      .values(unique.map((key) => ({ org_id: orgId, owner_type: ownerType, owner_id: ownerId, key, referenced: 1, last_read_at: null })))
      .onConflict((oc) => oc.columns(['owner_type', 'owner_id', 'key']).doUpdateSet({ referenced: 1 })).execute();
  },
  async recordRead(tx, orgId, ownerType, ownerId, key, at) {
    await tx.insertInto('secret_references').values({ org_id: orgId, owner_type: ownerType, owner_id: ownerId, key, referenced: 0, last_read_at: at })
      .onConflict((oc) => oc.columns(['owner_type', 'owner_id', 'key']).doUpdateSet({ last_read_at: at })).execute();
  },
  async deleteOwner(tx, ownerType, ownerId) {
    await tx.deleteFrom('secret_references').where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).execute();
  },
  async usersOf(r, orgId, keys) {
    if (keys.length === 0) return [];
    const rows = keys.length === 1 ? await usersOfOneKey.all(r, { orgId, key: keys[0]! }) : await usersQuery(r as Kysely<Database>, orgId, keys).execute();
    return rows.map((row) => toRef(row as RefRow));
  },
  async countsFor(r, orgId) {
    const rows = await r.selectFrom('secret_references').select(['key']).select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('org_id', '=', orgId).groupBy('key').execute();
    return new Map(rows.map((row) => [row.key, Number(row.n)]));
  },
  async ofOwner(r, ownerType, ownerId) {
    const rows = await r.selectFrom('secret_references').select(['key', 'owner_type', 'owner_id', 'referenced', 'last_read_at'])
      .where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).orderBy('key').execute();
    return rows.map((row) => toRef({ ...row, owner_name: null }));
  },
};
