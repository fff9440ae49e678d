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
import { settled } from '../eager.js';
import type { Reader, Stores } from './contracts.js';

/** What a cache entry's stamp comes from: a number that moves whenever one of `tables` may have changed. */
export interface ChangeStamps {
  stamp(tables: readonly string[]): number;
}

/** The change tracking the cached stores need (src/storage/change-tracker.ts). */
export interface CacheableReads extends ChangeStamps {
  seesCommitted(r: object, tables: readonly string[]): boolean;
}

interface Entry {
  stamp: number;
  /**
   * The frozen value, already resolved: a hit hands out this very promise, allocating nothing,
   * and callers on the hot path read its value without waiting (src/eager.ts).
   */
  value: Promise<unknown>;
  weight: number;
}

/** The entries of one kind of read (tokens, orgs, key lists ...), all from the same tables. */
export interface CacheSpace {
  /**
   * The cached value of `key`, or `load()`'s, cached unless undefined. The stamp is taken
   * before loading, so a value is never filed under a state of the database older than the one
   * it was read from.
   */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export class ReadCache {
  /** One map per space, so keys need no prefix (building and hashing `token:<hash>` cost more than the lookup). */
  private readonly spaces: Map<string, Entry>[] = [];
  private weight = 0;

  /**
   * `maxWeight` bounds what the cache holds: an entry weighs 1, plus the length of an array
   * (a key list of 10,000 keys weighs 10,001), so many large orgs cannot grow it without limit.
   */
  constructor(private readonly changes: ChangeStamps, private readonly maxWeight = 200_000) {}

  /** A space for reads of `tables`. */
  space(tables: readonly string[]): CacheSpace {
    const entries = new Map<string, Entry>();
    this.spaces.push(entries);
    return {
      get: <T>(key: string, load: () => Promise<T>): Promise<T> => {
        const stamp = this.changes.stamp(tables);
        const hit = entries.get(key);
        if (hit !== undefined && hit.stamp === stamp) return hit.value as Promise<T>;
        return load().then((value) => {
          this.store(entries, key, stamp, value);
          return value;
        });
      },
    };
  }

  private store(entries: Map<string, Entry>, key: string, stamp: number, value: unknown): void {
    this.drop(entries, key);
    if (value === undefined) return;
    const weight = 1 + (Array.isArray(value) ? value.length : 0);
    if (weight > this.maxWeight) return;
    // Oldest first: of this space, then of the others.
    while (this.weight + weight > this.maxWeight) {
      const from = entries.size > 0 ? entries : this.spaces.find((m) => m.size > 0)!;
      this.drop(from, from.keys().next().value!);
    }
    entries.set(key, { stamp, value: settled(deepFreeze(value)), weight });
    this.weight += weight;
  }

  private drop(entries: Map<string, Entry>, key: string): void {
    const e = entries.get(key);
    if (e === undefined) return;
    entries.delete(key);
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
  /** A space of `cache` whose reads go through it when `r` sees just what is committed of `tables`. */
  function space(tables: readonly string[]) {
    const s = cache.space(tables);
    return <T>(r: Reader, key: string, read: () => Promise<T>): Promise<T> => (changes.seesCommitted(r, tables) ? s.get(key, read) : read());
  }
  const tokens = space(['authorizations', 'users']);
  const orgsById = space(['orgs']);
  const keyLists = space(['secrets']);
  const dataKeys = space(['data_keys']);
  const keyUsers = space(['secret_references', 'tasks', 'scripts']);
  return {
    ...stores,
    authorizations: { ...authorizations, findByTokenHashWithUser: (r, hash) => tokens(r, hash, () => authorizations.findByTokenHashWithUser(r, hash)) },
    orgs: { ...orgs, findById: (r, id) => orgsById(r, id, () => orgs.findById(r, id)) },
    secrets: { ...secrets, listKeys: (r, orgId) => keyLists(r, orgId, () => secrets.listKeys(r, orgId)) },
    // Every durable write seals under the org's latest data key term.
    keyring: { ...keyring, latestDataKey: (r, orgId) => dataKeys(r, orgId, () => keyring.latestDataKey(r, orgId)) },
    // ... and then asks which tasks and scripts use the key it wrote (the warning header).
    secretReferences: {
      ...secretReferences,
      usersOf: (r, orgId, keys) => (keys.length === 1
        ? keyUsers(r, `${orgId}/${keys[0]}`, () => secretReferences.usersOf(r, orgId, keys))
        : secretReferences.usersOf(r, orgId, keys)),
    },
  };
}
