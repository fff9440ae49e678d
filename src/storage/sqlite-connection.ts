/**
 * One better-sqlite3 connection as the storage layer uses it: statements cached by SQL text and
 * shared by Kysely and by prepared queries running on the connection directly
 * (src/storage/prepared.ts), and, on the write connection, the tables written by the transaction
 * in progress (src/storage/change-tracker.ts).
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { tableWrittenBy } from './change-tracker.js';
import type { RawConnection } from './prepared.js';

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiled a statement every time (a
 * sixth of the CPU of a durable write). Statements are kept by SQL text and reused, by Kysely
 * and by prepared queries running on the connection directly (src/storage/prepared.ts); the
 * cache is bounded because `IN (?, ?, ...)` lists make new texts. Streaming gets a fresh
 * statement, as an iterating statement is busy until it finishes.
 */
export class SqliteConnection implements RawConnection {
  private readonly cache = new Map<string, SQLite.Statement>();
  private readonly plucking = new Map<string, SQLite.Statement>();
  /** Tables written since the last `takeWrittenTables` (see src/storage/change-tracker.ts). */
  private written = new Set<string>();
  private readonly tableOf = new Map<string, string | undefined>();
  constructor(readonly sqlite: SQLite.Database, private readonly max = 1000) {}

  /** Tables written since the last `takeWrittenTables`: by the transaction in progress. */
  pendingTables(): ReadonlySet<string> {
    return this.written;
  }

  takeWrittenTables(): Set<string> {
    const t = this.written;
    this.written = new Set();
    return t;
  }

  private noteWrite(sqlText: string, stmt: SQLite.Statement): void {
    if (stmt.readonly) return;
    let table = this.tableOf.get(sqlText);
    if (table === undefined && !this.tableOf.has(sqlText)) {
      table = tableWrittenBy(sqlText);
      if (this.tableOf.size >= this.max) this.tableOf.delete(this.tableOf.keys().next().value!);
      this.tableOf.set(sqlText, table);
    }
    if (table !== undefined) this.written.add(table);
  }

  statement(sqlText: string): SQLite.Statement {
    let stmt = this.cache.get(sqlText);
    if (!stmt) {
      stmt = this.sqlite.prepare(sqlText);
      if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sqlText, stmt);
    }
    return stmt;
  }

  all(sqlText: string, params: readonly unknown[]): unknown[] {
    const stmt = this.statement(sqlText);
    this.noteWrite(sqlText, stmt);
    return stmt.all(params);
  }

  column(sqlText: string, params: readonly unknown[]): unknown[] {
    let stmt = this.plucking.get(sqlText);
    if (!stmt) {
      stmt = this.sqlite.prepare(sqlText).pluck();
      if (this.plucking.size >= this.max) this.plucking.delete(this.plucking.keys().next().value!);
      this.plucking.set(sqlText, stmt);
    }
    this.noteWrite(sqlText, stmt);
    return stmt.all(params);
  }

  run(sqlText: string, params: readonly unknown[]): { changes: number } {
    const stmt = this.statement(sqlText);
    this.noteWrite(sqlText, stmt);
    return stmt.reader ? { changes: stmt.all(params).length } : { changes: stmt.run(params).changes };
  }

  /** The same statements, for Kysely's SQLite dialect. */
  forKysely(): SqliteDatabase {
    return {
      close: () => this.sqlite.close(),
      prepare: (sqlText: string): SqliteStatement => {
        const stmt = this.statement(sqlText);
        return {
          reader: stmt.reader,
          all: (params) => {
            this.noteWrite(sqlText, stmt);
            return stmt.all(params);
          },
          run: (params) => {
            this.noteWrite(sqlText, stmt);
            return stmt.run(params);
          },
          iterate: (params) => this.sqlite.prepare(sqlText).iterate(params) as IterableIterator<unknown>,
        };
      },
    };
  }
}
