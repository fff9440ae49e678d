/** Runs the real `strongroom` CLI as a child process (asynchronously, so an in-process server keeps serving). */
import { spawn } from 'node:child_process';
import { CLI, ROOT } from './server.js';

export interface CliResult { code: number | null; stdout: string; stderr: string }

export function runCli(args: string[], opts: { env?: Record<string, string | undefined>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('STRONGROOM_')) delete env[k];
    for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(opts.input ?? '');
  });
}

/** The ways a value could show up in text: raw, base64 at every byte shift, hex, URI and JSON escapes. */
export function encodingsOf(value: string): string[] {
  const b = Buffer.from(value);
  const out = new Set([value, b.toString('hex'), encodeURIComponent(value), JSON.stringify(value).slice(1, -1), b.toString('base64url')]);
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), b]).toString('base64');
    // Drop the characters that depend on the padding bytes or on what follows.
    const start = shift === 0 ? 0 : Math.ceil((shift * 8) / 6) + 1;
    out.add(b64.slice(start, Math.floor(((shift + b.length) * 8) / 6) - 1));
  }
  return [...out].filter((s) => s.length >= 8);
}
