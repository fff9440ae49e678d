/**
 * When a task runs: `every` is aligned to wall-clock multiples since the Unix epoch (a task saved
 * at 2:30 with `every: 1h` first runs at 3:00), `cron` is evaluated in UTC by croner (5 fields, or
 * 6 with seconds). `offset` delays the start of a run but not its scheduled time, which is the
 * run's `now()`. Pure functions of their inputs, so they are tested on a fixed clock.
 */
import { Cron } from 'croner';
import { invalid } from '../errors.js';

export interface Schedule {
  everyMs?: number;
  cron?: string;
  offsetMs: number;
}

/** After downtime, at most this many missed runs of a task are caught up; older ones are skipped. */
export const MAX_CATCH_UP_RUNS = 100;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds of a Flux duration text such as "1h30m" or "-10s" (no months or years). */
export function durationMs(text: string): number {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const re = /(\d+)(ns|us|µs|ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (body.length === 0 || matched !== body.length) throw invalid(`invalid duration ${JSON.stringify(text)}`);
  return negative ? -total : total;
}

const crons = new Map<string, Cron>();
function cronOf(pattern: string): Cron {
  let c = crons.get(pattern);
  if (!c) {
    c = new Cron(pattern, { timezone: 'UTC', paused: true });
    if (crons.size > 10_000) crons.clear();
    crons.set(pattern, c);
  }
  return c;
}

/** Throws InfluxDB-style `invalid options` when croner cannot parse the expression. */
export function checkCron(pattern: string): void {
  const fields = pattern.trim().split(/\s+/).length;
  if (!pattern.trim().startsWith('@') && (fields < 5 || fields > 6)) {
    throw invalid(`invalid options: cron expression ${JSON.stringify(pattern)} must have 5 fields (minute hour day month weekday) or 6 (with seconds first)`);
  }
  try {
    cronOf(pattern);
  } catch (e) {
    throw invalid(`invalid options: cron expression ${JSON.stringify(pattern)} is invalid: ${(e as Error).message}`);
  }
}

export function scheduleOf(t: { every: string | null; cron: string | null; offset: string | null }): Schedule {
  return {
    ...(t.every ? { everyMs: durationMs(t.every) } : {}),
    ...(t.cron ? { cron: t.cron } : {}),
    offsetMs: t.offset ? durationMs(t.offset) : 0,
  };
}

/** The first scheduled time strictly after `t`. */
export function nextAfter(s: Schedule, t: Date): Date {
  if (s.everyMs) return new Date((Math.floor(t.getTime() / s.everyMs) + 1) * s.everyMs);
  const next = cronOf(s.cron!).nextRun(t);
  if (!next) throw invalid(`cron expression ${JSON.stringify(s.cron)} has no future run`);
  return next;
}

export const dueAt = (s: Schedule, scheduledFor: Date) => new Date(scheduledFor.getTime() + s.offsetMs);

/**
 * Bounds catching up after downtime: if more than MAX_CATCH_UP_RUNS scheduled times lie between
 * `next` and `now`, returns the oldest of the newest MAX_CATCH_UP_RUNS; otherwise `next`.
 */
export function catchUpStart(s: Schedule, next: Date, now: Date, max = MAX_CATCH_UP_RUNS): Date {
  if (s.everyMs) {
    const latest = Math.floor(now.getTime() / s.everyMs) * s.everyMs;
    const missed = Math.floor((latest - next.getTime()) / s.everyMs) + 1;
    return missed > max ? new Date(latest - (max - 1) * s.everyMs) : next;
  }
  const recent = cronOf(s.cron!).previousRuns(max, new Date(now.getTime() + 1));
  const oldest = recent[recent.length - 1];
  return recent.length === max && oldest && oldest.getTime() > next.getTime() ? oldest : next;
}
