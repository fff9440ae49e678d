/**
 * Key rotation without downtime, for operators (a global `write:orgs` permission):
 *  - `rotate` adds a data-key term to every org; new writes use it, old terms stay readable;
 *  - `rewrap` re-wraps every data key (and the master-key check) under a new master key in one
 *    transaction; this process switches to the new key inside that transaction, so everything
 *    committed after it is wrapped under the new key. The next start needs the new key.
 *  - `status` lists the terms per org, never key material.
 * Rewrap also takes the current master key, as proof of possession: an operator token alone
 * must not be enough to put the keyring under a key of the caller's choosing.
 */
import { type Principal, requirePermission } from '../auth/principal.js';
import { invalid, unauthorized } from '../errors.js';
import { type ServiceDeps, write } from '../services.js';
import { lockDataKeysForRewrap } from '../storage/keyring-lock.js';

export interface KeyringStatus {
  orgs: { orgID: string; name: string; terms: number[]; activeTerm: number }[];
  dataKeys: number;
}

export class KeyringService {
  constructor(private readonly deps: ServiceDeps) {}

  async status(p: Principal): Promise<KeyringStatus> {
    requireOperator(p);
    const db = this.deps.storage.db;
    const [orgs, keys] = await Promise.all([this.deps.stores.orgs.list(db), this.deps.stores.keyring.allDataKeys(db)]);
    const termsByOrg = new Map<string, number[]>();
    for (const k of keys) termsByOrg.set(k.orgId, [...(termsByOrg.get(k.orgId) ?? []), k.term]);
    return {
      orgs: orgs.map((o) => {
        const terms = (termsByOrg.get(o.id) ?? []).sort((a, b) => a - b);
        return { orgID: o.id, name: o.name, terms, activeTerm: terms.at(-1) ?? 0 };
      }),
      dataKeys: keys.length,
    };
  }

  /** Adds a new data-key term to every org. Returns how many orgs rotated. */
  async rotate(p: Principal): Promise<{ rotatedOrgs: number }> {
    requireOperator(p);
    const rotatedOrgs = await write(this.deps, async (tx) => {
      const orgs = await this.deps.stores.orgs.list(tx);
      return this.deps.barrier.rotateDataKeys(tx, orgs.map((o) => o.id));
    });
    return { rotatedOrgs };
  }

  /** Re-wraps every data key under `newKey`; `currentKey` must be the master key in use. */
  async rewrap(p: Principal, currentKey: Buffer, newKey: Buffer): Promise<{ rewrappedDataKeys: number }> {
    requireOperator(p);
    const barrier = this.deps.barrier;
    if (!barrier.isCurrentMasterKey(currentKey)) throw unauthorized('currentMasterKey is not the master key this server uses');
    if (barrier.isCurrentMasterKey(newKey)) throw invalid('newMasterKey must differ from the current master key');
    let switched = false;
    try {
      const rewrappedDataKeys = await write(this.deps, async (tx) => {
        await lockDataKeysForRewrap(tx, this.deps.storage.dialect);
        // Checked again in the transaction: a concurrent rewrap may have switched keys meanwhile.
        if (!barrier.isCurrentMasterKey(currentKey)) throw unauthorized('currentMasterKey is not the master key this server uses');
        const n = await barrier.rewrapAll(tx, newKey);
        barrier.useMasterKey(newKey);
        switched = true;
        return n;
      });
      return { rewrappedDataKeys };
    } catch (e) {
      // The transaction did not commit: the store is still wrapped under the current key.
      if (switched) barrier.useMasterKey(currentKey);
      throw e;
    }
  }
}

/** Operators hold a global `write:orgs` (or an `instance`) permission. */
export function requireOperator(p: Principal): void {
  requirePermission(p, 'write', { type: 'orgs' });
}
