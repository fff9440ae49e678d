/**
 * The server as a process: flags, the generated master key, refusing a wrong key, graceful
 * shutdown on SIGTERM/SIGINT, and no canary password, token or value in logs or the data dir.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, ROOT, api, setupInstance, startServer, tempDir } from './helpers/server.js';

/** Every file below dir, concatenated (the SQLite database, its WAL and the key file included). */
function dumpDir(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, name);
    if (statSync(p).isFile()) parts.push(readFileSync(p));
  }
  return Buffer.concat(parts);
}
const encodings = (s: string) => [s, Buffer.from(s).toString('base64'), encodeURIComponent(s), JSON.stringify(s).slice(1, -1), Buffer.from(s).toString('hex')];

test('first start creates a 0600 master key and warns; SIGTERM finishes cleanly with exit 0', async () => {
  const server = await startServer();
  try {
    assert.match(server.output(), /created a new master key/);
    assert.equal(statSync(join(server.dataDir, 'master.key')).mode & 0o777, 0o600);
    assert.equal((await api(server.url, undefined, 'GET', '/health')).status, 200);
    await setupInstance(server.url);
    // The store holds only ciphertext, but names, hashes and wrapped keys are still nobody else's business.
    for (const f of ['strongroom.db', 'strongroom.db-wal']) assert.equal(statSync(join(server.dataDir, f)).mode & 0o777, 0o600, f);
    assert.equal(statSync(server.dataDir).mode & 0o777, 0o700);
  } finally {
    assert.equal(await server.stop('SIGTERM'), 0);
  }
});

test('SIGINT also exits 0; a restart with the same data dir keeps the data', async () => {
  const dataDir = tempDir();
  try {
    const first = await startServer({ dataDir });
    const { token, orgId } = await setupInstance(first.url);
    assert.equal((await api(first.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { kept: 'v' })).status, 204);
    assert.equal(await first.stop('SIGINT'), 0);
    const second = await startServer({ dataDir });
    assert.deepEqual((await api(second.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets`)).json.secrets, ['kept']);
    assert.doesNotMatch(second.output(), /created a new master key/);
    assert.equal(await second.stop(), 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a wrong master key: the server refuses to start with a clear message and a non-zero exit', async () => {
  const dataDir = tempDir();
  try {
    const s = await startServer({ dataDir });
    await s.stop();
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'server', '--data-dir', dataDir, '--http-bind-address', '127.0.0.1:0'], {
      cwd: ROOT, env: { ...process.env, STRONGROOM_MASTER_KEY: randomBytes(32).toString('base64') }, encoding: 'utf8', timeout: 30_000,
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /master key does not match this store/);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'server', '--data-dir', dataDir, '--http-bind-address', 'nonsense'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--http-bind-address/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a master key file given by flag is used; a missing one is an error', async () => {
  const dir = tempDir();
  try {
    const keyFile = join(dir, 'k');
    writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    const s = await startServer({ args: ['--master-key-file', keyFile] });
    assert.doesNotMatch(s.output(), /created a new master key/);
    assert.equal(await s.stop(), 0);
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'server', '--data-dir', join(dir, 'd'), '--master-key-file', join(dir, 'missing'), '--http-bind-address', '127.0.0.1:0'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /does not exist/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('canary password, token and secret value never reach logs (debug level) or the data dir', async () => {
  const dataDir = tempDir();
  const password = `pw-canary-${randomBytes(6).toString('hex')}`;
  const tokenCanary = `tok-canary-${randomBytes(12).toString('hex')}`;
  const value = `val-canary-${randomBytes(6).toString('hex')}`;
  const server = await startServer({ dataDir, args: ['--log-level', 'debug'] });
  try {
    const { token, orgId } = await setupInstance(server.url, { password, token: tokenCanary });
    await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { CANARY: value });
    await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { CANARY: `${value}-2`, 'bad/key': value });
    await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, `{"CANARY": "${value}", broken`);
    await fetch(`${server.url}/api/v2/signin`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` } });
    await fetch(`${server.url}/api/v2/signin`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`admin:${password}x`).toString('base64')}` } });
    for (const path of ['/api/v2/orgs', `/api/v2/orgs/${orgId}/secrets?details=true`, `/api/v2/orgs/${orgId}/secrets/CANARY`, `/api/v2/orgs/${orgId}/audit`, '/api/v2/authorizations']) {
      const r = await api(server.url, token, 'GET', path);
      for (const c of [password, value]) for (const e of encodings(c)) assert.ok(!r.text.includes(e), `${path} leaked ${c}`);
    }
  } finally {
    assert.equal(await server.stop(), 0);
  }
  const logs = server.output();
  assert.ok(logs.length > 1000, 'debug logging produced request logs');
  const files = dumpDir(dataDir);
  for (const c of [password, tokenCanary, value, `${value}-2`]) {
    for (const e of encodings(c)) {
      assert.ok(!logs.includes(e), `log leaked ${c} as ${e}`);
      assert.ok(!files.includes(Buffer.from(e)), `data dir leaked ${c} as ${e}`);
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('--tls-cert/--tls-key serve HTTPS, and the session cookie is Secure', async () => {
  const dir = tempDir();
  try {
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    const s = await startServer({ args: ['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')] });
    try {
      assert.match(s.url, /^https:\/\//);
      const { request } = await import('node:https');
      const status = await new Promise<{ code: number; cookie: string }>((resolve, reject) => {
        const body = JSON.stringify({ username: 'admin', password: 'correct horse battery', org: 'acme' });
        const req = request(`${s.url}/api/v2/setup`, { method: 'POST', rejectUnauthorized: false, headers: { 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => {
            const signin = request(`${s.url}/api/v2/signin`, { method: 'POST', rejectUnauthorized: false, headers: { Authorization: `Basic ${Buffer.from('admin:correct horse battery').toString('base64')}` } }, (r2) => {
              r2.resume();
              r2.on('end', () => resolve({ code: r2.statusCode ?? 0, cookie: String(r2.headers['set-cookie'] ?? '') }));
            });
            signin.on('error', reject);
            signin.end();
          });
        });
        req.on('error', reject);
        req.end(body);
      });
      assert.equal(status.code, 204);
      assert.match(status.cookie, /Secure/);
    } finally {
      assert.equal(await s.stop(), 0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
