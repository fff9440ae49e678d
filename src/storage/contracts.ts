/**
 * The storage contract, one interface per domain. Services depend on these, never on Kysely or a
 * driver. Every method that writes takes the transaction it runs in (`Tx`) as its first argument,
 * so a write outside a transaction is a type error. Implementations: src/storage/kysely-*.ts,
 * one implementation serving SQLite and PostgreSQL; test/storage/conformance.ts checks both.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** A write transaction (from `StorageHandle.writes.write`). */
export type Tx = Transaction<Database>;
/** Anything that can read: the database or a transaction. */
export type Reader = Kysely<Database> | Transaction<Database>;

export interface Actor {
  type: 'user' | 'token' | 'task' | 'system';
  id: string;
  name: string;
}

export interface OrgRecord { id: string; name: string; description: string; createdAt: string; updatedAt: string }
export interface UserRecord { id: string; name: string; status: 'active' | 'inactive'; passwordHash: string | null; createdAt: string; updatedAt: string }
export interface MembershipRecord { orgId: string; userId: string; role: 'owner' | 'member' }
export interface AuthorizationRecord {
  id: string;
  tokenHash: string;
  status: 'active' | 'inactive';
  description: string;
  orgId: string;
  userId: string;
  permissions: unknown[];
  createdAt: string;
  updatedAt: string;
}
export interface SessionRecord { idHash: string; userId: string; createdAt: string; expiresAt: string }

export interface SecretMetadataRecord {
  orgId: string;
  key: string;
  currentVersion: number;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: Actor;
}
export interface SecretVersionRecord { version: number; createdAt: string; createdBy: Actor }

export interface AuditEventRecord {
  id: string;
  time: string;
  orgId: string;
  actor: Actor;
  action: 'create' | 'replace' | 'delete' | 'restore' | 'read';
  key: string;
  version: number | null;
  requestId: string;
  remoteAddress: string;
}
export interface AuditQuery { orgId: string; key?: string; actor?: string; action?: string; after?: string; limit: number }

export interface OrgStore {
  insert(tx: Tx, org: OrgRecord): Promise<void>;
  findById(r: Reader, id: string): Promise<OrgRecord | undefined>;
  findByName(r: Reader, name: string): Promise<OrgRecord | undefined>;
  list(r: Reader, filter?: { id?: string; name?: string; ids?: string[] }): Promise<OrgRecord[]>;
  update(tx: Tx, id: string, patch: { name?: string; description?: string; updatedAt: string }): Promise<void>;
  delete(tx: Tx, id: string): Promise<boolean>;
}

export interface UserStore {
  insert(tx: Tx, user: UserRecord): Promise<void>;
  findById(r: Reader, id: string): Promise<UserRecord | undefined>;
  findByName(r: Reader, name: string): Promise<UserRecord | undefined>;
  list(r: Reader, filter?: { name?: string; id?: string }): Promise<UserRecord[]>;
  setPasswordHash(tx: Tx, id: string, hash: string, updatedAt: string): Promise<void>;
  count(r: Reader): Promise<number>;
  addMember(tx: Tx, m: MembershipRecord, createdAt: string): Promise<void>;
  removeMember(tx: Tx, orgId: string, userId: string): Promise<boolean>;
  members(r: Reader, orgId: string, role?: 'owner' | 'member'): Promise<(MembershipRecord & { name: string; status: string })[]>;
  membershipsOf(r: Reader, userId: string): Promise<MembershipRecord[]>;
}

export interface AuthorizationStore {
  insert(tx: Tx, a: AuthorizationRecord): Promise<void>;
  findById(r: Reader, id: string): Promise<AuthorizationRecord | undefined>;
  findByTokenHash(r: Reader, hash: string): Promise<AuthorizationRecord | undefined>;
  /** The authorization with this token hash and the user it belongs to, in one lookup (every API request makes it). */
  findByTokenHashWithUser(r: Reader, hash: string): Promise<{ auth: AuthorizationRecord; user: UserRecord } | undefined>;
  list(r: Reader, filter?: { orgId?: string; userId?: string; ids?: string[] }): Promise<AuthorizationRecord[]>;
  update(tx: Tx, id: string, patch: { status?: 'active' | 'inactive'; description?: string; updatedAt: string }): Promise<void>;
  delete(tx: Tx, id: string): Promise<boolean>;
}

export interface SessionStore {
  insert(tx: Tx, s: SessionRecord): Promise<void>;
  find(r: Reader, idHash: string): Promise<SessionRecord | undefined>;
  delete(tx: Tx, idHash: string): Promise<void>;
}

export interface SigninFailures { failures: number; lastFailureAt: string; blockedUntil: string }
export interface SigninThrottleStore {
  get(r: Reader, subject: string): Promise<SigninFailures | undefined>;
  put(tx: Tx, subject: string, f: SigninFailures): Promise<void>;
  clear(tx: Tx, subject: string): Promise<void>;
}

/** Instance-wide facts, such as "setup is done" (a unique row, so two racing setups cannot both win). */
export interface SettingsStore {
  get(r: Reader, name: string): Promise<string | undefined>;
  /** Inserts the setting; returns false if it already existed. */
  insertOnce(tx: Tx, name: string, value: string): Promise<boolean>;
}

export interface KeyringStore {
  getMasterCheck(r: Reader): Promise<Buffer | undefined>;
  /** Stores the check value unless one exists; returns the stored one. */
  initMasterCheck(tx: Tx, sealed: Buffer, createdAt: string): Promise<Buffer>;
  replaceMasterCheck(tx: Tx, sealed: Buffer): Promise<void>;
  dataKey(r: Reader, orgId: string, term: number): Promise<Buffer | undefined>;
  latestDataKey(r: Reader, orgId: string): Promise<{ term: number; wrapped: Buffer } | undefined>;
  insertDataKey(tx: Tx, orgId: string, term: number, wrapped: Buffer, createdAt: string): Promise<boolean>;
  allDataKeys(r: Reader): Promise<{ orgId: string; term: number; wrapped: Buffer }[]>;
  rewrapDataKey(tx: Tx, orgId: string, term: number, wrapped: Buffer): Promise<void>;
}

export interface SecretStore {
  /** Sorted by UTF-8 bytes; read-only, as it may be shared with other callers (src/storage/read-cache.ts). */
  listKeys(r: Reader, orgId: string): Promise<readonly string[]>;
  listMetadata(r: Reader, orgId: string): Promise<SecretMetadataRecord[]>;
  metadata(r: Reader, orgId: string, key: string): Promise<SecretMetadataRecord | undefined>;
  /** Ciphertext of the current version (or of `version`). */
  ciphertext(r: Reader, orgId: string, key: string, version?: number): Promise<{ version: number; ciphertext: Buffer } | undefined>;
  /** Writes a new current version, prunes history beyond `keep` versions; returns the new version number and whether the key existed. */
  put(tx: Tx, orgId: string, key: string, ciphertext: Buffer, actor: Actor, now: string, keep: number): Promise<{ version: number; created: boolean }>;
  /** Deletes the keys that exist (with their history); returns those deleted with their last version. */
  delete(tx: Tx, orgId: string, keys: string[]): Promise<{ key: string; version: number }[]>;
  versions(r: Reader, orgId: string, key: string): Promise<SecretVersionRecord[]>;
  setCurrent(tx: Tx, orgId: string, key: string, version: number, actor: Actor, now: string): Promise<void>;
}

export interface AuditStore {
  /** Appends the record; false (and nothing written) when its ID is already taken. */
  append(tx: Tx, event: AuditEventRecord): Promise<boolean>;
  query(r: Reader, q: AuditQuery): Promise<AuditEventRecord[]>;
}

export interface Stores extends TaskStores {
  orgs: OrgStore;
  users: UserStore;
  authorizations: AuthorizationStore;
  sessions: SessionStore;
  signinThrottle: SigninThrottleStore;
  settings: SettingsStore;
  keyring: KeyringStore;
  secrets: SecretStore;
  audit: AuditStore;
}

export type TaskStatus = 'active' | 'inactive';
export type RunStatus = 'scheduled' | 'started' | 'success' | 'failed' | 'canceled';

export interface TaskRecord {
  id: string;
  orgId: string;
  ownerId: string;
  name: string;
  description: string;
  status: TaskStatus;
  flux: string;
  every: string | null;
  cron: string | null;
  offset: string | null;
  concurrency: number;
  retry: number;
  latestCompleted: string;
  lastRunStatus: RunStatus | null;
  lastRunError: string | null;
  /** The next scheduled time that no instance has claimed yet; null while inactive. */
  nextScheduledFor: string | null;
  /** When that run may start (scheduled time plus offset). */
  nextDueAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RunRecord {
  id: string;
  taskId: string;
  orgId: string;
  status: RunStatus;
  scheduledFor: string;
  /** Set for runs of the schedule: (taskId, scheduleKey) is unique, so a scheduled time runs once. */
  scheduleKey: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /** 1 for the first attempt; retries count up. */
  attempt: number;
  /** The instance that claimed it (kept once finished), and until when its claim holds unless renewed. */
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
}

export interface RunLogRecord { runId: string; taskId: string; time: string; message: string }

/** Tasks at the same point of the same schedule, which move together. */
export interface DueGroup { nextScheduledFor: string; every: string | null; cron: string | null; offset: string | null; count: number }

export type TaskPatch = Partial<Pick<TaskRecord, 'name' | 'description' | 'status' | 'flux' | 'every' | 'cron' | 'offset' | 'concurrency' | 'retry' | 'latestCompleted' | 'nextScheduledFor' | 'nextDueAt'>> & { updatedAt: string };

/**
 * Tasks and their schedule. Claiming is a compare-and-set on `nextScheduledFor`, so when several
 * instances share one database each scheduled time is claimed by exactly one of them.
 */
export interface TaskStore {
  insert(tx: Tx, t: TaskRecord): Promise<void>;
  findById(r: Reader, id: string): Promise<TaskRecord | undefined>;
  /** Ordered by ID; `after` is an ID to page from. */
  list(r: Reader, filter: { orgIds?: string[]; name?: string; status?: TaskStatus; after?: string; limit: number }): Promise<TaskRecord[]>;
  update(tx: Tx, id: string, patch: TaskPatch): Promise<void>;
  delete(tx: Tx, id: string): Promise<boolean>;
  /** The earliest time an active task is due (for the scheduler's sleep). */
  earliestDue(r: Reader): Promise<string | undefined>;
  /** The schedule points that are due at `now`: each (next time, every, cron, offset) with active tasks at it. */
  dueGroups(r: Reader, now: string): Promise<DueGroup[]>;
  /**
   * Claims up to `limit` active tasks of a due group: moves their schedule from `g.nextScheduledFor`
   * to `next`, but only where it still is there (compare-and-set) and the task has fewer than
   * `concurrency` runs started. Returns the tasks moved (as updated): the caller owns that time.
   */
  claimGroup(tx: Tx, g: DueGroup, next: { scheduledFor: string; dueAt: string }, now: string, limit: number): Promise<TaskRecord[]>;
  /** Records a finished run on its task: last status and error; latestCompleted only moves forward. */
  recordCompletion(tx: Tx, id: string, c: { scheduledFor: string; status: RunStatus; error: string | null }): Promise<void>;
}

export interface RunStore {
  insert(tx: Tx, runs: RunRecord[]): Promise<void>;
  /** Inserts the started runs of freshly claimed tasks (IDs made by the database); returns them. */
  insertClaimed(tx: Tx, taskIds: string[], c: { scheduledFor: string; requestedAt: string; leaseOwner: string; leaseExpiresAt: string }): Promise<RunRecord[]>;
  find(r: Reader, taskId: string, runId: string): Promise<RunRecord | undefined>;
  /** Newest scheduled first. */
  list(r: Reader, taskId: string, filter: { afterTime?: string; beforeTime?: string; limit: number }): Promise<RunRecord[]>;
  /** Runs started and not finished, of a task (for its concurrency) or of every task. */
  countStarted(r: Reader, taskId: string): Promise<number>;
  /** Whether any run is queued (a cheap read before claiming). */
  anyQueued(r: Reader): Promise<boolean>;
  /** Claims queued runs (manual runs, retries) whose time has come, for `owner` until `leaseUntil`. */
  claimQueued(tx: Tx, owner: string, now: string, leaseUntil: string, limit: number): Promise<RunRecord[]>;
  /** Finishes a started run held by `owner`; false if it was canceled or its lease was lost meanwhile. */
  finish(tx: Tx, runId: string, owner: string, f: { status: 'success' | 'failed' | 'canceled'; finishedAt: string; error: string | null }): Promise<boolean>;
  /** Cancels a queued or started run; returns its status before, or undefined if it had finished. */
  cancel(tx: Tx, runId: string, at: string): Promise<RunStatus | undefined>;
  /** Extends the leases of `owner`'s started runs among `runIds`; returns those still started. */
  renew(tx: Tx, owner: string, runIds: string[], until: string): Promise<string[]>;
  /** Marks started runs whose lease ran out before `now` as failed with `error`; returns them. */
  expire(tx: Tx, now: string, error: string): Promise<RunRecord[]>;
  appendLogs(tx: Tx, logs: RunLogRecord[]): Promise<void>;
  /** The newest `limit` lines, oldest first; of one run, or of every run of the task. */
  logs(r: Reader, taskId: string, runId: string | undefined, limit: number): Promise<RunLogRecord[]>;
}

export interface ScriptRecord { id: string; orgId: string; name: string; description: string; language: string; script: string; createdAt: string; updatedAt: string }

export interface ScriptStore {
  insert(tx: Tx, s: ScriptRecord): Promise<void>;
  findById(r: Reader, id: string): Promise<ScriptRecord | undefined>;
  findByName(r: Reader, orgId: string, name: string): Promise<ScriptRecord | undefined>;
  /** Ordered by name. */
  list(r: Reader, filter: { orgIds: string[]; name?: string; limit: number; offset: number }): Promise<ScriptRecord[]>;
  update(tx: Tx, id: string, patch: Partial<Pick<ScriptRecord, 'name' | 'description' | 'script'>> & { updatedAt: string }): Promise<void>;
  delete(tx: Tx, id: string): Promise<boolean>;
}

export type SecretOwnerType = 'task' | 'script';
export interface SecretReferenceRecord { key: string; ownerType: SecretOwnerType; ownerId: string; ownerName: string; referenced: boolean; lastReadAt: string | null }

/** Which secret keys each task and saved script references in its source or read when it ran. */
export interface SecretReferenceStore {
  /** Replaces the keys the owner's source references; run-time reads are kept. */
  setReferenced(tx: Tx, orgId: string, ownerType: SecretOwnerType, ownerId: string, keys: string[]): Promise<void>;
  recordRead(tx: Tx, orgId: string, ownerType: SecretOwnerType, ownerId: string, key: string, at: string): Promise<void>;
  deleteOwner(tx: Tx, ownerType: SecretOwnerType, ownerId: string): Promise<void>;
  /** References to `keys` in the org, with the owner's current name (owners that no longer exist are left out). */
  usersOf(r: Reader, orgId: string, keys: string[]): Promise<SecretReferenceRecord[]>;
  /** Number of distinct owners per key in the org. */
  countsFor(r: Reader, orgId: string): Promise<Map<string, number>>;
  ofOwner(r: Reader, ownerType: SecretOwnerType, ownerId: string): Promise<SecretReferenceRecord[]>;
}

export interface TaskStores {
  tasks: TaskStore;
  runs: RunStore;
  scripts: ScriptStore;
  secretReferences: SecretReferenceStore;
}
