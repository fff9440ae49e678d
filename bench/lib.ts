/**
 * What every benchmark shares: servers in child processes, autocannon runs, medians of
 * alternating rounds, and result files (bench/results/NAME.json, gitignored, and NAME.md).
 *
 * These machines are small and shared, so a figure is only ever reported next to a baseline
 * measured in the same run, and as the median of several alternating rounds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { type Services, createServices } from '../src/app.js';
import { loadServerConfig } from '../src/config.js';
import { freshPostgresDatabase } from '../test/helpers/postgres.js';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH_DIR, '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');

/** One line of a result table. `ratio` is value / baseline (or as `ratioOf` says). */
export interface Row {
  metric: string;
  storage?: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  ratio?: number;
  goal?: string;
  pass?: boolean;
  /** Every round, so the spread is visible in the JSON. */
  rounds?: number[];
  note?: string;
}

export interface BenchResult {
  name: string;
  title: string;
  command: string;
  startedAt: string;
  durationSeconds: number;
  machine: { node: string; cpus: number; cpuModel: string };
  rows: Row[];
  notes: string[];
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
export const round = (x: number, digits = 2) => Number(x.toFixed(digits));

export function newMasterKey(): string {
  return randomBytes(32).toString('base64');
}

export function tempDir(prefix = 'strongroom-bench-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface ChildServer {
  url: string;
  pid: number;
  /** Resident set size of the server process, in MB (from /proc). */
  rssMb(): number;
  /** CPU time the server process has used so far, all its threads, user and system, in µs (from /proc). */
  cpuMicros(): number;
  stop(): Promise<void>;
}

/** Starts bench/server-child.ts with `config`; resolves once it listens. */
export function startChild(config: Record<string, unknown>, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(BENCH_DIR, 'server-child.ts'), JSON.stringify(config)], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`bench server did not start:\n${out}`)); }, 60_000);
    const onData = () => {
      const m = /listening (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        url: m[1]!,
        pid: child.pid!,
        rssMb: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
        },
        cpuMicros: () => processCpuMicros(child.pid!),
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(t);
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then(() => { clearTimeout(timer); reject(new Error(`bench server exited before listening:\n${out}`)); });
  });
}

/**
 * utime + stime of a process (fields 14 and 15 of /proc/PID/stat, after the command name), in µs.
 * Linux counts them in clock ticks of 1/100 s (USER_HZ) on every common build. Server CPU per
 * request is far steadier on this shared machine than requests per second.
 */
export function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

// autocannon has no type declarations; this is the part of its API used here.
export interface CannonResult {
  requests: { average: number; mean: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
}
export interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  pipelining?: number;
  setupRequest?: (req: { method?: string; path?: string; body?: string; headers?: Record<string, string> }) => unknown;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: CannonOptions) => Promise<CannonResult>;

/** Runs autocannon and fails loudly on any non-2xx answer or socket error. */
export async function cannon(opts: CannonOptions): Promise<CannonResult> {
  // autocannon applies setupRequest per request only when it is given in `requests`.
  const { setupRequest, ...rest } = opts;
  const r = await autocannon({ pipelining: 1, ...rest, ...(setupRequest ? { requests: [{ setupRequest }] } : {}) } as CannonOptions);
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
    throw new Error(`${opts.method ?? 'GET'} ${opts.url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests.total}`);
  }
  return r;
}

/** JSON request with a token; throws on an unexpected status. */
export async function call(url: string, token: string | undefined, method: string, path: string, body?: unknown, expect = [200, 201, 204]): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Token ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text === '' ? undefined : (() => { try { return JSON.parse(text); } catch { return text; } })();
}

export async function setup(url: string): Promise<{ token: string; orgId: string; userId: string }> {
  const r = await call(url, undefined, 'POST', '/api/v2/setup', { username: 'bench', password: 'bench password 1', org: 'bench' });
  return { token: r.auth.token, orgId: r.org.id, userId: r.user.id };
}

export function machine() {
  return { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' };
}

function cell(x: number | undefined, unit = ''): string {
  if (x === undefined) return '';
  const v = Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(round(x, 2));
  return unit ? `${v} ${unit}` : v;
}

export function markdownTable(r: BenchResult): string {
  const lines = [
    `### ${r.title}`,
    '',
    `\`${r.command}\` — ${r.startedAt}, ${r.machine.cpus} CPUs (${r.machine.cpuModel}), Node ${r.machine.node}, ${Math.round(r.durationSeconds)} s`,
    '',
    '| metric | storage | value | baseline (same run) | ratio | goal | met |',
    '|---|---|---|---|---|---|---|',
    ...r.rows.map((row) => `| ${row.metric} | ${row.storage ?? ''} | ${cell(row.value, row.unit)} | ${row.baseline ? `${row.baseline.name}: ${cell(row.baseline.value, row.unit)}` : ''} | ${row.ratio !== undefined ? `${round(row.ratio, 2)}×` : ''} | ${row.goal ?? ''} | ${row.pass === undefined ? '' : row.pass ? 'yes' : '**no**'} |`),
  ];
  if (r.notes.length) lines.push('', ...r.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

/** Writes results/NAME.json and results/NAME.md and prints the table. */
export function report(r: BenchResult): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${r.name}.json`), JSON.stringify(r, null, 2) + '\n');
  writeFileSync(join(RESULTS_DIR, `${r.name}.md`), markdownTable(r));
  process.stdout.write('\n' + markdownTable(r) + '\n');
}

/** Times a benchmark body and fills in the common fields. */
export async function runBench(name: string, title: string, body: (rows: Row[], notes: string[]) => Promise<void>): Promise<void> {
  const startedAt = new Date().toISOString();
  const t0 = Date.now();
  const rows: Row[] = [];
  const notes: string[] = [];
  await body(rows, notes);
  report({ name, title, command: `node --import tsx bench/${name}.bench.ts`, startedAt, durationSeconds: (Date.now() - t0) / 1000, machine: machine(), rows, notes });
}

/** Removes a directory, ignoring errors (cleanup must not hide a benchmark's own failure). */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Reads a number from the environment (for shorter runs: BENCH_DURATION=3 npm run bench). */
export function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number(v);
}

/** The stores a benchmark measures: BENCH_STORAGE=sqlite (or postgres) for one of them; both by default. */
export function benchStorages(): ('sqlite' | 'postgres')[] {
  const picked = (process.env.BENCH_STORAGE ?? process.env.BENCH_SCALE_STORAGE ?? 'sqlite,postgres').split(',').map((x) => x.trim());
  for (const s of picked) if (s !== 'sqlite' && s !== 'postgres') throw new Error(`BENCH_STORAGE: unknown store ${JSON.stringify(s)}`);
  return picked as ('sqlite' | 'postgres')[];
}

/** The services in this process on a fresh store (a temp data dir, or a fresh PostgreSQL database), set up with one org and token. */
export async function benchServices(storage: 'sqlite' | 'postgres') {
  const dir = tempDir();
  const pgDb = storage === 'postgres' ? await freshPostgresDatabase() : undefined;
  const config = loadServerConfig({ dataDir: dir, logLevel: 'silent', storage, ...(pgDb ? { postgresUrl: pgDb.url } : {}) }, { STRONGROOM_MASTER_KEY: newMasterKey() });
  const s: Services = await createServices(config);
  const r = await s.setup.setup({ username: 'bench', password: 'bench password 1', org: 'bench' });
  return {
    s, token: r.token, orgId: r.org.id, meta: { requestId: 'bench', remoteAddress: '127.0.0.1' },
    async close() {
      await s.close();
      await pgDb?.drop();
      removeDir(dir);
    },
  };
}
