/**
 * Snapshots read tables in pages: a table of more than one page (4,321 audit rows) comes back
 * whole and identical, from SQLite and from PostgreSQL, through a backup file and a restore.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { backupStore, restoreStore } from '../../src/backup/service.js';
import { type StorageConfig, openStorage } from '../../src/storage/database.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { tempDir } from '../helpers/server.js';

const ROWS = 4321;

async function fill(config: StorageConfig) {
  const s = await openStorage(config);
  try {
    await s.writes.write(async (tx) => {
      await tx.insertInto('orgs').values({ id: '00000000000000aa', name: 'big', description: '', created_at: 't', updated_at: 't' }).execute();
      for (let i = 0; i < ROWS; i += 500) {
        await tx.insertInto('audit_events').values(Array.from({ length: Math.min(500, ROWS - i) }, (_, j) => ({
          id: `e${i + j}`, time: `2026-01-01T00:00:${String((i + j) % 60).padStart(2, '0')}Z`, org_id: '00000000000000aa', actor_type: 'token', actor_id: 'a', actor_name: 'n',
          action: 'read', key: `K${i + j}`, version: i + j, request_id: 'r', remote_address: '127.0.0.1',
        }))).execute();
      }
      // Rows updated after insertion move in PostgreSQL's heap: pagination must still see each once.
      await tx.updateTable('audit_events').set({ remote_address: '10.0.0.1' }).where('version', '<', 300).execute();
    });
  } finally {
    await s.close();
  }
}

async function auditRows(config: StorageConfig) {
  const s = await openStorage(config);
  try {
    const rows = await s.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq), version: r.version === null ? null : Number(r.version) }));
  } finally {
    await s.close();
  }
}

test('a multi-page table survives backup and restore from SQLite and from PostgreSQL', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const pg = await freshPostgresDatabase();
  try {
    const sources: StorageConfig[] = [{ kind: 'sqlite', dataDir: join(dir, 'src') }, { kind: 'postgres', url: pg.url }];
    for (const [i, source] of sources.entries()) {
      await fill(source);
      const file = join(dir, `b${i}.jsonl`);
      const counts = await backupStore(source, file);
      assert.equal(counts.audit_events, ROWS);
      assert.equal(counts.secrets, 0, 'empty tables are listed too');
      const target: StorageConfig = { kind: 'sqlite', dataDir: join(dir, `t${i}`) };
      assert.deepEqual(await restoreStore(target, file), { orgs: 1, audit_events: ROWS });
      const [a, b] = await Promise.all([auditRows(source), auditRows(target)]);
      assert.equal(b.length, ROWS);
      assert.deepEqual(b, a);
    }
  } finally {
    await pg.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
