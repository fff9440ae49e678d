/**
 * `sql`: from (run a query, one table with an empty group key) and to (write every table in one
 * transaction, creating tables as needed, inserting in batches). The DSN usually carries a
 * secret; driver errors are passed through the run's scrubber before anyone sees them.
 */
import type { Value } from '../../interpreter/values.js';
import { stream } from '../../interpreter/values.js';
import { FluxError } from '../../interpreter/errors.js';
import type { RunContext } from '../../interpreter/context.js';
import type { Args, FluxPackage } from '../builtin.js';
import { builtin } from '../builtin.js';
import type { SqlConnection, SqlDriver } from './driver.js';
import { postgresDriver } from './postgres.js';
import { mysqlDriver } from './mysql.js';
import { sqliteDriver } from './sqlite.js';

const DRIVERS = new Map<string, SqlDriver>([
  ['postgres', postgresDriver],
  ['mysql', mysqlDriver],
  ['sqlite3', sqliteDriver],
]);

const NOT_SUPPORTED = ['snowflake', 'sqlserver', 'mssql', 'bigquery', 'awsathena', 'hdb', 'vertica', 'vertigo'];

function driverFor(name: string): SqlDriver {
  const d = DRIVERS.get(name);
  if (d) return d;
  if (NOT_SUPPORTED.includes(name)) throw new FluxError('invalid', `sql driver ${name} is not supported by Strongroom (supported: postgres, mysql, sqlite3)`);
  throw new FluxError('invalid', `sql driver ${name} not supported`);
}

/** Driver errors keep their own text (the scrubber removes secrets); connection failures are "unavailable". */
function driverError(e: unknown): FluxError {
  if (e instanceof FluxError) return e;
  const err = e as { code?: string; message?: string };
  const transient = ['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNRESET'].includes(err.code ?? '');
  return new FluxError(transient ? 'unavailable' : 'invalid', `sql: ${err.message || err.code || String(e)}`);
}

/**
 * The server stopped a statement at the timeout we set from the run's deadline: postgres
 * statement_timeout (SQLSTATE 57014), MariaDB max_statement_time (1969), MySQL max_execution_time (3024).
 */
function isServerTimeout(e: unknown): boolean {
  const err = e as { code?: unknown; errno?: unknown };
  return err.code === '57014' || err.errno === 1969 || err.errno === 3024;
}

async function withConnection<T>(a: Args, run: (conn: SqlConnection, driver: SqlDriver) => Promise<T>): Promise<T> {
  const driver = driverFor(a.text('driverName'));
  const dsn = a.get('dataSourceName', 'string').v;
  if (dsn.trim() === '') throw new FluxError('invalid', 'invalid data source url: empty path supplied');
  const ctx: RunContext = a.run;
  ctx.checkNow();
  let conn: SqlConnection | undefined;
  // A query still running at the deadline or on cancellation is cut off: the run fails at once
  // and the connection is dropped (not closed politely, which would wait for the query).
  let cutOff = false;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    const stop = () => {
      cutOff = true;
      conn?.abort();
      try { ctx.checkNow(); } catch (e) { reject(e); return; }
      reject(ctx.timeLimitError()); // the timer may fire a millisecond early

    };
    timer = setTimeout(stop, Math.max(0, ctx.limits.deadline - Date.now()));
    onAbort = stop;
    ctx.signal?.addEventListener('abort', stop);
  });
  stopped.catch(() => undefined);
  try {
    const work = (async () => {
      conn = await driver.connect(dsn, { deadline: ctx.limits.deadline, sqliteDir: ctx.sqliteDir, maxRows: ctx.limits.maxRows - ctx.rows });
      if (cutOff) conn.abort();
      return run(conn, driver);
    })();
    work.catch(() => undefined);
    return await Promise.race([work, stopped]);
  } catch (e) {
    ctx.checkNow();
    if (isServerTimeout(e)) throw ctx.timeLimitError();
    throw driverError(e);
  } finally {
    clearTimeout(timer);
    if (onAbort) ctx.signal?.removeEventListener('abort', onAbort);
    if (!cutOff) await conn?.close();
  }
}

export const sqlPackage: FluxPackage = {
  path: 'sql',
  members: [
    builtin('from', '(driverName: string, dataSourceName: string, query: string) => stream[A]', (a) =>
      withConnection(a, async (conn) => {
        const res = await conn.query(a.get('query', 'string').v);
        a.run.addRows(res.rows.length);
        return stream([{ columns: res.columns, key: [], keyValues: [], rows: res.rows }]);
      })),

    builtin('to', '(<-tables: stream[A], driverName: string, dataSourceName: string, table: string, ?batchSize: int) => stream[A]', async (a) => {
      const input = a.get('tables', 'stream');
      const table = a.text('table');
      const batchSize = a.integer('batchSize', 10_000);
      if (batchSize < 1) throw new FluxError('invalid', 'sql.to: batchSize must be positive');
      await withConnection(a, (conn, driver) => conn.transaction(async () => {
        const d = driver.dialect;
        const q = d.quoteIdentifier;
        for (const t of input.tables) {
          const cols = t.columns.map((c) => `${q(c.label)} ${d.columnType(c.type)}`).join(', ');
          await conn.exec(`CREATE TABLE IF NOT EXISTS ${q(table)} (${cols})`, []);
        }
        for (const t of input.tables) {
          if (t.rows.length === 0 || t.columns.length === 0) continue;
          // batchSize counts parameters per statement, as in InfluxDB.
          const perBatch = Math.max(1, Math.floor(Math.min(batchSize, d.maxParams) / t.columns.length));
          const names = t.columns.map((c) => q(c.label)).join(', ');
          for (let start = 0; start < t.rows.length; start += perBatch) {
            a.run.checkNow();
            const batch = t.rows.slice(start, start + perBatch);
            const params: unknown[] = [];
            const tuples = batch.map((row) => `(${row.map((v: Value) => d.placeholder(params.push(d.param(v)) - 1)).join(', ')})`);
            await conn.exec(`INSERT INTO ${q(table)} (${names}) VALUES ${tuples.join(', ')}`, params);
          }
        }
      }));
      return input;
    }, { sideEffect: true }),
  ],
};
