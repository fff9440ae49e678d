/**
 * Opens the store: SQLite (embedded default, better-sqlite3 in WAL mode, every acknowledged
 * commit flushed to disk) or PostgreSQL (shared by several server instances). Both sit behind Kysely, so every
 * domain store is written once. Nothing outside src/storage imports a database driver.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { ChangeTracker, cascadesOf } from './change-tracker.js';
import { GroupCommitter } from './group-commit.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { WalSync } from './wal-sync.js';
import { migrateToLatest } from './migrations.js';
import { bindNamedStatementPool, bindRawConnection } from './prepared.js';
import type { Database } from './schema.js';
import { SqliteConnection } from './sqlite-connection.js';

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
  /**
   * Which tables changed since when (src/storage/change-tracker.ts); absent where the database
   * offers nothing as cheap and exact (PostgreSQL shared by several instances).
   */
  readonly changes?: ChangeTracker;
  /** Checks the database's own integrity (PRAGMA integrity_check on SQLite). */
  integrityCheck(): Promise<string>;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'strongroom.db';

function openReader(file: string): SQLite.Database {
  const reader = new SQLite(file, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  return reader;
}

export async function openStorage(config: StorageConfig): Promise<StorageHandle> {
  const dialect: Dialect = config.kind;
  let db: Kysely<Database>;
  let sqlite: SQLite.Database | undefined;
  let writer: SqliteConnection | undefined;
  if (config.kind === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    sqlite = new SQLite(join(config.dataDir, SQLITE_FILE));
    // Owner-only, like the data dir: SQLite gives the WAL and shm files the database file's mode.
    chmodSync(join(config.dataDir, SQLITE_FILE), 0o600);
    sqlite.pragma('journal_mode = WAL');
    // FULL while migrating (every commit fsyncs); afterwards WalSync flushes the WAL (see below).
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    writer = new SqliteConnection(sqlite);
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: writer.forKysely() }) });
  } else {
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
    // An idle client's connection error must not crash the process; queries report their own.
    pool.on('error', () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    bindNamedStatementPool(db, pool);
  }
  try {
    await migrateToLatest(db, dialect);
  } catch (e) {
    await db.destroy().catch(() => {});
    throw e;
  }
  // SQLite: reads get their own read-only connection. One connection serves one query or
  // transaction at a time, so reads queued behind every group-commit transaction (and requests
  // could not even authenticate while a batch was being written); in WAL mode a reader sees the
  // last commit without waiting for the writer. PostgreSQL already reads from a pool.
  let reads = db;
  let changes: ChangeTracker | undefined;
  if (config.kind === 'sqlite' && sqlite && writer) {
    const reader = new SqliteConnection(openReader(join(config.dataDir, SQLITE_FILE)));
    reads = new Kysely<Database>({ dialect: new SqliteDialect({ database: reader.forKysely() }) });
    bindRawConnection(reads, reader);
    const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
    changes = new ChangeTracker(() => dataVersion.get() as number, cascadesOf(sqlite), reads, writer);
    writer.takeWrittenTables(); // the migrations' writes predate every reader
  }
  const tracker = changes;
  const committer = writer;
  let walSync: WalSync | undefined;
  let checkpointer: WalCheckpointer | undefined;
  if (config.kind === 'sqlite' && sqlite) {
    // From here on COMMIT writes the WAL without flushing it, and the committer acknowledges a
    // write only after WalSync has flushed it (off the main thread): as durable as FULL.
    walSync = new WalSync(join(config.dataDir, `${SQLITE_FILE}-wal`));
    sqlite.pragma('synchronous = NORMAL');
    // ... and copying the WAL into the database file is done off the main thread too.
    checkpointer = new WalCheckpointer(join(config.dataDir, SQLITE_FILE), sqlite);
  }
  const flusher = walSync;
  const checkpoints = checkpointer;
  const writes = new GroupCommitter(db, {
    ...(writer ? { raw: writer } : {}),
    ...(tracker && committer && checkpoints ? {
      onEnd: () => {
        tracker.ended(committer.takeWrittenTables());
        checkpoints.committed();
      },
    } : {}),
    ...(flusher ? { durable: () => flusher.sync() } : {}),
    ...(dialect === 'postgres' ? { multiStatement: true } : {}),
  });
  return {
    dialect,
    db: reads,
    writes,
    ...(changes ? { changes } : {}),
    async integrityCheck() {
      if (sqlite) return String(sqlite.pragma('integrity_check', { simple: true }));
      await sql`select 1`.execute(db);
      return 'ok';
    },
    async close() {
      await writes.close();
      // The worker's connection closes first, so the write connection is the last one and
      // checkpoints the whole WAL as it closes.
      await checkpointer?.close();
      walSync?.close();
      if (reads !== db) await reads.destroy();
      await db.destroy();
    },
  };
}
