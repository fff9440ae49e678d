/**
 * sql driver "postgres" (pg). DSN: `postgres://user:pass@host:5432/db?sslmode=disable`
 * (also `postgresql://`). Cells are fetched as text and typed per InfluxDB's mapping:
 * integer types -> int, float4/8 -> float, date/timestamp(tz) -> time, bool -> bool, rest -> string.
 */
import pg from 'pg';
import type { Value } from '../../interpreter/values.js';
import type { ColumnType } from '../../interpreter/table.js';
import { FluxError } from '../../interpreter/errors.js';
import type { SqlConnection, SqlDriver } from './driver.js';
import { quoteWith } from './driver.js';
import { cellToValue, textualParam } from './convert.js';

// Postgres type OIDs (pg_type.oid) that map to non-string Flux columns.
const TYPE_BY_OID = new Map<number, ColumnType>([
  [20, 'int'], [21, 'int'], [23, 'int'], [26, 'int'],
  [700, 'float'], [701, 'float'],
  [16, 'bool'],
  [1082, 'time'], [1114, 'time'], [1184, 'time'],
]);

// Every value comes back as its text form; cellToValue converts it with full 64-bit precision.
const rawText = { getTypeParser: () => (text: string) => text };

/**
 * Client settings from either DSN form Go's postgres drivers accept: a URL
 * (`postgres://user:pass@host:5432/db?sslmode=disable`) or key=value pairs
 * (`host=localhost port=5432 user=u password='p w' dbname=db sslmode=disable`).
 */
export function postgresConfig(dsn: string): pg.ClientConfig {
  const text = dsn.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const scheme = text.slice(0, text.indexOf(':')).toLowerCase();
    if (scheme !== 'postgres' && scheme !== 'postgresql') {
      throw new FluxError('invalid', `invalid data source url: unsupported scheme "${scheme}" for postgres`);
    }
    try {
      new URL(text);
    } catch {
      throw new FluxError('invalid', 'invalid data source url: postgres expects postgres://user:password@host:port/database');
    }
    return { connectionString: text };
  }
  const pairs = new Map<string, string>();
  const re = /\s*([a-zA-Z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S*))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    pairs.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
  }
  if (pairs.size === 0 || re.lastIndex < text.trimEnd().length) {
    throw new FluxError('invalid', 'invalid data source url: postgres expects a URL or key=value pairs');
  }
  const sslmode = pairs.get('sslmode') ?? 'prefer';
  return {
    host: pairs.get('host'),
    port: pairs.has('port') ? Number(pairs.get('port')) : undefined,
    user: pairs.get('user'),
    password: pairs.get('password'),
    database: pairs.get('dbname'),
    ssl: sslmode === 'disable' || sslmode === 'prefer' || sslmode === 'allow' ? false
      : { rejectUnauthorized: sslmode === 'verify-full' || sslmode === 'verify-ca' },
  };
}

export const postgresDriver: SqlDriver = {
  name: 'postgres',
  dialect: {
    quoteIdentifier: quoteWith('"'),
    placeholder: (i) => `$${i + 1}`,
    columnType: (t) => ({ int: 'BIGINT', uint: 'BIGINT', float: 'DOUBLE PRECISION', string: 'TEXT', bool: 'BOOL', time: 'TIMESTAMP' })[t],
    param: textualParam,
    maxParams: 65535,
  },
  async connect(dsn, { deadline }) {
    const client = new pg.Client({
      ...postgresConfig(dsn),
      connectionTimeoutMillis: Math.max(1, Math.min(10_000, deadline - Date.now())),
      // Timestamps come back in UTC; statements stop at the run's deadline on the server side too.
      options: `-c TimeZone=UTC -c statement_timeout=${Math.max(1, deadline - Date.now())}`,
    });
    client.on('error', () => { /* reported through the pending query */ });
    await client.connect();
    const conn: SqlConnection = {
      async query(sql) {
        const res = await client.query({ text: sql, rowMode: 'array', types: rawText });
        const columns = res.fields.map((f) => ({ label: f.name, type: TYPE_BY_OID.get(f.dataTypeID) ?? ('string' as ColumnType) }));
        const rows = (res.rows as unknown[][]).map((row) => row.map((cell, i) => cellToValue(cell, columns[i]!.type)));
        return { columns, rows };
      },
      async exec(sql, params) {
        await client.query(sql, params);
      },
      async transaction(work) {
        await client.query('BEGIN');
        try {
          await work();
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      },
      async close() {
        await client.end().catch(() => undefined);
      },
      abort() {
        void client.end().catch(() => undefined);
      },
    };
    return conn;
  },
};
