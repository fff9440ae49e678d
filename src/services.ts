/** What every domain service is built from (assembled once in src/app.ts). */
import type { Barrier } from './crypto/barrier.js';
import { type StrongroomError, conflict, invalid, notFound } from './errors.js';
import { type ConstraintViolation, type UnstorableInput, constraintViolation, unstorableInput } from './storage/database-errors.js';
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
  return deps.storage.writes.write(job).catch((e: unknown) => {
    throw answerForDatabaseError(e) ?? e;
  });
}

/**
 * The InfluxDB answer to a database error that is not a server fault: a lost race (above), or
 * input PostgreSQL cannot hold (a NUL character, a name too long for its index), which SQLite
 * would have stored or simply not found. Reads meet the latter too, so the HTTP layer asks here
 * for every error it did not expect.
 */
export function answerForDatabaseError(e: unknown): StrongroomError | undefined {
  const kind = constraintViolation(e) ?? unstorableInput(e);
  return kind === undefined ? undefined : DATABASE_ERROR_ANSWERS[kind]();
}

const DATABASE_ERROR_ANSWERS: Record<ConstraintViolation | UnstorableInput, () => StrongroomError> = {
  'missing reference': () => notFound('a record this request refers to no longer exists'),
  duplicate: () => conflict('a record with the same name or ID was written concurrently'),
  'nul character': () => invalid('text must not contain the NUL character (U+0000)'),
  'beyond a limit': () => invalid('a name or value in this request is larger than the store can hold'),
};

export const nowIso = (deps: ServiceDeps) => deps.clock().toISOString();
