/**
 * sql driver "mysql" (mysql2), for MySQL and MariaDB. DSN in Go's go-sql-driver form:
 * `user:pass@tcp(host:3306)/dbname?param=value`. `allowAllFiles` is refused, as in InfluxDB.
 */
import mysql from 'mysql2/promise';
import type { Value } from '../../interpreter/values.js';
import type { ColumnType } from '../../interpreter/table.js';
import { FluxError } from '../../interpreter/errors.js';
import type { SqlConnection, SqlDriver } from './driver.js';
import { quoteWith } from './driver.js';
import { cellToValue, textualParam } from './convert.js';

export interface MysqlDsn {
  user: string;
  password: string;
  host: string;
  port: number;
  socketPath?: string;
  database: string;
  params: URLSearchParams;
}

/** Parses `[user[:password]@][net[(addr)]]/dbname[?params]` the way go-sql-driver does. */
export function parseMysqlDsn(dsn: string): MysqlDsn {
  const slash = dsn.lastIndexOf('/');
  if (slash < 0) throw new FluxError('invalid', 'invalid data source url: mysql expects user:password@tcp(host:port)/dbname');
  const left = dsn.slice(0, slash);
  const [database = '', query = ''] = dsn.slice(slash + 1).split(/\?(.*)/s);
  const at = left.lastIndexOf('@');
  const userinfo = at >= 0 ? left.slice(0, at) : '';
  const address = at >= 0 ? left.slice(at + 1) : left;
  const colon = userinfo.indexOf(':');
  const user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
  const password = colon >= 0 ? userinfo.slice(colon + 1) : '';
  const m = /^(?:(tcp|unix)(?:\(([^)]*)\))?)?$/.exec(address);
  if (!m) throw new FluxError('invalid', 'invalid data source url: mysql address must look like tcp(host:port)');
  const params = new URLSearchParams(query);
  if ([...params.keys()].some((k) => k.toLowerCase() === 'allowallfiles')) {
    throw new FluxError('invalid', 'invalid data source url: allowAllFiles is not allowed');
  }
  const addr = m[2] ?? '127.0.0.1:3306';
  if (m[1] === 'unix') return { user, password, host: '', port: 0, socketPath: addr, database, params };
  const portAt = addr.lastIndexOf(':');
  const host = portAt >= 0 ? addr.slice(0, portAt) : addr;
  const port = portAt >= 0 ? Number(addr.slice(portAt + 1)) : 3306;
  return { user, password, host: host.replace(/^\[|\]$/g, '') || '127.0.0.1', port, database, params };
}

// MySQL protocol column types (mysql2 `columnType`) that map to non-string Flux columns.
const TYPE_BY_CODE = new Map<number, ColumnType>([
  [1, 'int'], [2, 'int'], [3, 'int'], [8, 'int'], [9, 'int'], [13, 'int'],
  [4, 'float'], [5, 'float'],
  [7, 'time'], [10, 'time'], [12, 'time'], [14, 'time'],
]);

export const mysqlDriver: SqlDriver = {
  name: 'mysql',
  dialect: {
    quoteIdentifier: quoteWith('`'),
    placeholder: () => '?',
    columnType: (t) => ({ int: 'BIGINT', uint: 'BIGINT UNSIGNED', float: 'DOUBLE', string: 'TEXT(16383)', bool: 'BOOL', time: 'DATETIME(6)' })[t],
    param: textualParam,
    maxParams: 65535,
  },
  async connect(dsn, { deadline }) {
    const d = parseMysqlDsn(dsn);
    const conn = await mysql.createConnection({
      host: d.host || undefined,
      port: d.port || undefined,
      socketPath: d.socketPath,
      user: d.user,
      password: d.password,
      database: d.database || undefined,
      connectTimeout: Math.max(1, Math.min(10_000, deadline - Date.now())),
      // go-sql-driver's tls parameter: true verifies the server, skip-verify does not.
      ssl: d.params.get('tls') === 'true' ? {} : d.params.get('tls') === 'skip-verify' ? { rejectUnauthorized: false } : undefined,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      timezone: 'Z',
    });
    conn.on('error', () => { /* reported through the pending query */ });
    // Stop statements at the run's deadline on the server too: MariaDB counts seconds
    // (max_statement_time), MySQL milliseconds for SELECTs (max_execution_time).
    const seconds = Math.max(0.001, (deadline - Date.now()) / 1000);
    await conn.query(`SET SESSION max_statement_time = ${seconds.toFixed(3)}`)
      .catch(() => conn.query(`SET SESSION max_execution_time = ${Math.ceil(seconds * 1000)}`))
      .catch(() => undefined);
    const sqlConn: SqlConnection = {
      async query(sql) {
        const [rows, fields] = await conn.query({ sql, rowsAsArray: true });
        const defs = (fields ?? []) as { name: string; columnType?: number; type?: number }[];
        const columns = defs.map((f) => ({ label: f.name, type: TYPE_BY_CODE.get(f.columnType ?? f.type ?? -1) ?? ('string' as ColumnType) }));
        const data = Array.isArray(rows) ? (rows as unknown[][]) : [];
        return { columns, rows: data.map((row) => row.map((cell, i) => cellToValue(cell, columns[i]!.type))) };
      },
      async exec(sql, params) {
        await conn.query(sql, params);
      },
      async transaction(work) {
        await conn.beginTransaction();
        try {
          await work();
          await conn.commit();
        } catch (e) {
          await conn.rollback().catch(() => undefined);
          throw e;
        }
      },
      async close() {
        await conn.end().catch(() => undefined);
      },
      abort() {
        conn.destroy();
      },
    };
    return sqlConn;
  },
};
