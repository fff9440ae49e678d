/**
 * Real Strongroom servers for tests: `startServer` spawns the CLI (`strongroom server`) as a
 * child process on a random port with a temp data dir; `startInProcess` runs the same server
 * inside the test process (still real HTTP on a real port), for speed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/app.js';
import { loadServerConfig } from '../../src/config.js';
import { startServer as startServerInProcess } from '../../src/cli/commands/server.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'src', 'cli', 'main.ts');

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDir(prefix = 'strongroom-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function startServer(opts: { dataDir?: string; args?: string[]; env?: Record<string, string>; keepDataDir?: boolean } = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'server', '--http-bind-address', '127.0.0.1:0', '--data-dir', dataDir, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, STRONGROOM_LOG_LEVEL: 'info', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`server did not start in 30 s:\n${out}`)); }, 30_000);
    const onData = () => {
      const m = /strongroom listening on (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        url: m[1]!,
        dataDir,
        child,
        output: () => out,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          const code = await exited;
          if (!opts.keepDataDir && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
          return code;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`server exited with ${code} before listening:\n${out}`)); });
  });
}

export interface InProcessServer { url: string; services: Services; app: FastifyInstance; dataDir: string; logs: string[]; stop(): Promise<void> }

/** The same server in this process; `logs` collects every log line it writes. */
export async function startInProcess(opts: { storage?: 'sqlite' | 'postgres'; postgresUrl?: string; masterKey?: string; dataDir?: string } = {}): Promise<InProcessServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const env: NodeJS.ProcessEnv = { STRONGROOM_MASTER_KEY: opts.masterKey ?? randomBytes(32).toString('base64') };
  const config = loadServerConfig({
    httpBindAddress: '127.0.0.1:0', dataDir, logLevel: 'silent', storage: opts.storage ?? 'sqlite',
    ...(opts.postgresUrl ? { postgresUrl: opts.postgresUrl } : {}),
  }, env);
  const logs: string[] = [];
  const { services, app, address } = await startServerInProcess(config, (l) => logs.push(l));
  return {
    url: address, services, app, dataDir, logs,
    async stop() {
      await app.close();
      await services.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One in-process server for a whole test file: started and set up (operator token, one org,
 * `secrets` written to it) before the file's tests, stopped after them. Read the fields inside
 * tests, once `before` has run.
 */
export function serverForFile(secrets: Record<string, string> = {}): { server: InProcessServer; orgId: string; token: string } {
  const ctx = {} as { server: InProcessServer; orgId: string; token: string };
  before(async () => {
    ctx.server = await startInProcess();
    ({ orgId: ctx.orgId, token: ctx.token } = await setupInstance(ctx.server.url));
    if (Object.keys(secrets).length > 0) await api(ctx.server.url, ctx.token, 'PATCH', `/api/v2/orgs/${ctx.orgId}/secrets`, secrets);
  });
  after(() => ctx.server.stop());
  return ctx;
}

/** Runs first-run setup over HTTP and returns the operator token and IDs. */
export async function setupInstance(url: string, input: { username?: string; password?: string; org?: string; token?: string } = {}) {
  const res = await fetch(`${url}/api/v2/setup`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'correct horse battery', org: 'acme', ...input }),
  });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string }; org: { id: string }; auth: { token: string; id: string } };
  return { token: body.auth.token, orgId: body.org.id, userId: body.user.id, authId: body.auth.id };
}

/** fetch with a token, returning status, headers and parsed JSON (or text). */
export async function api(url: string, token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token !== undefined ? { Authorization: `Token ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: any;
  try { json = text === '' ? undefined : JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}
