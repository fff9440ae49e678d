/** Secret metadata, sealed versions, the keyring's wrapped keys and the audit trail on Kysely. */
import type { Actor, AuditEventRecord, AuditStore, KeyringStore, SecretMetadataRecord, SecretStore } from '../contracts.js';
import type { Selectable } from 'kysely';
import { prepared } from '../prepared.js';
import type { AuditEventRow, SecretRow } from '../schema.js';

// The statements of listing keys and of every durable write, compiled once (src/storage/prepared.ts).
const keysOfOrg = prepared<{ orgId: string }, { key: string }>((db, $) => db.selectFrom('secrets').select('key').where('org_id', '=', $('orgId')));
const metadataOf = prepared<{ orgId: string; key: string }, SecretRow>((db, $) =>
  db.selectFrom('secrets').selectAll().where('org_id', '=', $('orgId')).where('key', '=', $('key')));
const currentCiphertext = prepared<{ orgId: string; key: string }, { version: number; ciphertext: Buffer }>((db, $) =>
  db.selectFrom('secrets').innerJoin('secret_versions', (j) => j.onRef('secret_versions.org_id', '=', 'secrets.org_id')
    .onRef('secret_versions.key', '=', 'secrets.key').onRef('secret_versions.version', '=', 'secrets.current_version'))
    .select(['secret_versions.version', 'secret_versions.ciphertext'])
    .where('secrets.org_id', '=', $('orgId')).where('secrets.key', '=', $('key')));
type PutParams = { orgId: string; key: string; now: string; type: string; id: string; name: string };
const upsertSecret = prepared<PutParams, { latest_version: number }>((db, $) =>
  // One upsert numbers the version: 1 for a new key (deleting a key removes its row), else latest + 1.
  db.insertInto('secrets').values({
    org_id: $('orgId'), key: $('key'), current_version: 1, latest_version: 1, created_at: $('now'), updated_at: $('now'),
    updated_by_type: $('type'), updated_by_id: $('id'), updated_by_name: $('name'),
  }).onConflict((oc) => oc.columns(['org_id', 'key']).doUpdateSet((eb) => ({
    current_version: eb('secrets.latest_version', '+', 1), latest_version: eb('secrets.latest_version', '+', 1), updated_at: $('now'),
    updated_by_type: $('type'), updated_by_id: $('id'), updated_by_name: $('name'),
  }))).returning('latest_version'));
const insertVersion = prepared<PutParams & { version: number; ciphertext: Buffer }, never>((db, $) =>
  db.insertInto('secret_versions').values({
    org_id: $('orgId'), key: $('key'), version: $('version'), ciphertext: $('ciphertext'), created_at: $('now'),
    created_by_type: $('type'), created_by_id: $('id'), created_by_name: $('name'),
  }));
const pruneVersions = prepared<{ orgId: string; key: string; upTo: number }, never>((db, $) =>
  db.deleteFrom('secret_versions').where('org_id', '=', $('orgId')).where('key', '=', $('key')).where('version', '<=', $('upTo')));
const dataKeyOf = prepared<{ orgId: string; term: number }, { wrapped: Buffer }>((db, $) =>
  db.selectFrom('data_keys').select('wrapped').where('org_id', '=', $('orgId')).where('term', '=', $('term')));
const latestDataKeyOf = prepared<{ orgId: string }, { term: number; wrapped: Buffer }>((db, $) =>
  db.selectFrom('data_keys').select(['term', 'wrapped']).where('org_id', '=', $('orgId')).orderBy('term', 'desc').limit(1));
type AuditParams = Omit<AuditEventRow, 'seq'>;
const appendAudit = prepared<AuditParams, never>((db, $) => db.insertInto('audit_events').values({
  id: $('id'), time: $('time'), org_id: $('org_id'), actor_type: $('actor_type'), actor_id: $('actor_id'), actor_name: $('actor_name'),
  action: $('action'), key: $('key'), version: $('version'), request_id: $('request_id'), remote_address: $('remote_address'),
}).onConflict((oc) => oc.column('id').doNothing()));

const actorOf = (type: string, id: string, name: string): Actor => ({ type: type as Actor['type'], id, name });
const toMetadata = (r: SecretRow): SecretMetadataRecord => ({
  orgId: r.org_id, key: r.key, currentVersion: Number(r.current_version), latestVersion: Number(r.latest_version),
  createdAt: r.created_at, updatedAt: r.updated_at, updatedBy: actorOf(r.updated_by_type, r.updated_by_id, r.updated_by_name),
});
/**
 * Orders strings as their UTF-8 bytes, which is code point order, as InfluxDB's bolt store returns
 * keys (database collations differ). JavaScript compares UTF-16 code units, which agrees except
 * between a surrogate (U+D800–DFFF, half of a code point above U+FFFF) and U+E000–FFFF; those
 * two ranges are swapped before comparing. No encoding, so sorting 100 keys stays cheap.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

function sortByKeyBytes<T>(items: T[], keyOf: (item: T) => string): T[] {
  return items.sort((a, b) => compareUtf8(keyOf(a), keyOf(b)));
}

export const secretStore: SecretStore = {
  async listKeys(r, orgId) {
    const keys = await keysOfOrg.column(r, { orgId });
    return keys.sort(compareUtf8);
  },
  async listMetadata(r, orgId) {
    const rows = await r.selectFrom('secrets').selectAll().where('org_id', '=', orgId).execute();
    return sortByKeyBytes(rows.map(toMetadata), (m) => m.key);
  },
  async metadata(r, orgId, key) {
    const row = await metadataOf.first(r, { orgId, key });
    return row && toMetadata(row);
  },
  async ciphertext(r, orgId, key, version) {
    const row = version === undefined
      ? await currentCiphertext.first(r, { orgId, key })
      : await r.selectFrom('secret_versions').select(['version', 'ciphertext'])
        .where('org_id', '=', orgId).where('key', '=', key).where('version', '=', version).executeTakeFirst();
    return row && { version: Number(row.version), ciphertext: Buffer.from(row.ciphertext) };
  },
  async put(tx, orgId, key, ciphertext, actor, now, keep) {
    const params: PutParams = { orgId, key, now, type: actor.type, id: actor.id, name: actor.name };
    const row = (await upsertSecret.first(tx, params))!;
    const version = Number(row.latest_version);
    await insertVersion.run(tx, { ...params, version, ciphertext });
    if (version > keep) await pruneVersions.run(tx, { orgId, key, upTo: version - keep });
    return { version, created: version === 1 };
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
    const row = await dataKeyOf.first(r, { orgId, term });
    return row && Buffer.from(row.wrapped);
  },
  async latestDataKey(r, orgId) {
    const row = await latestDataKeyOf.first(r, { orgId });
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
    const { changes } = await appendAudit.run(tx, {
      id: e.id, time: e.time, org_id: e.orgId, actor_type: e.actor.type, actor_id: e.actor.id, actor_name: e.actor.name,
      action: e.action, key: e.key, version: e.version, request_id: e.requestId, remote_address: e.remoteAddress,
    });
    return changes === 1;
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
