/** The long kill -9 run: 20 rounds on SQLite and 20 on PostgreSQL. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { crashRounds } from '../test/crash/rounds.js';
import { freshPostgresDatabase } from '../test/helpers/postgres.js';
import { tempDir } from '../test/helpers/server.js';

const ROUNDS = Number(process.env.STRONGROOM_SOAK_ROUNDS ?? 20);

test(`SQLite: every acknowledged write survives kill -9 (${ROUNDS} rounds)`, { timeout: 30 * 60_000 }, async (t) => {
  const dataDir = tempDir();
  try {
    const { acknowledged } = await crashRounds({ rounds: ROUNDS, dataDir, sqlite: true, log: (l) => t.diagnostic(l) });
    assert.ok(acknowledged > 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test(`PostgreSQL: every acknowledged write survives kill -9 of the server (${ROUNDS} rounds)`, { timeout: 30 * 60_000 }, async (t) => {
  const dataDir = tempDir();
  const pg = await freshPostgresDatabase();
  try {
    const { acknowledged } = await crashRounds({ rounds: ROUNDS, dataDir, sqlite: false, args: ['--storage', 'postgres', '--postgres-url', pg.url], log: (l) => t.diagnostic(l) });
    assert.ok(acknowledged > 0);
  } finally {
    await pg.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
