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
  listKeys(r: Reader, orgId: string): Promise<string[]>;
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
  append(tx: Tx, event: AuditEventRecord): Promise<void>;
  query(r: Reader, q: AuditQuery): Promise<AuditEventRecord[]>;
}

export interface Stores {
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
