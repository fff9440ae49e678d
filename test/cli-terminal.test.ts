/**
 * `strongroom secret update -k KEY` without `-v`, on a real terminal: it prompts, and what is
 * typed is stored but never echoed. The CLI runs under a pseudo-terminal made by util-linux's
 * `script`, whose output is everything the terminal would show; the value is typed only once the
 * prompt is up (before that the terminal itself would echo it).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { encodingsOf } from './helpers/cli.js';
import { CLI, ROOT, serverForFile } from './helpers/server.js';

const ctx = serverForFile();

const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** Runs `args` of the CLI on a pseudo-terminal; types `typed` and Enter once `prompt` is on screen. */
function onTerminal(args: string[], prompt: RegExp, typed: string): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, '--import', 'tsx', CLI, ...args].map(shellQuote).join(' ');
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('STRONGROOM_')));
  Object.assign(env, { STRONGROOM_HOST: ctx.server.url, STRONGROOM_TOKEN: ctx.token, STRONGROOM_ORG: 'acme' });
  const child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let typedYet = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (!typedYet && prompt.test(screen)) {
        typedYet = true;
        child.stdin.write(`${typed}\r`);
      }
    });
    child.stderr.on('data', (d: Buffer) => { screen += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

test('on a terminal, secret update prompts for the value and does not echo it', { timeout: 120_000 }, async () => {
  const value = `typed-${randomBytes(8).toString('hex')}`;
  const { code, screen } = await onTerminal(['secret', 'update', '-k', 'TYPED_KEY'], /Please type your secret: /, value);
  assert.equal(code, 0, screen);
  assert.match(screen, /Please type your secret: /);
  for (const e of encodingsOf(value)) assert.ok(!screen.includes(e), `the terminal showed the value:\n${screen}`);
  assert.ok(!/\*{4,}/.test(screen), 'not even masked: nothing at all is shown for what is typed');
  const s = ctx.server.services;
  const p = await s.authenticator.fromToken(ctx.token);
  assert.equal(await s.secrets.reveal(p, { requestId: 'test', remoteAddress: 'test' }, ctx.orgId, 'TYPED_KEY'), value, 'what was typed is what is stored');
});
