/**
 * Row types of every table, as Kysely sees them. Storage holds ciphertext only: the secret
 * value columns are sealed by the barrier (src/crypto) before they reach this layer.
 * Timestamps are ISO-8601 UTC strings (sortable as text on both SQLite and PostgreSQL).
 */
import type { Generated } from 'kysely';

export interface OrgRow { id: string; name: string; description: string; created_at: string; updated_at: string }
export interface UserRow { id: string; name: string; password_hash: string | null; status: string; created_at: string; updated_at: string }
export interface OrgMemberRow { org_id: string; user_id: string; role: 'owner' | 'member'; created_at: string }
export interface AuthorizationRow {
  id: string;
  token_hash: string;
  status: 'active' | 'inactive';
  description: string;
  org_id: string;
  user_id: string;
  /** JSON array of permissions. */
  permissions: string;
  created_at: string;
  updated_at: string;
}
export interface SessionRow { id_hash: string; user_id: string; created_at: string; expires_at: string }
export interface SigninFailureRow { subject: string; failures: number; last_failure_at: string; blocked_until: string }
export interface SettingRow { name: string; value: string }
export interface MasterKeyCheckRow { id: number; sealed: Buffer; created_at: string }
export interface DataKeyRow { org_id: string; term: number; wrapped: Buffer; created_at: string }
export interface SecretRow {
  org_id: string;
  key: string;
  current_version: number;
  latest_version: number;
  created_at: string;
  updated_at: string;
  updated_by_type: string;
  updated_by_id: string;
  updated_by_name: string;
}
export interface SecretVersionRow {
  org_id: string;
  key: string;
  version: number;
  ciphertext: Buffer;
  created_at: string;
  created_by_type: string;
  created_by_id: string;
  created_by_name: string;
}
export interface AuditEventRow {
  seq: Generated<number>;
  id: string;
  time: string;
  org_id: string;
  actor_type: string;
  actor_id: string;
  actor_name: string;
  action: string;
  key: string;
  version: number | null;
  request_id: string;
  remote_address: string;
}

export interface Database extends TaskDatabase {
  orgs: OrgRow;
  users: UserRow;
  org_members: OrgMemberRow;
  authorizations: AuthorizationRow;
  sessions: SessionRow;
  signin_failures: SigninFailureRow;
  settings: SettingRow;
  master_key_check: MasterKeyCheckRow;
  data_keys: DataKeyRow;
  secrets: SecretRow;
  secret_versions: SecretVersionRow;
  audit_events: AuditEventRow;
}

/** Tasks (scheduled Flux scripts). `next_scheduled_for` is the claim point: instances compare-and-set it. */
export interface TaskRow {
  id: string;
  org_id: string;
  owner_id: string;
  name: string;
  description: string;
  status: 'active' | 'inactive';
  flux: string;
  every: string | null;
  cron: string | null;
  offset: string | null;
  concurrency: number;
  retry: number;
  latest_completed: string;
  last_run_status: string | null;
  last_run_error: string | null;
  /** The next scheduled time not yet claimed (null while inactive). */
  next_scheduled_for: string | null;
  /** next_scheduled_for plus the offset: when the run may start. */
  next_due_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface TaskRunRow {
  id: string;
  task_id: string;
  org_id: string;
  status: 'scheduled' | 'started' | 'success' | 'failed' | 'canceled';
  scheduled_for: string;
  /** scheduled_for for runs of the schedule (unique per task); null for manual runs and retries. */
  schedule_key: string | null;
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  attempt: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
}
export interface TaskRunLogRow { seq: Generated<number>; run_id: string; task_id: string; time: string; message: string }
/** Saved (invokable) scripts. */
export interface ScriptRow { id: string; org_id: string; name: string; description: string; language: string; script: string; created_at: string; updated_at: string }
/** Which secret keys a task or script references (statically) or read (at run time). */
export interface SecretReferenceRow {
  org_id: string;
  owner_type: 'task' | 'script';
  owner_id: string;
  key: string;
  /** 1 when the key is a literal in the source. */
  referenced: number;
  last_read_at: string | null;
}

export interface TaskDatabase {
  tasks: TaskRow;
  task_runs: TaskRunRow;
  task_run_logs: TaskRunLogRow;
  scripts: ScriptRow;
  secret_references: SecretReferenceRow;
}
