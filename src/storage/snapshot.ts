/**
 * Consistent snapshots of a whole store, as plain rows, and restoring rows into an empty store.
 * What leaves here is what storage holds: ciphertexts, wrapped keys and hashes, never a
 * plaintext value. The file format lives in src/backup; this file is only about SQL.
 *  - SQLite: the online backup API (`db.backup()`) copies the live database, WAL included, into
 *    a private temporary file while the server keeps writing; rows are read from that copy.
 *  - PostgreSQL: every table is read in one REPEATABLE READ, READ ONLY transaction.
 * Tables are listed from the database itself, parents before children (foreign keys), so tables
 * added by later migrations are included without changes here.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction, sql } from 'kysely';
import pg from 'pg';
import { type Dialect, SQLITE_FILE, type StorageConfig, type StorageHandle } from './database.js';

export type Row = Record<string, unknown>;
type AnyDb = Kysely<any> | Transaction<any>;

/** Kysely's bookkeeping, recreated by migrations on the target. */
const SKIPPED_TABLES = new Set(['strongroom_migrations', 'strongroom_migrations_lock']);
/** Rows a store writes before anyone uses it (the first start's master-key check); a restore replaces them. */
const REPLACEABLE_TABLES = new Set(['master_key_check']);

export interface SnapshotVisitor {
  /** Called once, before any table, with the migrations applied to the source. */
  start(info: { dialect: Dialect; migrations: string[] }): Promise<void> | void;
  /** Called once per page of a table's rows (tables in dependency order, each table's pages in a row). */
  table(name: string, rows: Row[]): Promise<void> | void;
}

export class SnapshotError extends Error {}

export async function readSnapshot(config: StorageConfig, visit: SnapshotVisitor): Promise<void> {
  if (config.kind === 'sqlite') return readSqliteSnapshot(config.dataDir, visit);
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.url, max: 1 }) }) });
  try {
    await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
      await dumpTables(trx, 'postgres', visit);
    });
  } finally {
    await db.destroy();
  }
}

async function readSqliteSnapshot(dataDir: string, visit: SnapshotVisitor): Promise<void> {
  const file = join(dataDir, SQLITE_FILE);
  if (!existsSync(file)) throw new SnapshotError(`no Strongroom store at ${file}`);
  const tmp = mkdtempSync(join(tmpdir(), 'strongroom-snapshot-'));
  const copy = join(tmp, 'snapshot.db');
  try {
    const live = new SQLite(file, { fileMustExist: true });
    try {
      live.pragma('busy_timeout = 5000');
      // All remaining pages in one step: a step-wise copy restarts whenever the server commits
      // in between, and under steady writes might never finish. One step holds a read
      // transaction, which in WAL mode does not block the server's writers.
      await live.backup(copy, { progress: () => 0x7fffffff });
    } finally {
      live.close();
    }
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(copy, { readonly: true }) }) });
    try {
      await dumpTables(db, 'sqlite', visit);
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function dumpTables(db: AnyDb, dialect: Dialect, visit: SnapshotVisitor): Promise<void> {
  await visit.start({ dialect, migrations: await appliedMigrations(db) });
  for (const table of await tablesInDependencyOrder(db, dialect)) {
    let pages = 0;
    for await (const rows of pagesOf(db, dialect, table)) {
      pages++;
      await visit.table(table, rows);
    }
    if (pages === 0) await visit.table(table, []);
  }
}

const PAGE_ROWS = 2000;

/**
 * A table in pages, so a large store is never held in memory at once. Keyset pagination on the
 * physical row address (SQLite's rowid in the private copy; PostgreSQL's ctid, stable within the
 * snapshot transaction and range-scanned since PostgreSQL 14).
 */
async function* pagesOf(db: AnyDb, dialect: Dialect, table: string): AsyncGenerator<Row[]> {
  let after: string | number = dialect === 'sqlite' ? -1 : '(0,0)';
  for (;;) {
    const { rows } = dialect === 'sqlite'
      ? await sql<Row & { __pos: number }>`select rowid as __pos, * from ${sql.table(table)} where rowid > ${after} order by rowid limit ${PAGE_ROWS}`.execute(db)
      : await sql<Row & { __pos: string }>`select ctid::text as __pos, * from ${sql.table(table)} where ctid > ${after}::tid order by ctid limit ${PAGE_ROWS}`.execute(db);
    if (rows.length === 0) return;
    after = rows.at(-1)!.__pos;
    yield rows.map(({ __pos: _, ...row }) => row);
    if (rows.length < PAGE_ROWS) return;
  }
}

async function appliedMigrations(db: AnyDb): Promise<string[]> {
  try {
    const { rows } = await sql<{ name: string }>`select name from strongroom_migrations order by name`.execute(db);
    return rows.map((r) => r.name);
  } catch {
    throw new SnapshotError('the database has no Strongroom schema (no strongroom_migrations table)');
  }
}

/** Application tables, every table after the tables its foreign keys point to. */
export async function tablesInDependencyOrder(db: AnyDb, dialect: Dialect): Promise<string[]> {
  const edges: { from: string; to: string }[] = [];
  let tables: string[];
  if (dialect === 'sqlite') {
    tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)).rows.map((r) => r.name);
    for (const t of tables) {
      const fks = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${t})`.execute(db);
      for (const fk of fks.rows) edges.push({ from: t, to: fk.table });
    }
  } else {
    tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)).rows.map((r) => r.name);
    const fks = await sql<{ from: string; to: string }>`
      select c.conrelid::regclass::text as "from", c.confrelid::regclass::text as "to"
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = current_schema()`.execute(db);
    edges.push(...fks.rows);
  }
  tables = tables.filter((t) => !SKIPPED_TABLES.has(t));
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visitTable = (t: string) => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const e of edges) if (e.from === t && e.to !== t && tables.includes(e.to)) visitTable(e.to);
    ordered.push(t);
  };
  for (const t of tables) visitTable(t);
  return ordered;
}

/** Tables of the target that hold rows (and how many); a restore needs none. */
export async function nonEmptyTables(storage: StorageHandle): Promise<{ table: string; rows: number }[]> {
  const out: { table: string; rows: number }[] = [];
  for (const table of await tablesInDependencyOrder(storage.db, storage.dialect)) {
    if (REPLACEABLE_TABLES.has(table)) continue;
    const { rows } = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(storage.db);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) out.push({ table, rows: n });
  }
  return out;
}

/**
 * Inserts rows into an empty store, in one transaction: `rows` yields them table by table in
 * dependency order. `verify` runs last inside the transaction; if it throws, nothing is restored.
 */
export async function restoreRows(storage: StorageHandle, rows: AsyncIterable<{ table: string; row: Row }>, verify: (tx: Transaction<any>) => Promise<void>): Promise<Record<string, number>> {
  const tables = new Set(await tablesInDependencyOrder(storage.db, storage.dialect));
  const counts: Record<string, number> = {};
  await storage.writes.write(async (tx) => {
    const trx = tx as unknown as Transaction<any>;
    for (const t of REPLACEABLE_TABLES) if (tables.has(t)) await trx.deleteFrom(t).execute();
    let batch: Row[] = [];
    let batchTable = '';
    const flush = async () => {
      if (batch.length > 0) await trx.insertInto(batchTable).values(batch).execute();
      batch = [];
    };
    for await (const { table, row } of rows) {
      if (!tables.has(table)) throw new SnapshotError(`the backup has a table "${table}" this version of Strongroom does not know`);
      if (table !== batchTable || batch.length >= 100) {
        await flush();
        batchTable = table;
      }
      batch.push(row);
      counts[table] = (counts[table] ?? 0) + 1;
    }
    await flush();
    if (storage.dialect === 'postgres') await resetSequences(trx);
    await verify(trx);
  });
  return counts;
}

/** After inserting explicit serial values, moves each sequence past them. */
async function resetSequences(trx: Transaction<any>): Promise<void> {
  const { rows } = await sql<{ table: string; column: string }>`
    select table_name as "table", column_name as "column" from information_schema.columns
    where table_schema = current_schema() and column_default like 'nextval(%'`.execute(trx);
  for (const { table, column } of rows) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
  }
}
