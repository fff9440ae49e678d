/**
 * Scheduler settings, read once at the edge (the server command) from the environment:
 * STRONGROOM_TASK_CONCURRENCY (runs at once per instance, default 8), STRONGROOM_TASK_TIMEOUT_MS
 * (per run, default the query timeout), STRONGROOM_TASK_LEASE_MS (default 30000),
 * STRONGROOM_TASK_POLL_MS (default 1000), STRONGROOM_TASK_SHUTDOWN_GRACE_MS (default 10000),
 * STRONGROOM_TASK_QUEUE_LIMIT (claimed runs waiting for a slot per instance, default 10000).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigError } from '../config.js';
import { DEFAULT_SCHEDULER, type SchedulerConfig } from './scheduler.js';

export interface TaskRuntimeConfig extends SchedulerConfig { timeoutMs?: number }

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

export function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export function taskConfigFromEnv(env: NodeJS.ProcessEnv): TaskRuntimeConfig {
  const timeout = env.STRONGROOM_TASK_TIMEOUT_MS;
  return {
    instanceId: newInstanceId(),
    concurrency: positive(env, 'STRONGROOM_TASK_CONCURRENCY', DEFAULT_SCHEDULER.concurrency),
    leaseMs: positive(env, 'STRONGROOM_TASK_LEASE_MS', DEFAULT_SCHEDULER.leaseMs),
    pollMs: positive(env, 'STRONGROOM_TASK_POLL_MS', DEFAULT_SCHEDULER.pollMs),
    shutdownGraceMs: positive(env, 'STRONGROOM_TASK_SHUTDOWN_GRACE_MS', DEFAULT_SCHEDULER.shutdownGraceMs),
    queueLimit: positive(env, 'STRONGROOM_TASK_QUEUE_LIMIT', DEFAULT_SCHEDULER.queueLimit),
    ...(timeout ? { timeoutMs: positive(env, 'STRONGROOM_TASK_TIMEOUT_MS', 1) } : {}),
  };
}
