/**
 * sql driver "sqlite3" (better-sqlite3). DSN: `file:name.db?mode=ro`, a path, `:memory:` or
 * `file::memory:`. Files are confined to the run's sqliteDir: a script cannot open a database
 * elsewhere on the server (the server's own store included).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Value } from '../../interpreter/values.js';
import type { ColumnType } from '../../interpreter/table.js';
import { FluxError } from '../../interpreter/errors.js';
import { formatTimeRFC3339Nano } from '../../interpreter/time.js';
import type { SqlConnection, SqlDriver } from './driver.js';
import { quoteWith } from './driver.js';
import { cellToValue } from './convert.js';

interface SqliteTarget { file: string; readonly: boolean; mustExist: boolean }

/** Resolves a DSN to a file inside `dir` (or :memory:), refusing anything that escapes it. */
export function resolveSqliteDsn(dsn: string, dir: string): SqliteTarget {
  let rest = dsn.trim();
  if (rest === '') throw new FluxError('invalid', 'invalid data source url: empty path supplied');
  let query = '';
  if (rest.startsWith('file:')) {
    rest = rest.slice('file:'.length);
    const q = rest.indexOf('?');
    if (q >= 0) { query = rest.slice(q + 1); rest = rest.slice(0, q); }
    if (rest.startsWith('//')) rest = rest.slice(2);
  }
  const params = new URLSearchParams(query);
  const mode = params.get('mode') ?? 'rwc';
  if (rest === ':memory:' || rest === '' && params.get('mode') === 'memory') {
    return { file: ':memory:', readonly: false, mustExist: false };
  }
  // realpath(3) in one call each: the JS realpath lstat()s every path component, per query.
  const root = fs.realpathSync.native(dir);
  const file = path.resolve(root, decodeURIComponent(rest));
  const parent = fs.existsSync(path.dirname(file)) ? fs.realpathSync.native(path.dirname(file)) : '';
  const real = fs.existsSync(file) ? fs.realpathSync.native(file) : path.join(parent, path.basename(file));
  if (!parent || (real !== root && !real.startsWith(root + path.sep))) {
    throw new FluxError('invalid', 'invalid data source url: sqlite3 databases must be inside the server\'s sqlite directory');
  }
  return { file: real, readonly: mode === 'ro', mustExist: mode === 'ro' || mode === 'rw' };
}

/** Declared column type -> Flux column type, after InfluxDB's sqlite mapping. */
function typeFromDeclared(declared: string | null): ColumnType | undefined {
  if (!declared) return undefined;
  const t = declared.toUpperCase();
  if (/INT/.test(t)) return 'int';
  if (/REAL|FLOA|DOUB|NUMERIC|DECIMAL/.test(t)) return 'float';
  if (/BOOL/.test(t)) return 'bool';
  if (/DATE|TIME/.test(t)) return 'time';
  return 'string';
}

function typeFromCell(cell: unknown): ColumnType {
  if (typeof cell === 'bigint') return 'int';
  if (typeof cell === 'number') return 'float';
  return 'string';
}

export const sqliteDriver: SqlDriver = {
  name: 'sqlite3',
  dialect: {
    quoteIdentifier: quoteWith('"'),
    placeholder: () => '?',
    columnType: (t) => ({ int: 'INT', uint: 'INT', float: 'FLOAT', string: 'TEXT', bool: 'BOOL', time: 'DATETIME' })[t],
    param: (v: Value) => {
      switch (v.kind) {
        case 'null': return null;
        case 'int': case 'uint': return v.v;
        case 'bool': return v.v ? 1 : 0;
        case 'time': return formatTimeRFC3339Nano(v.v);
        case 'float': case 'string': return v.v;
        default: return null;
      }
    },
    maxParams: 999,
  },
  async connect(dsn, { sqliteDir, deadline, maxRows }) {
    const target = resolveSqliteDsn(dsn, sqliteDir);
    let db: Database.Database;
    try {
      db = new Database(target.file, { readonly: target.readonly, fileMustExist: target.mustExist });
    } catch (e) {
      throw new FluxError('invalid', `sqlite3: cannot open database: ${(e as Error).message}`);
    }
    db.defaultSafeIntegers(true);
    const conn: SqlConnection = {
      async query(sql) {
        const stmt = db.prepare(sql);
        if (!stmt.reader) {
          stmt.run();
          return { columns: [], rows: [] };
        }
        // better-sqlite3 is synchronous and cannot be interrupted, so rows are pulled one by one
        // and the run's row limit and deadline are checked as they arrive.
        const raw: unknown[][] = [];
        for (const row of stmt.raw(true).iterate() as IterableIterator<unknown[]>) {
          raw.push(row);
          if (raw.length > maxRows) throw new FluxError('unprocessable entity', 'query exceeded its row limit while reading sqlite3 results');
          if ((raw.length & 1023) === 0 && Date.now() > deadline) throw new FluxError('unprocessable entity', 'query exceeded its time limit while reading sqlite3 results');
        }
        const columns = stmt.columns().map((c, i) => ({
          label: c.name,
          type: typeFromDeclared(c.type) ?? typeFromCell(raw.find((r) => r[i] !== null)?.[i]),
        }));
        // Each row array is the driver's own fresh copy: converted in place rather than copied.
        const rows = raw as Value[][];
        for (const row of raw) for (let i = 0; i < row.length; i++) row[i] = cellToValue(row[i], columns[i]!.type);
        return { columns, rows };
      },
      async exec(sql, params) {
        db.prepare(sql).run(...params);
      },
      async transaction(work) {
        db.exec('BEGIN');
        try {
          await work();
          db.exec('COMMIT');
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      },
      async close() {
        if (db.open) db.close();
      },
      abort() {
        // A synchronous statement cannot be interrupted; the row loop above checks the deadline.
      },
    };
    return conn;
  },
};
