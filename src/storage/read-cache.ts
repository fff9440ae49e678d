/**
 * Serves the reads every request repeats — the token behind the request, the org it names, the
 * org's key list — from memory while the database has not changed, and never longer.
 *
 * "Not changed" is the database's own word for it: SQLite's `PRAGMA data_version` on the read
 * connection changes whenever any other connection (this process's writer, or another process)
 * commits. The whole cache is dropped on the first read after any commit, so a revoked token, a
 * deleted org or a new key is seen by the very next request, exactly as without the cache. Where
 * the database offers no such counter (PostgreSQL shared by several instances), nothing is cached.
 *
 * Only reads on the database handle are cached; reads inside a transaction see that transaction.
 * Cached values are frozen, so no caller can alter what the next one sees.
 */
import type { Reader, Stores } from './contracts.js';

export class ReadCache {
  private readonly entries = new Map<string, unknown>();
  private seen: number;

  /** `changeCounter`: a number that differs after every commit to the database. */
  constructor(private readonly changeCounter: () => number, private readonly maxEntries = 10_000) {
    this.seen = changeCounter();
  }

  /**
   * The cached value of `key`, or `load()`'s (cached unless undefined). The counter is read
   * before loading and the value kept only if it still holds, so a value is never filed under a
   * state of the database older than the one it was read from.
   */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.changeCounter();
    if (now !== this.seen) {
      this.entries.clear();
      this.seen = now;
    } else if (this.entries.has(key)) {
      return this.entries.get(key) as T;
    }
    const value = await load();
    if (value !== undefined && this.seen === now) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, deepFreeze(value));
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
      findByTokenHashWithUser: (r, hash) => (r === db ? cache.get(`token:${hash}`, () => authorizations.findByTokenHashWithUser(r, hash)) : authorizations.findByTokenHashWithUser(r, hash)),
    },
    orgs: {
      ...orgs,
      findById: (r, id) => (r === db ? cache.get(`org:${id}`, () => orgs.findById(r, id)) : orgs.findById(r, id)),
    },
    secrets: {
      ...secrets,
      listKeys: (r, orgId) => (r === db ? cache.get(`keys:${orgId}`, () => secrets.listKeys(r, orgId)) : secrets.listKeys(r, orgId)),
    },
  };
}
