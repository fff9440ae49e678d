/**
 * Schema migrations, applied in order at start by Kysely's Migrator (which takes a lock, so
 * several instances starting together on one PostgreSQL apply each migration once).
 * Written once for both dialects; `dialect` only picks the binary and serial column types.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Dialect } from './database.js';

type Db = Kysely<any>;

function typesFor(dialect: Dialect) {
  return {
    binary: dialect === 'postgres' ? sql`bytea` : sql`blob`,
    serial: dialect === 'postgres' ? sql`bigserial` : sql`integer`,
  };
}

function coreSchema(dialect: Dialect): Migration {
  const t = typesFor(dialect);
  return {
    async up(db: Db) {
      await db.schema.createTable('orgs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('org_members')
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('org_members_pk', ['org_id', 'user_id'])
        .execute();
      await db.schema.createTable('authorizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('permissions', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('authorizations_org').on('authorizations').column('org_id').execute();
      await db.schema.createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('signin_failures')
        .addColumn('subject', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('last_failure_at', 'text', (c) => c.notNull())
        .addColumn('blocked_until', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('master_key_check')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('sealed', t.binary, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('data_keys')
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('term', 'integer', (c) => c.notNull())
        .addColumn('wrapped', t.binary, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('data_keys_pk', ['org_id', 'term'])
        .execute();
      await db.schema.createTable('secrets')
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('current_version', 'integer', (c) => c.notNull())
        .addColumn('latest_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by_type', 'text', (c) => c.notNull())
        .addColumn('updated_by_id', 'text', (c) => c.notNull())
        .addColumn('updated_by_name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('secrets_pk', ['org_id', 'key'])
        .execute();
      await db.schema.createTable('secret_versions')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('ciphertext', t.binary, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by_type', 'text', (c) => c.notNull())
        .addColumn('created_by_id', 'text', (c) => c.notNull())
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('secret_versions_pk', ['org_id', 'key', 'version'])
        .addForeignKeyConstraint('secret_versions_secret', ['org_id', 'key'], 'secrets', ['org_id', 'key'], (c) => c.onDelete('cascade'))
        .execute();
      await db.schema.createTable('audit_events')
        .addColumn('seq', t.serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('version', 'integer')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('remote_address', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_events_org_seq').on('audit_events').columns(['org_id', 'seq']).execute();
    },
  };
}

/** Tasks, their runs and logs, saved scripts, and which secrets each references. */
function tasksSchema(dialect: Dialect): Migration {
  const t = typesFor(dialect);
  return {
    async up(db: Db) {
      await db.schema.createTable('tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('flux', 'text', (c) => c.notNull())
        .addColumn('every', 'text')
        .addColumn('cron', 'text')
        .addColumn('offset', 'text')
        .addColumn('concurrency', 'integer', (c) => c.notNull())
        .addColumn('retry', 'integer', (c) => c.notNull())
        .addColumn('latest_completed', 'text', (c) => c.notNull())
        .addColumn('last_run_status', 'text')
        .addColumn('last_run_error', 'text')
        .addColumn('next_scheduled_for', 'text')
        .addColumn('next_due_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tasks_org').on('tasks').columns(['org_id', 'id']).execute();
      await db.schema.createIndex('tasks_due').on('tasks').columns(['status', 'next_due_at']).execute();
      await db.schema.createTable('task_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('scheduled_for', 'text', (c) => c.notNull())
        .addColumn('schedule_key', 'text')
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('error', 'text')
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .execute();
      // A scheduled time runs once per task, whichever instance claims it (NULLs, i.e. manual runs, are distinct).
      await db.schema.createIndex('task_runs_schedule').on('task_runs').columns(['task_id', 'schedule_key']).unique().execute();
      await db.schema.createIndex('task_runs_task').on('task_runs').columns(['task_id', 'status']).execute();
      await db.schema.createIndex('task_runs_status').on('task_runs').columns(['status', 'lease_expires_at']).execute();
      await db.schema.createTable('task_run_logs')
        .addColumn('seq', t.serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('run_id', 'text', (c) => c.notNull().references('task_runs.id').onDelete('cascade'))
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('task_run_logs_run').on('task_run_logs').columns(['run_id', 'seq']).execute();
      await db.schema.createIndex('task_run_logs_task').on('task_run_logs').columns(['task_id', 'seq']).execute();
      await db.schema.createTable('scripts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('script', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('scripts_org_name', ['org_id', 'name'])
        .execute();
      await db.schema.createTable('secret_references')
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('owner_type', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('referenced', 'integer', (c) => c.notNull())
        .addColumn('last_read_at', 'text')
        .addPrimaryKeyConstraint('secret_references_pk', ['owner_type', 'owner_id', 'key'])
        .execute();
      await db.schema.createIndex('secret_references_key').on('secret_references').columns(['org_id', 'key']).execute();
    },
  };
}

/** Every migration, by name; names sort in application order. Later domains append here. */
export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_core': coreSchema(dialect),
    '0002_tasks': tasksSchema(dialect),
  };
}

export async function migrateToLatest(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
  const migrator = new Migrator({ db, provider, migrationTableName: 'strongroom_migrations', migrationLockTableName: 'strongroom_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
