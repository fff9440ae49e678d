/** The long rotation run: 20 rotations and 20 rewraps under 16-way load, on SQLite and PostgreSQL, then a restart with the last key. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { newMasterKey, underLoad } from '../test/keyring/load.js';
import { mismatchedSecrets } from '../test/keyring/scripts.js';
import { freshPostgresDatabase } from '../test/helpers/postgres.js';
import { type InProcessServer, startInProcess, tempDir } from '../test/helpers/server.js';

const ROUNDS = Number(process.env.STRONGROOM_SOAK_ROUNDS ?? 20);

async function soak(start: (key: string) => Promise<InProcessServer>) {
  const { token, orgs, written, masterKey } = await underLoad(start, ROUNDS);
  await assert.rejects(start(newMasterKey()), /master key does not match/);
  const again = await start(masterKey);
  try {
    for (const org of orgs) assert.deepEqual(await mismatchedSecrets(again.url, token, org, written.get(org)!), []);
  } finally {
    await again.stop();
  }
}

test(`SQLite: ${ROUNDS} rotations and rewraps under load`, { timeout: 30 * 60_000 }, async () => {
  const dataDir = tempDir();
  try {
    await soak((key) => startInProcess({ dataDir, masterKey: key }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test(`PostgreSQL: ${ROUNDS} rotations and rewraps under load`, { timeout: 30 * 60_000 }, async () => {
  const pg = await freshPostgresDatabase();
  try {
    await soak((key) => startInProcess({ storage: 'postgres', postgresUrl: pg.url, masterKey: key }));
  } finally {
    await pg.drop();
  }
});
