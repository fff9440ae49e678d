/** What every domain service is built from (assembled once in src/app.ts). */
import type { Barrier } from './crypto/barrier.js';
import { conflict, notFound } from './errors.js';
import { constraintViolation } from './storage/database-errors.js';
import type { Stores, Tx } from './storage/contracts.js';
import type { StorageHandle } from './storage/database.js';

export interface ServiceDeps {
  storage: StorageHandle;
  stores: Stores;
  barrier: Barrier;
  clock: () => Date;
}

/**
 * Runs a durable, group-committed write. Services check what a write refers to before writing,
 * so a constraint the database still enforces means a concurrent request got there first (the
 * org was deleted, another instance took the name): the write is rolled back and answered as
 * InfluxDB would answer it, not as an internal error.
 */
export function write<T>(deps: ServiceDeps, job: (tx: Tx) => Promise<T>): Promise<T> {
  return deps.storage.writes.write(job).catch(answerConstraintViolation);
}

function answerConstraintViolation(e: unknown): never {
  switch (constraintViolation(e)) {
    case 'missing reference':
      throw notFound('a record this request refers to no longer exists');
    case 'duplicate':
      throw conflict('a record with the same name or ID was written concurrently');
    default:
      throw e;
  }
}

export const nowIso = (deps: ServiceDeps) => deps.clock().toISOString();
