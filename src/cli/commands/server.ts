/**
 * `strongroom server`: opens the store, unseals the barrier and serves the API and UI until
 * SIGTERM/SIGINT, then stops accepting, finishes requests in flight, closes storage, exits 0.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { ConfigError, type RawServerOptions, type ServerConfig, loadServerConfig } from '../../config.js';
import { WrongMasterKeyError } from '../../crypto/barrier.js';
import { MasterKeyError } from '../../crypto/master-key.js';
import { taskConfigFromEnv } from '../../tasks/config.js';

export function addServerOptions(cmd: Command): Command {
  return cmd
    .option('--http-bind-address <addr>', 'address to listen on (env STRONGROOM_HTTP_BIND_ADDRESS)', undefined)
    .option('--data-dir <dir>', 'data directory for the embedded store (env STRONGROOM_DATA_DIR; default ./.strongroom)')
    .option('--storage <kind>', 'sqlite or postgres (env STRONGROOM_STORAGE; default sqlite)')
    .option('--postgres-url <url>', 'PostgreSQL connection URL (env STRONGROOM_POSTGRES_URL)')
    .option('--master-key-file <file>', 'file holding the base64 master key (env STRONGROOM_MASTER_KEY_FILE; or STRONGROOM_MASTER_KEY)')
    .option('--tls-cert <file>', 'TLS certificate (PEM): serve HTTPS')
    .option('--tls-key <file>', 'TLS private key (PEM)')
    .option('--log-level <level>', 'trace, debug, info, warn, error or silent (env STRONGROOM_LOG_LEVEL; default info)')
    .option('--max-body-bytes <n>', 'largest request body accepted (default 1048576)')
    .option('--secret-history <n>', 'versions of each secret to keep (default 10)')
    .option('--query-timeout <ms>', 'longest a query may run (default 30000)')
    .option('--query-concurrency <n>', 'queries running at once (default 16)')
    .option('--sqlite-dir <dir>', 'directory sqlite3 DSNs in scripts are confined to (default DATA_DIR/sqlite)');
}

/** Builds services and the HTTP server without listening (used by `server` and by tests). */
export async function startServer(config: ServerConfig, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<{ services: Services; app: FastifyInstance; address: string }> {
  // Loaded here, not at the top: every CLI command imports this file, and client commands start faster without the server.
  const [{ createServices }, { buildHttpServer }, { httpPlugins }] = await Promise.all([import('../../app.js'), import('../../http/server.js'), import('../../http/plugins.js')]);
  const services = await createServices(config, { tasks: taskConfigFromEnv(process.env) });
  if (services.masterKey.created) {
    log(`warning: created a new master key in ${services.masterKey.origin}. It protects every secret: back it up, and in production keep it outside the data directory (--master-key-file or STRONGROOM_MASTER_KEY).`);
  }
  try {
    const https = config.tlsCert ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey!) } : undefined;
    const app = await buildHttpServer(services, {
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
      ...(https ? { https } : {}),
      plugins: httpPlugins,
    });
    const address = await app.listen({ host: config.host, port: config.port });
    // Tasks run once the API is up; services.close() stops the scheduler (waiting for runs in flight) before storage.
    services.scheduler.start();
    return { services, app, address };
  } catch (e) {
    await services.close();
    throw e;
  }
}

export function registerServerCommand(program: Command): void {
  addServerOptions(program.command('server').description('serve the API and web UI')).action(async (flags: RawServerOptions) => {
    let config: ServerConfig;
    let running: Awaited<ReturnType<typeof startServer>>;
    try {
      config = loadServerConfig(flags, process.env);
      running = await startServer(config);
    } catch (e) {
      if (e instanceof ConfigError || e instanceof MasterKeyError || e instanceof WrongMasterKeyError) {
        process.stderr.write(`strongroom: ${e.message}\n`);
        process.exit(1);
      }
      process.stderr.write(`strongroom: cannot start: ${(e as Error).message}\n`);
      process.exit(1);
    }
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`strongroom: ${signal} received, shutting down\n`);
      try {
        await running.app.close();
        await running.services.close();
        process.exit(0);
      } catch (e) {
        process.stderr.write(`strongroom: error while shutting down: ${(e as Error).message}\n`);
        process.exit(1);
      }
    };
    // Handlers go in before the "listening" line: a supervisor may signal as soon as it reads it.
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
    // Tests and supervisors read this line to learn the address (the port may have been 0).
    process.stdout.write(`strongroom listening on ${running.address} (storage: ${config.storage}${config.storage === 'sqlite' ? `, data dir ${config.dataDir}` : ''})\n`);
  });
}
