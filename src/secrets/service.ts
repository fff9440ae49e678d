/**
 * The org's write-only secret store. Values go in through `patch`, are sealed by the barrier and
 * never come back out through this service's public methods — except `reveal`, which only the
 * script runtime calls (audited as a read). Every change is audited in its own transaction.
 */
import type { AuditLog } from '../audit/log.js';
import { type Eager, andThen, eager } from '../eager.js';
import { type Principal, type RequestMeta, orgResource, requirePermission } from '../auth/principal.js';
import { StrongroomError, invalid, notFound } from '../errors.js';
import type { OrgService } from '../orgs/service.js';
import { type ServiceDeps, nowIso, write } from '../services.js';
import type { SecretMetadataRecord, SecretVersionRecord } from '../storage/contracts.js';
import { MAX_VALUE_BYTES, secretKeyProblem } from './key-rules.js';
import type { SecretUsageIndex, SecretUser } from './usage.js';

export interface SecretsConfig {
  /** How many versions of each secret to keep (the current one included). */
  historyVersions: number;
}

export const SECRET_NOT_FOUND = 'secret not found';
/** InfluxDB answers every secrets route of a missing or unreadable org with its router's 404 text. */
export const ORG_PAGE_NOT_FOUND = '404 page not found';

export class SecretService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly orgs: OrgService,
    private readonly audit: AuditLog,
    private readonly usage: SecretUsageIndex,
    private readonly config: SecretsConfig,
  ) {}

  async listKeys(p: Principal, orgId: string): Promise<readonly string[]> {
    return this.listKeysEager(p, orgId);
  }

  /** listKeys, answered in the same tick when the org and its keys are cached (src/eager.ts); throws at once or rejects. */
  listKeysEager(p: Principal, orgId: string): Eager<readonly string[]> {
    return andThen(this.orgs.findReadableEager(p, orgId, ORG_PAGE_NOT_FOUND), () => {
      requirePermission(p, 'read', orgResource('secrets', orgId));
      return eager(this.deps.stores.secrets.listKeys(this.deps.storage.db, orgId));
    });
  }

  async listDetails(p: Principal, orgId: string): Promise<(SecretMetadataRecord & { usedBy: number })[]> {
    await this.orgs.findReadable(p, orgId, ORG_PAGE_NOT_FOUND);
    requirePermission(p, 'read', orgResource('secrets', orgId));
    const { db } = this.deps.storage;
    const [rows, counts] = await Promise.all([this.deps.stores.secrets.listMetadata(db, orgId), this.usage.countsFor(db, orgId)]);
    return rows.map((r) => ({ ...r, usedBy: counts.get(r.key) ?? 0 }));
  }

  async metadata(p: Principal, orgId: string, key: string): Promise<SecretMetadataRecord & { usedBy: SecretUser[] }> {
    await this.orgs.findReadable(p, orgId, ORG_PAGE_NOT_FOUND);
    requirePermission(p, 'read', orgResource('secrets', orgId));
    const { db } = this.deps.storage;
    const m = await this.deps.stores.secrets.metadata(db, orgId, key);
    if (!m) throw notFound(SECRET_NOT_FOUND);
    const users = await this.usage.usersOf(db, orgId, [key]);
    return { ...m, usedBy: users.get(key) ?? [] };
  }

  /**
   * Upserts every pair in one transaction: all keys are checked first, and a bad key or value
   * rejects the whole request with nothing written. Returns the users of keys that were replaced.
   */
  async patch(p: Principal, meta: RequestMeta, orgId: string, pairs: Record<string, string>): Promise<Map<string, SecretUser[]>> {
    await this.orgs.findReadableEager(p, orgId, ORG_PAGE_NOT_FOUND);
    requirePermission(p, 'write', orgResource('secrets', orgId));
    const entries = Object.entries(pairs);
    for (const [key, value] of entries) {
      const problem = secretKeyProblem(key);
      if (problem) throw invalid(`secret key ${JSON.stringify(key)} is invalid: it ${problem}`);
      if (Buffer.byteLength(value, 'utf8') > MAX_VALUE_BYTES) {
        throw new StrongroomError('request too large', `value of secret ${JSON.stringify(key)} is larger than ${MAX_VALUE_BYTES} bytes`);
      }
    }
    if (entries.length === 0) return new Map();
    await write(this.deps, async (tx) => {
      const now = nowIso(this.deps);
      for (const [key, value] of entries) {
        const sealed = await this.deps.barrier.sealValue(tx, orgId, key, value);
        const { version, created } = await this.deps.stores.secrets.put(tx, orgId, key, sealed, p.actor, now, this.config.historyVersions);
        await this.audit.record(tx, { orgId, actor: p.actor, action: created ? 'create' : 'replace', key, version, meta });
      }
    });
    return this.usage.usersOf(this.deps.storage.db, orgId, entries.map(([k]) => k));
  }

  /** Deletes keys (missing ones are ignored, as InfluxDB); returns the users of deleted keys. */
  async delete(p: Principal, meta: RequestMeta, orgId: string, keys: string[]): Promise<Map<string, SecretUser[]>> {
    await this.orgs.findReadable(p, orgId, ORG_PAGE_NOT_FOUND);
    requirePermission(p, 'write', orgResource('secrets', orgId));
    if (keys.length === 0) return new Map();
    const users = await this.usage.usersOf(this.deps.storage.db, orgId, keys);
    await write(this.deps, async (tx) => {
      const unique = [...new Set(keys)];
      const deleted = await this.deps.stores.secrets.delete(tx, orgId, unique);
      // Audit in the caller's order: the database returns the rows in an order of its choosing.
      deleted.sort((a, b) => unique.indexOf(a.key) - unique.indexOf(b.key));
      for (const d of deleted) await this.audit.record(tx, { orgId, actor: p.actor, action: 'delete', key: d.key, version: d.version, meta });
    });
    return users;
  }

  async versions(p: Principal, orgId: string, key: string): Promise<(SecretVersionRecord & { current: boolean })[]> {
    await this.orgs.findReadable(p, orgId, ORG_PAGE_NOT_FOUND);
    requirePermission(p, 'read', orgResource('secrets', orgId));
    const { db } = this.deps.storage;
    const m = await this.deps.stores.secrets.metadata(db, orgId, key);
    if (!m) throw notFound(SECRET_NOT_FOUND);
    const versions = await this.deps.stores.secrets.versions(db, orgId, key);
    return versions.map((v) => ({ ...v, current: v.version === m.currentVersion }));
  }

  /** Makes a kept version current again. */
  async restore(p: Principal, meta: RequestMeta, orgId: string, key: string, version: number): Promise<SecretMetadataRecord> {
    await this.orgs.findReadable(p, orgId, ORG_PAGE_NOT_FOUND);
    requirePermission(p, 'write', orgResource('secrets', orgId));
    // The answer is the metadata as this transaction left it: a concurrent delete of the key
    // cannot turn it into a missing record.
    return write(this.deps, async (tx) => {
      const m = await this.deps.stores.secrets.metadata(tx, orgId, key);
      if (!m) throw notFound(SECRET_NOT_FOUND);
      const kept = await this.deps.stores.secrets.ciphertext(tx, orgId, key, version);
      if (!kept) throw notFound(`version ${version} of secret ${JSON.stringify(key)} is not kept`);
      await this.deps.stores.secrets.setCurrent(tx, orgId, key, version, p.actor, nowIso(this.deps));
      await this.audit.record(tx, { orgId, actor: p.actor, action: 'restore', key, version, meta });
      return (await this.deps.stores.secrets.metadata(tx, orgId, key))!;
    });
  }

  /**
   * The plaintext of a secret, for the script runtime only (never for an API response). Needs
   * read permission on the org's secrets; the read is audited before the value is returned.
   */
  async reveal(p: Principal, meta: RequestMeta, orgId: string, key: string): Promise<string> {
    requirePermission(p, 'read', orgResource('secrets', orgId));
    const { db } = this.deps.storage;
    const row = await this.deps.stores.secrets.ciphertext(db, orgId, key);
    if (!row) throw notFound(SECRET_NOT_FOUND);
    const value = await this.deps.barrier.openValue(db, orgId, key, row.ciphertext);
    await write(this.deps, (tx) => this.audit.record(tx, { orgId, actor: p.actor, action: 'read', key, version: row.version, meta }));
    return value;
  }
}
