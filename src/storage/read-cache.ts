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
 * Reads inside a write transaction use the cache only for tables that transaction has not written.
 * Cached values are frozen, so no caller can alter what the next one sees.
 */
import type { Reader, Stores } from './contracts.js';

/** What a cache entry's stamp comes from: a number that moves whenever one of `tables` may have changed. */
export interface ChangeStamps {
  stamp(tables: readonly string[]): number;
}

/** The change tracking the cached stores need (src/storage/change-tracker.ts). */
export interface CacheableReads extends ChangeStamps {
  seesCommitted(r: object, tables: readonly string[]): boolean;
}

export class ReadCache {
  private readonly entries = new Map<string, { stamp: number; value: unknown; weight: number }>();
  private weight = 0;

  /**
   * `maxWeight` bounds what the cache holds: an entry weighs 1, plus the length of an array
   * (a key list of 10,000 keys weighs 10,001), so many large orgs cannot grow it without limit.
   */
  constructor(private readonly changes: ChangeStamps, private readonly maxWeight = 200_000) {}

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
    this.drop(key);
    if (value !== undefined) {
      const weight = 1 + (Array.isArray(value) ? value.length : 0);
      if (weight > this.maxWeight) return value;
      while (this.weight + weight > this.maxWeight) this.drop(this.entries.keys().next().value!);
      this.entries.set(key, { stamp, value: deepFreeze(value), weight });
      this.weight += weight;
    }
    return value;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.weight -= e.weight;
  }
}

/** Freezes records and arrays all the way down (bytes cannot be frozen; no caller writes to them). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** `stores` with the per-request reads (and a write's data-key lookup) answered by `cache` where `changes` allows. */
export function withReadCache(stores: Stores, changes: CacheableReads, cache: ReadCache): Stores {
  const { authorizations, orgs, secrets, keyring, secretReferences } = stores;
  /** `read`, through the cache when `r` sees just what is committed of `tables`. */
  function cached<T>(r: Reader, key: string, tables: readonly string[], read: () => Promise<T>): Promise<T> {
    return changes.seesCommitted(r, tables) ? cache.get(key, tables, read) : read();
  }
  const AUTH = ['authorizations', 'users'];
  const ORGS = ['orgs'];
  const SECRETS = ['secrets'];
  const DATA_KEYS = ['data_keys'];
  const REFERENCES = ['secret_references', 'tasks', 'scripts'];
  return {
    ...stores,
    authorizations: { ...authorizations, findByTokenHashWithUser: (r, hash) => cached(r, `token:${hash}`, AUTH, () => authorizations.findByTokenHashWithUser(r, hash)) },
    orgs: { ...orgs, findById: (r, id) => cached(r, `org:${id}`, ORGS, () => orgs.findById(r, id)) },
    secrets: { ...secrets, listKeys: (r, orgId) => cached(r, `keys:${orgId}`, SECRETS, () => secrets.listKeys(r, orgId)) },
    // Every durable write seals under the org's latest data key term.
    keyring: { ...keyring, latestDataKey: (r, orgId) => cached(r, `datakey:${orgId}`, DATA_KEYS, () => keyring.latestDataKey(r, orgId)) },
    // ... and then asks which tasks and scripts use the key it wrote (the warning header).
    secretReferences: {
      ...secretReferences,
      usersOf: (r, orgId, keys) => (keys.length === 1
        ? cached(r, `users:${orgId}:${keys[0]}`, REFERENCES, () => secretReferences.usersOf(r, orgId, keys))
        : secretReferences.usersOf(r, orgId, keys)),
    },
  };
}
