/**
 * Which tables changed, for the read cache (src/storage/read-cache.ts), on SQLite.
 *
 * This process's commits are tracked table by table: the write connection notes the table of
 * every statement that may write (from its SQL text; anything it cannot place counts as every
 * table), widened along the schema's ON DELETE CASCADE foreign keys, and the group committer
 * reports the set when a transaction ends, before any writer learns its outcome. So writing a
 * secret does not drop the cached token of the next request, while revoking that token does.
 *
 * Commits by other processes on the same file are seen through `PRAGMA data_version` on the write
 * connection (which, unlike the read connection's, does not move for this process's own
 * commits), looked at no more than once a millisecond, and count as every table.
 */
import type SQLite from 'better-sqlite3';
import { type RawConnection, rawConnectionOf } from './prepared.js';

const EVERY_TABLE = '*';
const TRANSACTION_CONTROL = /^\s*(?:begin|commit|end|rollback|savepoint|release)\b/i;
const WRITTEN_TABLE = /^\s*(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i;

/** The table a writing statement changes, or EVERY_TABLE; undefined for transaction control. */
export function tableWrittenBy(sqlText: string): string | undefined {
  if (TRANSACTION_CONTROL.test(sqlText)) return undefined;
  return WRITTEN_TABLE.exec(sqlText)?.[1] ?? EVERY_TABLE;
}

/** For each table, the tables whose rows a delete in it may remove too (ON DELETE CASCADE, transitively). */
export function cascadesOf(sqlite: SQLite.Database): Map<string, string[]> {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const children = new Map<string, string[]>();
  for (const child of tables) {
    const fks = sqlite.prepare('SELECT "table" AS parent, on_delete FROM pragma_foreign_key_list(?)').all(child) as { parent: string; on_delete: string }[];
    for (const fk of fks) {
      if (fk.on_delete.toUpperCase() === 'NO ACTION' || fk.on_delete.toUpperCase() === 'RESTRICT') continue;
      children.set(fk.parent, [...(children.get(fk.parent) ?? []), child]);
    }
  }
  const closure = new Map<string, string[]>();
  for (const table of tables) {
    const seen = new Set<string>();
    const stack = [...(children.get(table) ?? [])];
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (seen.has(t)) continue;
      seen.add(t);
      stack.push(...(children.get(t) ?? []));
    }
    if (seen.size > 0) closure.set(table, [...seen]);
  }
  return closure;
}

export class ChangeTracker {
  private readonly versions = new Map<string, number>();
  private everything = 0;
  private externalSeen: number;
  private polledAt = performance.now();

  /**
   * `externalVersion`: PRAGMA data_version on the write connection; `reads`: the read-only
   * database handle; `writer`: the write connection, with the tables its open transaction wrote.
   */
  constructor(
    private readonly externalVersion: () => number,
    private readonly cascades: Map<string, string[]>,
    private readonly reads?: object,
    private readonly writer?: RawConnection & { pendingTables(): ReadonlySet<string> },
    private readonly pollMs = 1,
  ) {
    this.externalSeen = externalVersion();
  }

  /**
   * Whether reading `tables` through `r` sees exactly what has been committed, so a cached read
   * may stand in: the read connection does; so does a group-commit transaction that has not yet
   * written any of them (one writer at a time: nothing else commits while it is open).
   */
  seesCommitted(r: object, tables: readonly string[]): boolean {
    if (r === this.reads) return true;
    if (this.writer === undefined || rawConnectionOf(r) !== this.writer) return false;
    for (const w of this.writer.pendingTables()) {
      if (w === EVERY_TABLE || tables.includes(w)) return false;
      if (this.cascades.get(w)?.some((t) => tables.includes(t))) return false;
    }
    return true;
  }

  /** A transaction of this process that wrote `tables` has ended. */
  ended(tables: ReadonlySet<string>): void {
    if (tables.has(EVERY_TABLE)) {
      this.everything++;
      return;
    }
    for (const t of tables) {
      this.bump(t);
      for (const child of this.cascades.get(t) ?? []) this.bump(child);
    }
  }

  /** A number that changes whenever any of `tables` may have changed. */
  stamp(tables: readonly string[]): number {
    const now = performance.now();
    if (now - this.polledAt >= this.pollMs) {
      this.polledAt = now;
      const v = this.externalVersion();
      if (v !== this.externalSeen) {
        this.externalSeen = v;
        this.everything++;
      }
    }
    // Every counter only grows, so the sum moves whenever one of them does.
    let sum = this.everything;
    for (const t of tables) sum += this.versions.get(t) ?? 0;
    return sum;
  }

  private bump(table: string): void {
    this.versions.set(table, (this.versions.get(table) ?? 0) + 1);
  }
}
