/**
 * Serves the reads every request repeats — the token behind the request, the org it names, the
 * org's key list — from memory while the tables they come from have not changed, and never longer.
 *
 * Each entry is stamped with the change stamp of its tables (src/storage/change-tracker.ts: this
 * process's commits table by table, before their writers hear back; other processes' commits on
 * the same file within a millisecond). A revoked token, a deleted org or a new key is seen by the
 * very next request, exactly as without the cache; writing a secret leaves the cached tokens be.
 * Where the database offers no such tracking (PostgreSQL shared by several instances), nothing
 * is cached.
 *
 * Only reads on the database handle are cached; reads inside a transaction see that transaction.
 * Cached values are frozen, so no caller can alter what the next one sees.
 */
import type { Reader, Stores } from './contracts.js';

/** What a cache entry's stamp comes from: a number that moves whenever one of `tables` may have changed. */
export interface ChangeStamps {
  stamp(tables: readonly string[]): number;
}

export class ReadCache {
  private readonly entries = new Map<string, { stamp: number; value: unknown }>();

  constructor(private readonly changes: ChangeStamps, private readonly maxEntries = 10_000) {}

  /**
   * The cached value of `key` (read from `tables`), or `load()`'s, cached unless undefined. The
   * stamp is taken before loading, so a value is never filed under a state of the database older
   * than the one it was read from.
   */
  async get<T>(key: string, tables: readonly string[], load: () => Promise<T>): Promise<T> {
    const stamp = this.changes.stamp(tables);
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp) return hit.value as T;
    const value = await load();
    if (value === undefined) {
      this.entries.delete(key);
    } else {
      if (!hit && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { stamp, value: deepFreeze(value) });
    }
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** `stores` with the per-request reads on `db` answered by `cache`. */
export function withReadCache(stores: Stores, db: Reader, cache: ReadCache): Stores {
  const { authorizations, orgs, secrets } = stores;
  return {
    ...stores,
    authorizations: {
      ...authorizations,
      findByTokenHashWithUser: (r, hash) => (r === db ? cache.get(`token:${hash}`, ['authorizations', 'users'], () => authorizations.findByTokenHashWithUser(r, hash)) : authorizations.findByTokenHashWithUser(r, hash)),
    },
    orgs: {
      ...orgs,
      findById: (r, id) => (r === db ? cache.get(`org:${id}`, ['orgs'], () => orgs.findById(r, id)) : orgs.findById(r, id)),
    },
    secrets: {
      ...secrets,
      listKeys: (r, orgId) => (r === db ? cache.get(`keys:${orgId}`, ['secrets'], () => secrets.listKeys(r, orgId)) : secrets.listKeys(r, orgId)),
    },
  };
}
