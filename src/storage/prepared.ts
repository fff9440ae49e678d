/**
 * Queries written once with Kysely and run many times with new parameters: the hot paths
 * (authenticating a request, listing keys, sealing and recording a write) run thousands of times a
 * second, and building and compiling the same query tree each time cost more than running it.
 *
 * A prepared query is compiled on first use for each dialect, with slot objects where its
 * parameters go; a run substitutes the values. On SQLite it then runs synchronously on the cached
 * better-sqlite3 statement of the connection behind the reader (the read-only connection, or the
 * write connection inside a group-commit transaction), skipping Kysely's driver, connection mutex
 * and promise chain. On PostgreSQL, reads outside a transaction run as named prepared statements
 * on the pool, so the server parses and plans each query once per connection instead of every
 * time. Elsewhere (a PostgreSQL transaction, or a reader this module does not know) it goes
 * through Kysely's `executeQuery` with the compiled SQL, so behaviour is the same on every path.
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Reader } from './contracts.js';
import type { Database } from './schema.js';

/** Synchronous access to one SQLite connection, through its statement cache. */
export interface RawConnection {
  all(sqlText: string, params: readonly unknown[]): unknown[];
  /** The first column of every row (better-sqlite3 builds a row object slowly: ~0.25 µs a row). */
  column(sqlText: string, params: readonly unknown[]): unknown[];
  run(sqlText: string, params: readonly unknown[]): { changes: number };
}

const rawConnections = new WeakMap<object, RawConnection>();

/** A PostgreSQL pool (pg.Pool), as far as named prepared statements need it. */
export interface NamedStatementPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

const namedStatementPools = new WeakMap<object, NamedStatementPool>();

/** Declares that queries on `reader` (a Kysely instance over `pool`, not a transaction) may run on the pool directly. */
export function bindNamedStatementPool(reader: object, pool: NamedStatementPool): void {
  namedStatementPools.set(reader, pool);
}

let statementNames = 0;

/** Declares that queries on `reader` (a Kysely instance or transaction) may run on `raw` directly. */
export function bindRawConnection(reader: object, raw: RawConnection): void {
  rawConnections.set(reader, raw);
}

export function rawConnectionOf(reader: object): RawConnection | undefined {
  return rawConnections.get(reader);
}

class Slot {
  constructor(readonly name: string) {}
}

/** Stands in for a parameter while the query is built; typed `any` so any column accepts it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SlotOf<P> = (name: keyof P & string) => any;

interface Compiled {
  /** Its name as a PostgreSQL prepared statement (unique in this process). */
  name: string;
  sql: string;
  query: CompiledQuery['query'];
  queryId: CompiledQuery['queryId'];
  /** Per parameter position: a slot name to fill, or a constant the builder inlined. */
  params: ({ slot: string } | { value: unknown })[];
}

export interface PreparedQuery<P, O> {
  /** Every row. */
  all(r: Reader, params: P): Promise<O[]>;
  /** The first column of every row. */
  column(r: Reader, params: P): Promise<O[keyof O][]>;
  /** The first row, if any. */
  first(r: Reader, params: P): Promise<O | undefined>;
  /** For statements without rows: how many rows changed. */
  run(r: Reader, params: P): Promise<{ changes: number }>;
}

export function prepared<P extends Record<string, unknown>, O>(build: (db: Kysely<Database>, $: SlotOf<P>) => Compilable<O>): PreparedQuery<P, O> {
  // One compilation per dialect (keyed by the adapter's class: SQLite and PostgreSQL quote and number differently).
  const byAdapter = new Map<unknown, Compiled>();
  function compiledFor(r: Reader): Compiled {
    const adapter = r.getExecutor().adapter.constructor;
    let c = byAdapter.get(adapter);
    if (!c) {
      const q = build(r as Kysely<Database>, (name) => new Slot(name)).compile();
      c = {
        name: `strongroom_${++statementNames}`, sql: q.sql, query: q.query, queryId: q.queryId,
        params: q.parameters.map((p) => (p instanceof Slot ? { slot: p.name } : { value: p })),
      };
      byAdapter.set(adapter, c);
    }
    return c;
  }
  function bind(c: Compiled, params: P): unknown[] {
    const out = new Array<unknown>(c.params.length);
    for (let i = 0; i < out.length; i++) {
      const p = c.params[i]!;
      out[i] = 'slot' in p ? params[p.slot] : p.value;
    }
    return out;
  }
  async function viaKysely(r: Reader, c: Compiled, params: P): Promise<{ rows: O[]; changes: number }> {
    const pool = namedStatementPools.get(r);
    if (pool) {
      const res = await pool.query({ name: c.name, text: c.sql, values: bind(c, params) });
      return { rows: res.rows as O[], changes: res.rowCount ?? 0 };
    }
    const res = await r.executeQuery<O>({ sql: c.sql, query: c.query, queryId: c.queryId, parameters: bind(c, params) });
    return { rows: res.rows, changes: Number(res.numAffectedRows ?? 0n) };
  }
  return {
    async all(r, params) {
      const c = compiledFor(r);
      const raw = rawConnections.get(r);
      if (raw) return raw.all(c.sql, bind(c, params)) as O[];
      return (await viaKysely(r, c, params)).rows;
    },
    async column(r, params) {
      const c = compiledFor(r);
      const raw = rawConnections.get(r);
      if (raw) return raw.column(c.sql, bind(c, params)) as O[keyof O][];
      const { rows } = await viaKysely(r, c, params);
      return rows.map((row) => Object.values(row as object)[0] as O[keyof O]);
    },
    async first(r, params) {
      const rows = await this.all(r, params);
      return rows[0];
    },
    async run(r, params) {
      const c = compiledFor(r);
      const raw = rawConnections.get(r);
      if (raw) return raw.run(c.sql, bind(c, params));
      return { changes: (await viaKysely(r, c, params)).changes };
    },
  };
}
