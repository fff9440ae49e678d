/** Secret metadata, sealed versions, the keyring's wrapped keys and the audit trail on Kysely. */
import type { Actor, AuditEventRecord, AuditStore, KeyringStore, SecretMetadataRecord, SecretStore } from '../contracts.js';
import type { Selectable } from 'kysely';
import type { AuditEventRow, SecretRow } from '../schema.js';

const actorOf = (type: string, id: string, name: string): Actor => ({ type: type as Actor['type'], id, name });
const toMetadata = (r: SecretRow): SecretMetadataRecord => ({
  orgId: r.org_id, key: r.key, currentVersion: Number(r.current_version), latestVersion: Number(r.latest_version),
  createdAt: r.created_at, updatedAt: r.updated_at, updatedBy: actorOf(r.updated_by_type, r.updated_by_id, r.updated_by_name),
});
/** Sorts by the UTF-8 bytes of `keyOf(item)`, as InfluxDB's bolt store returns keys (collations differ per database). */
function sortByKeyBytes<T>(items: T[], keyOf: (item: T) => string): T[] {
  // Each key is encoded once, not once per comparison.
  return items.map((item) => ({ item, bytes: Buffer.from(keyOf(item)) })).sort((a, b) => Buffer.compare(a.bytes, b.bytes)).map((x) => x.item);
}

export const secretStore: SecretStore = {
  async listKeys(r, orgId) {
    const rows = await r.selectFrom('secrets').select('key').where('org_id', '=', orgId).execute();
    return sortByKeyBytes(rows.map((row) => row.key), (k) => k);
  },
  async listMetadata(r, orgId) {
    const rows = await r.selectFrom('secrets').selectAll().where('org_id', '=', orgId).execute();
    return sortByKeyBytes(rows.map(toMetadata), (m) => m.key);
  },
  async metadata(r, orgId, key) {
    const row = await r.selectFrom('secrets').selectAll().where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
    return row && toMetadata(row);
  },
  async ciphertext(r, orgId, key, version) {
    const row = version === undefined
      ? await r.selectFrom('secrets').innerJoin('secret_versions', (j) => j.onRef('secret_versions.org_id', '=', 'secrets.org_id')
        .onRef('secret_versions.key', '=', 'secrets.key').onRef('secret_versions.version', '=', 'secrets.current_version'))
        .select(['secret_versions.version', 'secret_versions.ciphertext'])
        .where('secrets.org_id', '=', orgId).where('secrets.key', '=', key).executeTakeFirst()
      : await r.selectFrom('secret_versions').select(['version', 'ciphertext'])
        .where('org_id', '=', orgId).where('key', '=', key).where('version', '=', version).executeTakeFirst();
    return row && { version: Number(row.version), ciphertext: Buffer.from(row.ciphertext) };
  },
  async put(tx, orgId, key, ciphertext, actor, now, keep) {
    // One upsert numbers the version: 1 for a new key (deleting a key removes its row), else latest + 1.
    const by = { updated_by_type: actor.type, updated_by_id: actor.id, updated_by_name: actor.name };
    const row = await tx.insertInto('secrets').values({ org_id: orgId, key, current_version: 1, latest_version: 1, created_at: now, updated_at: now, ...by })
      .onConflict((oc) => oc.columns(['org_id', 'key']).doUpdateSet((eb) => ({
        current_version: eb('secrets.latest_version', '+', 1), latest_version: eb('secrets.latest_version', '+', 1), updated_at: now, ...by,
      })))
      .returning('latest_version').executeTakeFirstOrThrow();
    const version = Number(row.latest_version);
    const existing = version > 1;
    await tx.insertInto('secret_versions').values({
      org_id: orgId, key, version, ciphertext, created_at: now, created_by_type: actor.type, created_by_id: actor.id, created_by_name: actor.name,
    }).execute();
    if (version > keep) {
      await tx.deleteFrom('secret_versions').where('org_id', '=', orgId).where('key', '=', key).where('version', '<=', version - keep).execute();
    }
    return { version, created: !existing };
  },
  async delete(tx, orgId, keys) {
    if (keys.length === 0) return [];
    const rows = await tx.selectFrom('secrets').select(['key', 'current_version']).where('org_id', '=', orgId).where('key', 'in', keys).execute();
    if (rows.length === 0) return [];
    const found = rows.map((r) => r.key);
    await tx.deleteFrom('secret_versions').where('org_id', '=', orgId).where('key', 'in', found).execute();
    await tx.deleteFrom('secrets').where('org_id', '=', orgId).where('key', 'in', found).execute();
    return rows.map((r) => ({ key: r.key, version: Number(r.current_version) }));
  },
  async versions(r, orgId, key) {
    const rows = await r.selectFrom('secret_versions').select(['version', 'created_at', 'created_by_type', 'created_by_id', 'created_by_name'])
      .where('org_id', '=', orgId).where('key', '=', key).orderBy('version', 'desc').execute();
    return rows.map((row) => ({ version: Number(row.version), createdAt: row.created_at, createdBy: actorOf(row.created_by_type, row.created_by_id, row.created_by_name) }));
  },
  async setCurrent(tx, orgId, key, version, actor, now) {
    await tx.updateTable('secrets').set({
      current_version: version, updated_at: now, updated_by_type: actor.type, updated_by_id: actor.id, updated_by_name: actor.name,
    }).where('org_id', '=', orgId).where('key', '=', key).execute();
  },
};

export const keyringStore: KeyringStore = {
  async getMasterCheck(r) {
    const row = await r.selectFrom('master_key_check').select('sealed').where('id', '=', 1).executeTakeFirst();
    return row && Buffer.from(row.sealed);
  },
  async initMasterCheck(tx, sealed, createdAt) {
    await tx.insertInto('master_key_check').values({ id: 1, sealed, created_at: createdAt }).onConflict((oc) => oc.column('id').doNothing()).execute();
    const row = await tx.selectFrom('master_key_check').select('sealed').where('id', '=', 1).executeTakeFirstOrThrow();
    return Buffer.from(row.sealed);
  },
  async replaceMasterCheck(tx, sealed) {
    await tx.updateTable('master_key_check').set({ sealed }).where('id', '=', 1).execute();
  },
  async dataKey(r, orgId, term) {
    const row = await r.selectFrom('data_keys').select('wrapped').where('org_id', '=', orgId).where('term', '=', term).executeTakeFirst();
    return row && Buffer.from(row.wrapped);
  },
  async latestDataKey(r, orgId) {
    const row = await r.selectFrom('data_keys').select(['term', 'wrapped']).where('org_id', '=', orgId).orderBy('term', 'desc').limit(1).executeTakeFirst();
    return row && { term: Number(row.term), wrapped: Buffer.from(row.wrapped) };
  },
  async insertDataKey(tx, orgId, term, wrapped, createdAt) {
    const res = await tx.insertInto('data_keys').values({ org_id: orgId, term, wrapped, created_at: createdAt })
      .onConflict((oc) => oc.columns(['org_id', 'term']).doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
  },
  async allDataKeys(r) {
    const rows = await r.selectFrom('data_keys').select(['org_id', 'term', 'wrapped']).orderBy('org_id').orderBy('term').execute();
    return rows.map((row) => ({ orgId: row.org_id, term: Number(row.term), wrapped: Buffer.from(row.wrapped) }));
  },
  async rewrapDataKey(tx, orgId, term, wrapped) {
    await tx.updateTable('data_keys').set({ wrapped }).where('org_id', '=', orgId).where('term', '=', term).execute();
  },
};

const toAudit = (r: Selectable<AuditEventRow>): AuditEventRecord => ({
  id: r.id, time: r.time, orgId: r.org_id, actor: actorOf(r.actor_type, r.actor_id, r.actor_name), action: r.action as AuditEventRecord['action'],
  key: r.key, version: r.version === null ? null : Number(r.version), requestId: r.request_id, remoteAddress: r.remote_address,
});

export const auditStore: AuditStore = {
  async append(tx, e) {
    await tx.insertInto('audit_events').values({
      id: e.id, time: e.time, org_id: e.orgId, actor_type: e.actor.type, actor_id: e.actor.id, actor_name: e.actor.name,
      action: e.action, key: e.key, version: e.version, request_id: e.requestId, remote_address: e.remoteAddress,
    }).execute();
  },
  async query(r, q) {
    let sel = r.selectFrom('audit_events').selectAll().where('org_id', '=', q.orgId);
    if (q.key !== undefined) sel = sel.where('key', '=', q.key);
    if (q.action !== undefined) sel = sel.where('action', '=', q.action);
    if (q.actor !== undefined) sel = sel.where((eb) => eb.or([eb('actor_id', '=', q.actor!), eb('actor_name', '=', q.actor!)]));
    if (q.after !== undefined) sel = sel.where('time', '>', q.after);
    const rows = await sel.orderBy('seq', 'desc').limit(q.limit).execute();
    return rows.map(toAudit);
  },
};
