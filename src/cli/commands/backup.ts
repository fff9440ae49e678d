/**
 * `strongroom backup FILE` and `strongroom restore FILE`, with the storage flags of `server`.
 * Both work on the store directly (not through the API): a backup may run while the server
 * serves (SQLite: online backup API over WAL; PostgreSQL: one snapshot transaction); a restore
 * needs an empty target and a stopped server. The master key is never in a backup: keep it.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, type RawServerOptions, loadServerConfig } from '../../config.js';
import { defaultMasterKeyPath } from '../../crypto/master-key.js';
import { printJson, printTable } from '../output.js';

function withStorageOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data directory of the embedded store (env STRONGROOM_DATA_DIR; default ./.strongroom)')
    .option('--storage <kind>', 'sqlite or postgres (env STRONGROOM_STORAGE; default sqlite)')
    .option('--postgres-url <url>', 'PostgreSQL connection URL (env STRONGROOM_POSTGRES_URL)')
    .option('--json', 'print JSON');
}

/** The storage stack, loaded when a command runs (so other commands start fast). */
const load = async () => {
  const [app, service] = await Promise.all([import('../../app.js'), import('../../backup/service.js')]);
  return { ...app, ...service };
};

function run<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      // Our errors (config, master key, refused restore, damaged file) say what to do; so do driver errors.
      process.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  };
}

const tableRows = (counts: Record<string, number>) => Object.entries(counts).map(([t, n]) => [t, n]);

export function registerBackupCommands(program: Command): void {
  withStorageOptions(program.command('backup').argument('<file>', 'where to write the backup (replaced atomically)')
    .description('write a consistent snapshot of the store (ciphertexts only; safe while the server runs)'))
    .option('--force', 'replace FILE if it exists')
    .action(run(async (file: string, flags: RawServerOptions & { json?: boolean; force?: boolean }) => {
      if (existsSync(file) && !flags.force) throw new ConfigError(`${file} exists; give --force to replace it`);
      const config = loadServerConfig(flags, process.env);
      const { backupStore, storageConfigOf } = await load();
      const counts = await backupStore(storageConfigOf(config), file);
      if (flags.json) printJson({ file, rows: counts });
      else printTable(['Table', 'Rows'], tableRows(counts));
      process.stderr.write(`Backup written to ${file}. It does not contain the master key: keep that separately, a restore needs it.\n`);
    }));

  withStorageOptions(program.command('restore').argument('<file>', 'a file written by `strongroom backup`')
    .description('restore a backup into an empty data dir or database (server stopped)'))
    .option('--master-key-file <file>', 'check that this master key opens the backup (env STRONGROOM_MASTER_KEY_FILE or STRONGROOM_MASTER_KEY)')
    .action(run(async (file: string, flags: RawServerOptions & { json?: boolean }) => {
      if (!existsSync(file)) throw new ConfigError(`backup file ${file} does not exist`);
      const config = loadServerConfig(flags, process.env);
      const given = config.masterKeyBase64 !== undefined || config.masterKeyFile !== undefined
        || (config.storage === 'sqlite' && existsSync(defaultMasterKeyPath(config.dataDir)));
      const { masterKeyOf, restoreStore, storageConfigOf } = await load();
      const loaded = given ? masterKeyOf(config) : undefined;
      const masterKey = loaded?.key;
      const counts = await restoreStore(storageConfigOf(config), file, masterKey, loaded && `the master key from ${loaded.origin}`);
      if (flags.json) printJson({ file, rows: counts, masterKeyChecked: masterKey !== undefined });
      else printTable(['Table', 'Rows'], tableRows(counts));
      if (!masterKey) process.stderr.write('Restored. No master key was given to check: start the server with the master key that was in use when the backup was taken.\n');
    }));
}
