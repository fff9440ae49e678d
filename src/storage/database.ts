/**
 * Opens the store: SQLite (embedded default, better-sqlite3 in WAL mode with fsync on every
 * commit) or PostgreSQL (shared by several server instances). Both sit behind Kysely, so every
 * domain store is written once. Nothing outside src/storage imports a database driver.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement, sql } from 'kysely';
import pg from 'pg';
import { GroupCommitter } from './group-commit.js';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export type StorageConfig =
  | { kind: 'sqlite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize?: number };

export interface StorageHandle {
  readonly dialect: Dialect;
  /** Reads (on SQLite, a read-only connection: every write goes through `writes`). */
  readonly db: Kysely<Database>;
  /** Durable writes, group-committed. */
  readonly writes: GroupCommitter;
  /** Checks the database's own integrity (PRAGMA integrity_check on SQLite). */
  integrityCheck(): Promise<string>;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'strongroom.db';

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles a statement on each prepare
 * (a sixth of the CPU of a durable write). Statements are kept by SQL text and reused; the
 * cache is bounded because `IN (?, ?, ...)` lists make new texts. Streaming gets a fresh
 * statement, as an iterating statement is busy until it finishes.
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string): SqliteStatement {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        const prepared = sqlite.prepare(sqlText);
        stmt = {
          reader: prepared.reader,
          all: (params) => prepared.all(params),
          run: (params) => prepared.run(params),
          iterate: (params) => sqlite.prepare(sqlText).iterate(params) as IterableIterator<unknown>,
        };
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

function openReader(file: string): SQLite.Database {
  const reader = new SQLite(file, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  return reader;
}

export async function openStorage(config: StorageConfig): Promise<StorageHandle> {
  const dialect: Dialect = config.kind;
  let db: Kysely<Database>;
  let sqlite: SQLite.Database | undefined;
  if (config.kind === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    sqlite = new SQLite(join(config.dataDir, SQLITE_FILE));
    // Owner-only, like the data dir: SQLite gives the WAL and shm files the database file's mode.
    chmodSync(join(config.dataDir, SQLITE_FILE), 0o600);
    sqlite.pragma('journal_mode = WAL');
    // FULL makes every WAL commit fsync: a write is acknowledged only once it is durable.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  } else {
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
    // An idle client's connection error must not crash the process; queries report their own.
    pool.on('error', () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  try {
    await migrateToLatest(db, dialect);
  } catch (e) {
    await db.destroy().catch(() => {});
    throw e;
  }
  const writes = new GroupCommitter(db);
  // SQLite: reads get their own read-only connection. One connection serves one query or
  // transaction at a time, so reads queued behind every group-commit transaction (and requests
  // could not even authenticate while a batch was being written); in WAL mode a reader sees the
  // last commit without waiting for the writer. PostgreSQL already reads from a pool.
  const reads = sqlite ? new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(openReader(join(config.kind === 'sqlite' ? config.dataDir : '', SQLITE_FILE))) }) }) : db;
  return {
    dialect,
    db: reads,
    writes,
    async integrityCheck() {
      if (sqlite) return String(sqlite.pragma('integrity_check', { simple: true }));
      await sql`select 1`.execute(db);
      return 'ok';
    },
    async close() {
      await writes.close();
      if (reads !== db) await reads.destroy();
      await db.destroy();
    },
  };
}
