/**
 * A rewrap must see every data key. On PostgreSQL another instance may insert one (org create,
 * rotation) concurrently, so the rewrap first takes an EXCLUSIVE lock on data_keys: inserts wait
 * for it, and it waits for inserts in flight. SQLite has a single writer already.
 */
import { sql } from 'kysely';
import type { Tx } from './contracts.js';
import type { Dialect } from './database.js';

export async function lockDataKeysForRewrap(tx: Tx, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`lock table data_keys in exclusive mode`.execute(tx);
}
