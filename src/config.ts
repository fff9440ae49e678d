/**
 * Server configuration: flags override environment variables override defaults. Parsed once
 * at the edge (the CLI) and passed down; no service reads the environment itself.
 */
import { resolve } from 'node:path';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  storage: 'sqlite' | 'postgres';
  postgresUrl?: string;
  masterKeyFile?: string;
  /** base64 master key from STRONGROOM_MASTER_KEY (never from a flag: it would show in `ps`). */
  masterKeyBase64?: string;
  tlsCert?: string;
  tlsKey?: string;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  maxBodyBytes: number;
  secretHistoryVersions: number;
  queryTimeoutMs: number;
  queryConcurrency: number;
  /** Directory that sqlite3 DSNs in scripts are confined to. */
  sqliteScriptDir: string;
}

export interface RawServerOptions {
  httpBindAddress?: string;
  dataDir?: string;
  storage?: string;
  postgresUrl?: string;
  masterKeyFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  logLevel?: string;
  maxBodyBytes?: string;
  secretHistory?: string;
  queryTimeout?: string;
  queryConcurrency?: string;
  sqliteDir?: string;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** `:8086`, `127.0.0.1:9999`, `[::1]:80` → host and port, as influxd's --http-bind-address. */
export function parseBindAddress(addr: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr);
  if (!m) throw new ConfigError(`--http-bind-address ${JSON.stringify(addr)} must look like ":8086" or "127.0.0.1:8086"`);
  const port = Number(m[3]);
  if (port > 65535) throw new ConfigError(`--http-bind-address port ${port} is out of range`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

export function loadServerConfig(flags: RawServerOptions, env: NodeJS.ProcessEnv): ServerConfig {
  const pick = (flag: string | undefined, envName: string) => flag ?? (env[envName] === '' ? undefined : env[envName]);
  const { host, port } = parseBindAddress(pick(flags.httpBindAddress, 'STRONGROOM_HTTP_BIND_ADDRESS') ?? ':8086');
  const dataDir = resolve(pick(flags.dataDir, 'STRONGROOM_DATA_DIR') ?? './.strongroom');
  const storage = pick(flags.storage, 'STRONGROOM_STORAGE') ?? 'sqlite';
  if (storage !== 'sqlite' && storage !== 'postgres') throw new ConfigError(`--storage must be "sqlite" or "postgres", got ${JSON.stringify(storage)}`);
  const postgresUrl = pick(flags.postgresUrl, 'STRONGROOM_POSTGRES_URL');
  if (storage === 'postgres' && !postgresUrl) throw new ConfigError('--storage postgres needs --postgres-url or STRONGROOM_POSTGRES_URL');
  const logLevel = pick(flags.logLevel, 'STRONGROOM_LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const tlsCert = pick(flags.tlsCert, 'STRONGROOM_TLS_CERT');
  const tlsKey = pick(flags.tlsKey, 'STRONGROOM_TLS_KEY');
  if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new ConfigError('--tls-cert and --tls-key must be given together');
  const masterKeyFile = pick(flags.masterKeyFile, 'STRONGROOM_MASTER_KEY_FILE');
  const masterKeyBase64 = env.STRONGROOM_MASTER_KEY === '' ? undefined : env.STRONGROOM_MASTER_KEY;
  return {
    host, port, dataDir, storage, logLevel: logLevel as ServerConfig['logLevel'],
    ...(postgresUrl !== undefined ? { postgresUrl } : {}),
    ...(masterKeyFile !== undefined ? { masterKeyFile: resolve(masterKeyFile) } : {}),
    ...(masterKeyBase64 !== undefined ? { masterKeyBase64 } : {}),
    ...(tlsCert !== undefined ? { tlsCert, tlsKey: tlsKey! } : {}),
    maxBodyBytes: positiveInt('--max-body-bytes', pick(flags.maxBodyBytes, 'STRONGROOM_MAX_BODY_BYTES'), 1024 * 1024),
    secretHistoryVersions: positiveInt('--secret-history', pick(flags.secretHistory, 'STRONGROOM_SECRET_HISTORY'), 10),
    queryTimeoutMs: positiveInt('--query-timeout', pick(flags.queryTimeout, 'STRONGROOM_QUERY_TIMEOUT_MS'), 30_000),
    queryConcurrency: positiveInt('--query-concurrency', pick(flags.queryConcurrency, 'STRONGROOM_QUERY_CONCURRENCY'), 16),
    sqliteScriptDir: resolve(pick(flags.sqliteDir, 'STRONGROOM_SQLITE_DIR') ?? resolve(dataDir, 'sqlite')),
  };
}
