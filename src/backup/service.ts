/**
 * `strongroom backup` and `strongroom restore`. A backup reads the store directly (the same
 * storage flags as `server`), while the server runs or not: a consistent snapshot, written to a
 * 0600 file atomically. A restore needs an empty target (a fresh data dir or database; only the
 * master-key check a first start writes may be there) and, when a master key is given, checks
 * that it opens the backup before anything commits.
 */
import { once } from 'node:events';
import { closeSync, createReadStream, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Barrier, WrongMasterKeyError } from '../crypto/barrier.js';
import type { Tx } from '../storage/contracts.js';
import { type StorageConfig, openStorage } from '../storage/database.js';
import { migrationsFor } from '../storage/migrations.js';
import { type Row, nonEmptyTables, readSnapshot, restoreRows } from '../storage/snapshot.js';
import { stores } from '../storage/stores.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupEnd, BackupFormatError, type BackupHeader, decodeRow, encodeRow, parseHeader } from './format.js';

export class RestoreRefusedError extends Error {}

/** Writes a snapshot of the store to `file` (replaced atomically); returns rows per table. */
export async function backupStore(config: StorageConfig, file: string, clock: () => Date = () => new Date()): Promise<Record<string, number>> {
  const partial = `${file}.partial-${process.pid}`;
  const fd = openSync(partial, 'w', 0o600);
  const counts: Record<string, number> = {};
  let pending = '';
  const put = (value: unknown) => {
    pending += JSON.stringify(value) + '\n';
    if (pending.length > 1 << 20) { writeSync(fd, pending); pending = ''; }
  };
  try {
    await readSnapshot(config, {
      start({ dialect, migrations }) {
        const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: clock().toISOString(), source: dialect, migrations };
        put(header);
      },
      table(name, rows) {
        counts[name] = (counts[name] ?? 0) + rows.length;
        for (const row of rows) put({ table: name, row: encodeRow(row) });
      },
    });
    put({ end: true, rows: counts } satisfies BackupEnd);
    writeSync(fd, pending);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(partial, file);
    return counts;
  } catch (e) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(partial, { force: true });
    throw e;
  }
}

async function* lines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) if (line !== '') yield line;
  } finally {
    rl.close();
    input.destroy();
    if (!input.closed) await once(input, 'close').catch(() => {});
  }
}

async function readHeader(file: string): Promise<BackupHeader> {
  for await (const line of lines(file)) return parseHeader(line, file);
  throw new BackupFormatError(`${file} is empty`);
}

/** The row lines of a backup; throws if the end line is missing or its counts disagree. */
async function* rowsOf(file: string): AsyncGenerator<{ table: string; row: Row }> {
  const seen: Record<string, number> = {};
  let first = true;
  for await (const line of lines(file)) {
    if (first) { first = false; continue; }
    let rec: { table?: unknown; row?: unknown; end?: unknown; rows?: Record<string, number> };
    try {
      rec = JSON.parse(line) as typeof rec;
    } catch {
      throw new BackupFormatError(`${file}: a line is not JSON (the file is damaged)`);
    }
    if (rec.end === true) {
      for (const [t, n] of Object.entries(rec.rows ?? {})) {
        if ((seen[t] ?? 0) !== n) throw new BackupFormatError(`${file}: table ${t} has ${seen[t] ?? 0} rows, the backup recorded ${n} (the file is damaged)`);
      }
      return;
    }
    if (typeof rec.table !== 'string' || rec.row === null || typeof rec.row !== 'object') throw new BackupFormatError(`${file}: malformed row line`);
    seen[rec.table] = (seen[rec.table] ?? 0) + 1;
    yield { table: rec.table, row: decodeRow(rec.row as Row) };
  }
  throw new BackupFormatError(`${file} is truncated (no end line)`);
}

/**
 * Restores `file` into the empty store `config`. With `masterKey`, refuses unless it opens the
 * backup (checked inside the restoring transaction, so a wrong key restores nothing); the
 * refusal names the key by `keyOrigin`.
 */
export async function restoreStore(config: StorageConfig, file: string, masterKey?: Buffer, keyOrigin = 'the master key given'): Promise<Record<string, number>> {
  const header = await readHeader(file);
  const known = new Set(Object.keys(migrationsFor(config.kind)));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0) throw new RestoreRefusedError(`${file} comes from a newer Strongroom (schema migrations ${unknown.join(', ')} are unknown here); restore it with that version`);
  const storage = await openStorage(config);
  try {
    const busy = await nonEmptyTables(storage);
    if (busy.length > 0) {
      const where = config.kind === 'sqlite' ? `data dir ${config.dataDir}` : 'the PostgreSQL database';
      throw new RestoreRefusedError(`refusing to restore into ${where}: it is not empty (${busy.map((b) => `${b.table}: ${b.rows} rows`).join(', ')}). Restore into an empty data dir or an empty database.`);
    }
    return await restoreRows(storage, rowsOf(file), async (tx) => {
      if (!masterKey) return;
      const t = tx as unknown as Tx;
      try {
        await Barrier.unseal(masterKey, stores, t, (job) => job(t));
      } catch (e) {
        if (e instanceof WrongMasterKeyError) throw new RestoreRefusedError(`${keyOrigin} does not open this backup: restore with the master key that was in use when the backup was taken`);
        throw e;
      }
    });
  } finally {
    await storage.close();
  }
}
