/**
 * The contract every SQL driver implements for sql.from and sql.to, plus the Flux <-> SQL type
 * tables. A driver opens one connection per call and closes it when done.
 */
import type { Value } from '../../interpreter/values.js';
import type { Column, ColumnType } from '../../interpreter/table.js';

export interface QueryResult {
  columns: Column[];
  rows: Value[][];
}

export interface SqlConnection {
  query(sql: string): Promise<QueryResult>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction(work: () => Promise<void>): Promise<void>;
  exec(sql: string, params: unknown[]): Promise<void>;
  close(): Promise<void>;
  /** Drops the connection at once, failing any query in flight (deadline, cancellation). */
  abort(): void;
}

export interface SqlDialect {
  quoteIdentifier(name: string): string;
  /** Placeholder for the i-th (0-based) parameter of a statement. */
  placeholder(i: number): string;
  columnType(type: ColumnType): string;
  /** A Flux cell as a driver parameter. */
  param(v: Value): unknown;
  /** Most parameters one statement may carry. */
  maxParams: number;
}

export interface SqlDriver {
  name: string;
  dialect: SqlDialect;
  /**
   * Opens a connection. `deadline` (ms since the epoch) bounds connecting and, where the server
   * supports it, each statement; `maxRows` is how many rows the run may still read.
   */
  connect(dsn: string, options: { deadline: number; sqliteDir: string; maxRows: number }): Promise<SqlConnection>;
}

/** Doubles the quote character inside an identifier and wraps it. */
export function quoteWith(q: string) {
  return (name: string) => `${q}${name.split(q).join(q + q)}${q}`;
}
