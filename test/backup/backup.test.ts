/**
 * Backup and restore with the real CLI: an online backup of a running server (SQLite, under
 * writes) and of PostgreSQL, restored into a fresh data dir or database, checked through scripts;
 * refusals (non-empty target, wrong master key, damaged file); no canary in the file.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RestoreRefusedError, backupStore, restoreStore } from '../../src/backup/service.js';
import { BackupFormatError } from '../../src/backup/format.js';
import { SnapshotError } from '../../src/storage/snapshot.js';
import { encodingsOf, runCli } from '../helpers/cli.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { api, setupInstance, startInProcess, tempDir } from '../helpers/server.js';
import { mismatchedSecrets } from '../keyring/scripts.js';

const canary = (tag: string) => `canary-${tag}-${randomBytes(9).toString('hex')}`;

/** Writes secrets with history, a deletion and a key rotation; returns the expected values per org. */
async function populate(url: string) {
  const { token, orgId } = await setupInstance(url);
  const second = (await api(url, token, 'POST', '/api/v2/orgs', { name: 'second' })).json.id as string;
  const expected: Record<string, Record<string, string>> = { [orgId]: {}, [second]: {} };
  for (const org of [orgId, second]) {
    for (let i = 0; i < 5; i++) {
      const pairs = { [`KEY_${i}`]: canary(`${i}a`) };
      assert.equal((await api(url, token, 'PATCH', `/api/v2/orgs/${org}/secrets`, pairs)).status, 204);
      Object.assign(expected[org]!, pairs);
    }
    if (org === orgId) assert.equal((await api(url, token, 'POST', '/api/v2/keyring/rotate')).status, 200);
    const newer = { KEY_0: canary('0b'), KEY_1: canary('1b') };
    assert.equal((await api(url, token, 'PATCH', `/api/v2/orgs/${org}/secrets`, newer)).status, 204);
    Object.assign(expected[org]!, newer);
    assert.equal((await api(url, token, 'DELETE', `/api/v2/orgs/${org}/secrets/KEY_4`)).status, 204);
    delete expected[org]!.KEY_4;
  }
  return { token, orgId, expected };
}

async function observable(url: string, token: string, orgs: string[]) {
  const out: unknown[] = [];
  for (const org of orgs) {
    const list = await api(url, token, 'GET', `/api/v2/orgs/${org}/secrets?details=true`);
    assert.equal(list.status, 200);
    out.push(list.json.details.map((d: { key: string; version: number; updatedAt: string }) => [d.key, d.version, d.updatedAt]));
    out.push((await api(url, token, 'GET', `/api/v2/orgs/${org}/secrets/KEY_0/versions`)).json);
  }
  out.push((await api(url, token, 'GET', '/api/v2/keyring')).json);
  return out;
}

async function assertRestored(url: string, token: string, expected: Record<string, Record<string, string>>) {
  for (const [org, values] of Object.entries(expected)) {
    assert.equal(Object.keys(values).length, 4);
    assert.deepEqual(await mismatchedSecrets(url, token, org, values), [], `values of org ${org}`);
  }
}

function assertNoCanary(file: string, expected: Record<string, Record<string, string>>) {
  const text = readFileSync(file, 'latin1');
  for (const values of Object.values(expected)) {
    for (const v of Object.values(values)) for (const enc of encodingsOf(v)) assert.ok(!text.includes(enc), `the backup contains an encoding of a secret value: ${enc.slice(0, 6)}…`);
  }
}

test('SQLite → SQLite: an online backup under writes restores into a fresh data dir; every secret resolves', { timeout: 180_000 }, async () => {
  const dir = tempDir();
  const masterKey = randomBytes(32).toString('base64');
  const env = { STRONGROOM_MASTER_KEY: masterKey };
  const source = await startInProcess({ dataDir: join(dir, 'source'), masterKey });
  try {
    const { token, expected } = await populate(source.url);
    const orgs = Object.keys(expected);
    // Writes to another key keep going while the backup runs.
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        const r = await api(source.url, token, 'PATCH', `/api/v2/orgs/${orgs[1]}/secrets`, { BUSY: `busy-${n++}` });
        assert.equal(r.status, 204);
      }
      return n;
    })();
    const file = join(dir, 'backup.jsonl');
    const b = await runCli(['backup', file, '--data-dir', join(dir, 'source'), '--json']);
    writing = false;
    assert.ok((await writer) > 0);
    assert.equal(b.code, 0, b.stderr);
    const report = JSON.parse(b.stdout) as { rows: Record<string, number> };
    assert.equal(report.rows.orgs, 2);
    assert.match(b.stderr, /does not contain the master key/);
    assertNoCanary(file, expected);
    const busy = await observable(source.url, token, orgs);

    // Wrong key: refused, nothing restored; then the right key restores.
    const target = join(dir, 'target');
    await assert.rejects(restoreStore({ kind: 'sqlite', dataDir: target }, file, randomBytes(32)), (e: Error) =>
      e instanceof RestoreRefusedError && /master key given does not open this backup/.test(e.message));
    const ok = await runCli(['restore', file, '--data-dir', target, '--json'], { env });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).masterKeyChecked, true);
    await assert.rejects(restoreStore({ kind: 'sqlite', dataDir: target }, file), (e: Error) =>
      e instanceof RestoreRefusedError && /refusing to restore into data dir .*: it is not empty \(.*orgs: 2 rows/.test(e.message));

    const restored = await startInProcess({ dataDir: target, masterKey });
    try {
      await assertRestored(restored.url, token, expected);
      const after = await observable(restored.url, token, orgs);
      // The backup is a snapshot taken during the writes to BUSY: everything else is identical.
      const strip = (o: unknown[]) => JSON.parse(JSON.stringify(o), (k, v) => (Array.isArray(v) && v[0] === 'BUSY' ? undefined : v));
      assert.deepEqual(strip(after), strip(busy));
    } finally {
      await restored.stop();
    }
  } finally {
    await source.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL → SQLite and SQLite → PostgreSQL: the same file restores on either backend', { timeout: 180_000 }, async () => {
  const dir = tempDir();
  const pgSource = await freshPostgresDatabase();
  const pgTarget = await freshPostgresDatabase();
  const masterKey = randomBytes(32).toString('base64');
  const env = { STRONGROOM_MASTER_KEY: masterKey };
  try {
    const source = await startInProcess({ storage: 'postgres', postgresUrl: pgSource.url, masterKey });
    let token: string, expected: Record<string, Record<string, string>>, before: unknown[];
    const file = join(dir, 'pg.jsonl');
    try {
      ({ token, expected } = await populate(source.url));
      before = await observable(source.url, token, Object.keys(expected));
      const b = await runCli(['backup', file, '--storage', 'postgres', '--postgres-url', pgSource.url]);
      assert.equal(b.code, 0, b.stderr);
      assert.match(b.stdout, /secret_versions/);
    } finally {
      await source.stop();
    }
    assertNoCanary(file, expected);

    const sqliteDir = join(dir, 'sqlite');
    await restoreStore({ kind: 'sqlite', dataDir: sqliteDir }, file, Buffer.from(masterKey, 'base64'));
    const onSqlite = await startInProcess({ dataDir: sqliteDir, masterKey });
    const file2 = join(dir, 'sqlite.jsonl');
    try {
      await assertRestored(onSqlite.url, token, expected);
      assert.deepEqual(await observable(onSqlite.url, token, Object.keys(expected)), before);
      // New writes after a restore: audit sequence and keys keep working.
      assert.equal((await api(onSqlite.url, token, 'PATCH', `/api/v2/orgs/${Object.keys(expected)[0]}/secrets`, { AFTER: 'x' })).status, 204);
      await backupStore({ kind: 'sqlite', dataDir: sqliteDir }, file2);
    } finally {
      await onSqlite.stop();
    }

    // Without a master key the restore still works, and says the key must be supplied at start.
    const r2 = await runCli(['restore', file2, '--storage', 'postgres', '--postgres-url', pgTarget.url]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r2.stderr, /No master key was given/);
    const onPg = await startInProcess({ storage: 'postgres', postgresUrl: pgTarget.url, masterKey });
    try {
      await assertRestored(onPg.url, token, expected);
      assert.equal((await api(onPg.url, token, 'PATCH', `/api/v2/orgs/${Object.keys(expected)[0]}/secrets`, { AFTER2: 'y' })).status, 204);
      const audit = await api(onPg.url, token, 'GET', `/api/v2/orgs/${Object.keys(expected)[0]}/audit?limit=1`);
      assert.ok(audit.status === 200 || audit.status === 404, audit.text);
    } finally {
      await onPg.stop();
    }
    await assert.rejects(restoreStore({ kind: 'postgres', url: pgTarget.url }, file2), /refusing to restore into the PostgreSQL database: it is not empty/);
  } finally {
    await pgSource.drop();
    await pgTarget.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a truncated or foreign file is refused and restores nothing', { timeout: 180_000 }, async () => {
  const dir = tempDir();
  const masterKey = randomBytes(32).toString('base64');
  try {
    const source = await startInProcess({ dataDir: join(dir, 'src'), masterKey });
    try {
      await populate(source.url);
    } finally {
      await source.stop();
    }
    const file = join(dir, 'b.jsonl');
    await backupStore({ kind: 'sqlite', dataDir: join(dir, 'src') }, file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'cut.jsonl'), lines.slice(0, -3).join('\n') + '\n');
    const cut = await runCli(['restore', join(dir, 'cut.jsonl'), '--data-dir', join(dir, 't')]);
    assert.equal(cut.code, 1);
    assert.match(cut.stderr, /truncated/);
    writeFileSync(join(dir, 'foreign.jsonl'), '{"hello":1}\n');
    await assert.rejects(restoreStore({ kind: 'sqlite', dataDir: join(dir, 't') }, join(dir, 'foreign.jsonl')), (e: Error) => e instanceof BackupFormatError && /is not a Strongroom backup/.test(e.message));
    const badCount = lines.map((l) => (l.startsWith('{"end":true') ? l.replace(/"orgs":2/, '"orgs":3') : l)).join('\n') + '\n';
    writeFileSync(join(dir, 'counts.jsonl'), badCount);
    await assert.rejects(restoreStore({ kind: 'sqlite', dataDir: join(dir, 't') }, join(dir, 'counts.jsonl')), /table orgs has 2 rows, the backup recorded 3/);
    // Nothing was restored by the refused attempts: the real file still restores.
    const counts = await restoreStore({ kind: 'sqlite', dataDir: join(dir, 't') }, file, Buffer.from(masterKey, 'base64'));
    assert.equal(counts.orgs, 2);
    await assert.rejects(backupStore({ kind: 'sqlite', dataDir: join(dir, 'nothing-here') }, join(dir, 'x.jsonl')), SnapshotError);
    // A data dir holding another generated master.key (say, from a first start on a new machine)
    // is refused, naming that file; nothing is restored.
    const fresh = join(dir, 'fresh');
    mkdirSync(fresh, { mode: 0o700 });
    writeFileSync(join(fresh, 'master.key'), randomBytes(32).toString('base64'), { mode: 0o600 });
    const other = await runCli(['restore', file, '--data-dir', fresh]);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /the master key from .*fresh\/master\.key does not open this backup/);
    assert.equal((await restoreStore({ kind: 'sqlite', dataDir: fresh }, file)).orgs, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
