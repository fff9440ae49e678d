/**
 * Organizations and their members. An org the principal may not read answers "not found", as in
 * InfluxDB, so tokens cannot probe which org IDs exist.
 */
import { type Eager, andThen } from '../eager.js';
import { type Principal, canReadOrg, requirePermission } from '../auth/principal.js';
import { conflict, notFound } from '../errors.js';
import { isId, newId } from '../ids.js';
import { type ServiceDeps, nowIso, write } from '../services.js';
import type { OrgRecord, Tx } from '../storage/contracts.js';
import { checkName } from './names.js';

export const ORG_NOT_FOUND = 'organization not found';

export class OrgService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The org if it exists and the principal may read it; otherwise InfluxDB's 404 `404 page not found`... or our message. */
  async findReadable(p: Principal, orgId: string, message = ORG_NOT_FOUND): Promise<OrgRecord> {
    return this.findReadableEager(p, orgId, message);
  }

  /** findReadable, answered in the same tick when the org is cached (src/eager.ts); throws at once or rejects. */
  findReadableEager(p: Principal, orgId: string, message = ORG_NOT_FOUND): Eager<OrgRecord> {
    if (!canReadOrg(p, orgId)) throw notFound(message);
    return andThen(this.deps.stores.orgs.findById(this.deps.storage.db, orgId), (org) => {
      if (!org) throw notFound(message);
      return org;
    });
  }

  async list(p: Principal, filter: { name?: string; id?: string }): Promise<OrgRecord[]> {
    const all = await this.deps.stores.orgs.list(this.deps.storage.db, filter);
    return all.filter((o) => canReadOrg(p, o.id));
  }

  /** Resolves `org` (name) or `orgID` as InfluxDB's query parameters do. */
  async resolve(p: Principal, ref: { orgID?: string; org?: string }): Promise<OrgRecord> {
    if (ref.orgID !== undefined) return this.findReadable(p, ref.orgID);
    if (ref.org !== undefined) {
      // Like InfluxDB's write and query endpoints, `org` may also hold the org's ID (the official clients send either).
      const org = (await this.deps.stores.orgs.findByName(this.deps.storage.db, ref.org))
        ?? (isId(ref.org.toLowerCase()) ? await this.deps.stores.orgs.findById(this.deps.storage.db, ref.org.toLowerCase()) : undefined);
      if (!org || !canReadOrg(p, org.id)) throw notFound(`organization name "${ref.org}" not found`);
      return org;
    }
    throw notFound('organization not found: give org or orgID');
  }

  async create(p: Principal, input: { name: unknown; description?: unknown }): Promise<OrgRecord> {
    requirePermission(p, 'write', { type: 'orgs' });
    const name = checkName('org', input.name);
    const now = nowIso(this.deps);
    const org: OrgRecord = { id: newId(), name, description: typeof input.description === 'string' ? input.description : '', createdAt: now, updatedAt: now };
    await write(this.deps, async (tx) => {
      await this.insertOrg(tx, org);
      await this.deps.stores.users.addMember(tx, { orgId: org.id, userId: p.userId, role: 'owner' }, now);
    });
    return org;
  }

  /** Inserts an org with its first data key; the caller's transaction decides what else commits with it. */
  async insertOrg(tx: Tx, org: OrgRecord): Promise<void> {
    if (await this.deps.stores.orgs.findByName(tx, org.name)) throw conflict(`organization with name ${org.name} already exists`);
    await this.deps.stores.orgs.insert(tx, org);
    await this.deps.barrier.createOrgKey(tx, org.id);
  }

  async update(p: Principal, orgId: string, patch: { name?: unknown; description?: unknown }): Promise<OrgRecord> {
    await this.findReadable(p, orgId);
    requirePermission(p, 'write', { type: 'orgs', id: orgId });
    const name = patch.name === undefined ? undefined : checkName('org', patch.name);
    const description = typeof patch.description === 'string' ? patch.description : undefined;
    // The answer is read in the write's own transaction: a delete of the org by a concurrent
    // request is then a 404 with nothing written, not a record that is no longer there.
    return write(this.deps, async (tx) => {
      if (name !== undefined) {
        const other = await this.deps.stores.orgs.findByName(tx, name);
        if (other && other.id !== orgId) throw conflict(`organization with name ${name} already exists`);
      }
      await this.deps.stores.orgs.update(tx, orgId, { ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}), updatedAt: nowIso(this.deps) });
      const updated = await this.deps.stores.orgs.findById(tx, orgId);
      if (!updated) throw notFound(ORG_NOT_FOUND);
      return updated;
    });
  }

  async delete(p: Principal, orgId: string): Promise<void> {
    await this.findReadable(p, orgId);
    requirePermission(p, 'write', { type: 'orgs', id: orgId });
    await write(this.deps, (tx) => this.deps.stores.orgs.delete(tx, orgId));
  }

  async members(p: Principal, orgId: string, role?: 'owner' | 'member') {
    await this.findReadable(p, orgId);
    requirePermission(p, 'read', { type: 'users', orgID: orgId });
    return this.deps.stores.users.members(this.deps.storage.db, orgId, role);
  }

  async addMember(p: Principal, orgId: string, userId: string, role: 'owner' | 'member') {
    await this.findReadable(p, orgId);
    requirePermission(p, 'write', { type: 'orgs', id: orgId });
    const user = await this.deps.stores.users.findById(this.deps.storage.db, userId);
    if (!user) throw notFound('user not found');
    await write(this.deps, (tx) => this.deps.stores.users.addMember(tx, { orgId, userId, role }, nowIso(this.deps)));
    return user;
  }

  async removeMember(p: Principal, orgId: string, userId: string) {
    await this.findReadable(p, orgId);
    requirePermission(p, 'write', { type: 'orgs', id: orgId });
    await write(this.deps, (tx) => this.deps.stores.users.removeMember(tx, orgId, userId));
  }
}
