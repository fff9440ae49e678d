/** Shapes of the InfluxDB v2 compatible API that the UI reads. */

export type ActorType = 'user' | 'token' | 'task';

export interface Actor {
  type: ActorType;
  id: string;
  name: string;
}

export interface Me {
  id: string;
  name: string;
  status: string;
}

export interface Org {
  id: string;
  name: string;
  description?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface SecretSummary {
  key: string;
  createdAt: string;
  updatedAt: string;
  updatedBy?: Actor;
  version: number;
  usedBy: number;
}

export interface SecretUser {
  type: 'task' | 'script';
  id: string;
  name: string;
  lastReadAt: string | null;
}

export interface SecretDetail {
  key: string;
  createdAt: string;
  updatedAt: string;
  updatedBy?: Actor;
  version: number;
  usedBy: SecretUser[];
}

export interface SecretVersion {
  version: number;
  createdAt: string;
  createdBy?: Actor;
  current: boolean;
}

export type AuditAction = 'create' | 'replace' | 'delete' | 'restore' | 'read';

export interface AuditEvent {
  id: string;
  time: string;
  orgID: string;
  actor: Actor;
  action: AuditAction;
  key: string;
  version?: number;
  requestID?: string;
  remoteAddress?: string;
}

export interface Permission {
  action: 'read' | 'write';
  resource: { type: string; orgID?: string; id?: string; name?: string; org?: string };
}

export interface Authorization {
  id: string;
  status: 'active' | 'inactive';
  description?: string;
  orgID: string;
  org?: string;
  userID?: string;
  user?: string;
  permissions: Permission[];
  createdAt: string;
  updatedAt?: string;
  /** Only present in the answer to the create request. */
  token?: string;
}

export type TaskStatus = 'active' | 'inactive';

export interface Task {
  id: string;
  orgID: string;
  org?: string;
  name: string;
  description?: string;
  status: TaskStatus;
  flux: string;
  every?: string;
  cron?: string;
  offset?: string;
  latestCompleted?: string;
  lastRunStatus?: string;
  lastRunError?: string;
  nextRunAt?: string;
  createdAt?: string;
  updatedAt?: string;
  /** Set on create/update when the script reads secret keys that do not exist. */
  warnings?: string[];
}

export type RunStatus = 'scheduled' | 'started' | 'success' | 'failed' | 'canceled';

export interface Run {
  id: string;
  taskID: string;
  status: RunStatus;
  scheduledFor?: string;
  startedAt?: string;
  finishedAt?: string;
  requestedAt?: string;
}

export interface RunLogEvent {
  runID?: string;
  time: string;
  message: string;
}

export interface SavedScript {
  id: string;
  name: string;
  description?: string;
  orgID: string;
  script: string;
  language: string;
  createdAt?: string;
  updatedAt?: string;
  /** Set on create when the script reads secret keys that do not exist. */
  warnings?: string[];
}

export interface AnalyzeError {
  line: number;
  column: number;
  character?: number;
  message: string;
}
