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
import { ReadCache, withReadCache } from './storage/read-cache.js';
import { OrgService } from './orgs/service.js';
import { UserService } from './orgs/users.js';
import { SecretService } from './secrets/service.js';
import type { SecretUsageIndex } from './secrets/usage.js';
import type { ServiceDeps } from './services.js';
import { type StorageConfig, type StorageHandle, openStorage } from './storage/database.js';
import { stores } from './storage/stores.js';
import { ScriptService } from './scripts/service.js';
import type { TaskRuntimeConfig } from './tasks/config.js';
import { newInstanceId } from './tasks/config.js';
import { RunExecutor } from './tasks/executor.js';
import { DEFAULT_SCHEDULER, TaskScheduler } from './tasks/scheduler.js';
import { TaskService } from './tasks/service.js';
import { secretUsageIndex } from './tasks/usage.js';

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
  tasks: TaskService;
  /** Runs tasks; started by the server command after it listens, stopped by close(). */
  scheduler: TaskScheduler;
  scripts: ScriptService;
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

export async function createServices(config: ServerConfig, options: { clock?: () => Date; usage?: SecretUsageIndex; tasks?: Partial<TaskRuntimeConfig> } = {}): Promise<Services> {
  const masterKey = masterKeyOf(config);
  const storage: StorageHandle = await openStorage(storageConfigOf(config));
  // Every request repeats the same few reads; on SQLite they are answered from memory until their tables change.
  const cachedStores = storage.changes ? withReadCache(stores, storage.changes, new ReadCache(storage.changes)) : stores;
  let barrier: Barrier;
  try {
    barrier = await Barrier.unseal(masterKey.key, cachedStores, storage.db, (job) => storage.writes.write(job));
  } catch (e) {
    await storage.close();
    throw e;
  }
  const deps: ServiceDeps = { storage, stores: cachedStores, barrier, clock: options.clock ?? (() => new Date()) };
  const orgs = new OrgService(deps);
  const audit = new AuditLog(deps);
  const secrets = new SecretService(deps, orgs, audit, options.usage ?? secretUsageIndex(cachedStores.secretReferences), { historyVersions: config.secretHistoryVersions });
  mkdirSync(config.sqliteScriptDir, { recursive: true, mode: 0o700 });
  const authenticator = new Authenticator(deps);
  const queries = new QueryService(secrets, { timeoutMs: config.queryTimeoutMs, concurrency: config.queryConcurrency, sqliteDir: config.sqliteScriptDir });
  const taskConfig = { ...DEFAULT_SCHEDULER, instanceId: newInstanceId(), ...options.tasks };
  const tasks = new TaskService(deps, orgs);
  const executor = new RunExecutor(deps, authenticator, queries, { instanceId: taskConfig.instanceId, timeoutMs: taskConfig.timeoutMs ?? config.queryTimeoutMs });
  const scheduler = new TaskScheduler(deps, executor, taskConfig);
  tasks.attachScheduler(scheduler);
  return {
    deps,
    config,
    masterKey,
    authenticator,
    signin: new SigninService(deps),
    setup: new SetupService(deps, orgs),
    orgs,
    users: new UserService(deps),
    authorizations: new AuthorizationService(deps, orgs),
    secrets,
    audit,
    keyring: new KeyringService(deps),
    queries,
    tasks,
    scheduler,
    scripts: new ScriptService(deps, orgs, queries),
    async close() {
      await scheduler.stop();
      await storage.close();
    },
  };
}
