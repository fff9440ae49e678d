/**
 * The composition root: storage → barrier → services, built from plain factory calls. The HTTP
 * server and the CLI are built on top of what this returns.
 */
import { AuditLog } from './audit/log.js';
import { Authenticator } from './auth/authenticator.js';
import { AuthorizationService } from './auth/authorizations.js';
import { SigninService } from './auth/signin.js';
import { Barrier } from './crypto/barrier.js';
import { type LoadedMasterKey, defaultMasterKeyPath, loadMasterKey } from './crypto/master-key.js';
import { KeyringService } from './crypto/rotation.js';
import type { ServerConfig } from './config.js';
import { mkdirSync } from 'node:fs';
import { QueryService } from './query/service.js';
import { SetupService } from './orgs/setup.js';
import { OrgService } from './orgs/service.js';
import { UserService } from './orgs/users.js';
import { SecretService } from './secrets/service.js';
import { type SecretUsageIndex, noUsage } from './secrets/usage.js';
import type { ServiceDeps } from './services.js';
import { type StorageConfig, type StorageHandle, openStorage } from './storage/database.js';
import { stores } from './storage/stores.js';

export interface Services {
  deps: ServiceDeps;
  config: ServerConfig;
  authenticator: Authenticator;
  signin: SigninService;
  setup: SetupService;
  orgs: OrgService;
  users: UserService;
  authorizations: AuthorizationService;
  secrets: SecretService;
  audit: AuditLog;
  queries: QueryService;
  keyring: KeyringService;
  masterKey: LoadedMasterKey;
  close(): Promise<void>;
}

export function storageConfigOf(config: ServerConfig): StorageConfig {
  return config.storage === 'postgres' ? { kind: 'postgres', url: config.postgresUrl! } : { kind: 'sqlite', dataDir: config.dataDir };
}

export function masterKeyOf(config: ServerConfig): LoadedMasterKey {
  return loadMasterKey({
    ...(config.masterKeyBase64 !== undefined ? { base64: config.masterKeyBase64 } : {}),
    ...(config.masterKeyFile !== undefined ? { file: config.masterKeyFile } : {}),
    // Only the embedded store gets a generated key; shared PostgreSQL needs one key for every instance.
    ...(config.storage === 'sqlite' ? { defaultFile: defaultMasterKeyPath(config.dataDir) } : {}),
  });
}

export async function createServices(config: ServerConfig, options: { clock?: () => Date; usage?: SecretUsageIndex } = {}): Promise<Services> {
  const masterKey = masterKeyOf(config);
  const storage: StorageHandle = await openStorage(storageConfigOf(config));
  let barrier: Barrier;
  try {
    barrier = await Barrier.unseal(masterKey.key, stores, storage.db, (job) => storage.writes.write(job));
  } catch (e) {
    await storage.close();
    throw e;
  }
  const deps: ServiceDeps = { storage, stores, barrier, clock: options.clock ?? (() => new Date()) };
  const orgs = new OrgService(deps);
  const audit = new AuditLog(deps);
  const secrets = new SecretService(deps, orgs, audit, options.usage ?? noUsage, { historyVersions: config.secretHistoryVersions });
  mkdirSync(config.sqliteScriptDir, { recursive: true, mode: 0o700 });
  return {
    deps,
    config,
    masterKey,
    authenticator: new Authenticator(deps),
    signin: new SigninService(deps),
    setup: new SetupService(deps, orgs),
    orgs,
    users: new UserService(deps),
    authorizations: new AuthorizationService(deps, orgs),
    secrets,
    audit,
    keyring: new KeyringService(deps),
    queries: new QueryService(secrets, { timeoutMs: config.queryTimeoutMs, concurrency: config.queryConcurrency, sqliteDir: config.sqliteScriptDir }),
    close: () => storage.close(),
  };
}
