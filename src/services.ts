/** What every domain service is built from (assembled once in src/app.ts). */
import type { Barrier } from './crypto/barrier.js';
import type { Stores, Tx } from './storage/contracts.js';
import type { StorageHandle } from './storage/database.js';

export interface ServiceDeps {
  storage: StorageHandle;
  stores: Stores;
  barrier: Barrier;
  clock: () => Date;
}

/** Runs a durable, group-committed write. */
export function write<T>(deps: ServiceDeps, job: (tx: Tx) => Promise<T>): Promise<T> {
  return deps.storage.writes.write(job);
}

export const nowIso = (deps: ServiceDeps) => deps.clock().toISOString();
