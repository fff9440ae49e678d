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

export interface Database {
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
