/** kill -9 under 32-way write load, 3 rounds on SQLite (20 rounds, and PostgreSQL, in `npm run soak`). */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { crashRounds } from './crash/rounds.js';
import { tempDir } from './helpers/server.js';

test('SQLite: every acknowledged write survives kill -9 (3 rounds); integrity_check ok; clean restarts', { timeout: 300_000 }, async (t) => {
  const dataDir = tempDir();
  try {
    const { acknowledged } = await crashRounds({ rounds: 3, dataDir, sqlite: true, log: (l) => t.diagnostic(l) });
    assert.ok(acknowledged > 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
