/**
 * The audit trail. Records are written inside the transaction of the change they describe, so
 * if the record cannot be written the change does not happen either (fail-closed). A record
 * names the actor, action, key and version — never a value.
 */
import { type Principal, type RequestMeta, canReadOrg, requirePermission } from '../auth/principal.js';
import { StrongroomError, invalid, notFound } from '../errors.js';
import { newOrderedId } from '../ids.js';
import { type ServiceDeps, nowIso } from '../services.js';
import type { Actor, AuditEventRecord, Tx } from '../storage/contracts.js';

export type AuditAction = AuditEventRecord['action'];
export const AUDIT_ACTIONS: readonly AuditAction[] = ['create', 'replace', 'delete', 'restore', 'read'];

export const UNRECORDED = 'could not record the audit event, so nothing was changed; try again';

/** Attempts at a free audit ID before giving up (each taken one means a concurrent instance). */
const MAX_ID_ATTEMPTS = 8;

export class AuditLog {
  /** `nextId`: where audit IDs come from (tests force collisions through it). */
  constructor(private readonly deps: ServiceDeps, private readonly nextId: () => string = newOrderedId) {}

  async record(tx: Tx, e: { orgId: string; actor: Actor; action: AuditAction; key: string; version: number | null; meta: RequestMeta }): Promise<void> {
    const time = nowIso(this.deps);
    // Time-ordered IDs (see newOrderedId): another instance may have taken this one in the same
    // millisecond, and then the next is free. Without a record, the change does not happen.
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      let appended: boolean;
      try {
        appended = await this.deps.stores.audit.append(tx, {
          id: this.nextId(), time, orgId: e.orgId, actor: e.actor, action: e.action, key: e.key, version: e.version,
          requestId: e.meta.requestId, remoteAddress: e.meta.remoteAddress,
        });
      } catch (cause) {
        // The store refused the record (full disk, a broken table): the caller's transaction
        // rolls back, and the client learns that nothing changed and that it may retry.
        throw new StrongroomError('unavailable', UNRECORDED, { cause });
      }
      if (appended) return;
    }
    throw new StrongroomError('unavailable', UNRECORDED);
  }

  /** For org owners and operators (write permission on the org itself). */
  async query(p: Principal, orgId: string, q: { key?: string; actor?: string; action?: string; after?: string; limit?: string }): Promise<AuditEventRecord[]> {
    if (!canReadOrg(p, orgId)) throw notFound('organization not found');
    requirePermission(p, 'write', { type: 'orgs', id: orgId });
    if (q.action !== undefined && !AUDIT_ACTIONS.includes(q.action as AuditAction)) throw invalid(`action must be one of ${AUDIT_ACTIONS.join(', ')}`);
    let after: string | undefined;
    if (q.after !== undefined) {
      const t = new Date(q.after);
      if (Number.isNaN(t.getTime())) throw invalid(`after ${JSON.stringify(q.after)} is not an RFC 3339 time`);
      after = t.toISOString();
    }
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('limit must be an integer from 1 to 1000');
    return this.deps.stores.audit.query(this.deps.storage.db, {
      orgId, limit, ...(q.key !== undefined ? { key: q.key } : {}), ...(q.actor !== undefined ? { actor: q.actor } : {}),
      ...(q.action !== undefined ? { action: q.action } : {}), ...(after !== undefined ? { after } : {}),
    });
  }
}
