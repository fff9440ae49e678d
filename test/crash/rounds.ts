/**
 * kill -9 under load: the real server process on a fixed data dir (or PostgreSQL database) and
 * master key; 32 writers PATCH one key each per request; SIGKILL at a random moment; restart.
 * After every round: every acknowledged (204) write resolves to its value, SQLite's
 * `PRAGMA integrity_check` says ok, and the server restarts cleanly (and finally exits 0 on SIGTERM).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { mismatchedSecrets } from '../keyring/scripts.js';
import { type RunningServer, api, setupInstance, startServer } from '../helpers/server.js';

const WRITERS = 32;

export interface CrashOptions {
  rounds: number;
  dataDir: string;
  /** Extra server flags, e.g. --storage postgres --postgres-url URL. */
  args?: string[];
  sqlite: boolean;
  log?: (line: string) => void;
}

/** A small seeded PRNG (mulberry32), so a failing round can be replayed from the logged seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function crashRounds(opts: CrashOptions): Promise<{ acknowledged: number }> {
  const seed = Number(process.env.STRONGROOM_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const random = prng(seed);
  const log = opts.log ?? (() => {});
  log(`crash rounds: seed ${seed} (replay with STRONGROOM_CRASH_SEED=${seed})`);
  const env = { STRONGROOM_MASTER_KEY: randomBytes(32).toString('base64'), STRONGROOM_LOG_LEVEL: 'warn' };
  const start = () => startServer({ dataDir: opts.dataDir, env, args: opts.args ?? [] });
  let server: RunningServer = await start();
  const { token, orgId } = await setupInstance(server.url);
  const acknowledged: Record<string, string> = {};

  for (let round = 0; round < opts.rounds; round++) {
    let killed = false;
    let acks = 0;
    let firstAck!: () => void;
    const gotAck = new Promise<void>((r) => { firstAck = r; });
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const key = `R${round}_W${w}_${i}`;
        const value = `v-${round}-${w}-${i}-${randomBytes(6).toString('hex')}`;
        let status: number;
        try {
          status = (await api(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, { [key]: value })).status;
        } catch {
          return; // the connection died with the server: this write was never acknowledged
        }
        if (status === 204) {
          acknowledged[key] = value;
          if (++acks === 1) firstAck();
        } else if (!killed) throw new Error(`PATCH answered ${status} before the kill`);
      }
    };
    const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    // Writers only settle early if the server failed a write before the kill: that rejects here.
    await Promise.race([gotAck, writers]);
    await new Promise((r) => setTimeout(r, 50 + Math.floor(random() * 800)));
    killed = true;
    server.child.kill('SIGKILL');
    await server.stop();
    await writers;
    log(`round ${round}: killed with ${acks} writes acknowledged in this round`);

    if (opts.sqlite) {
      const db = new SQLite(join(opts.dataDir, 'strongroom.db'));
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', `integrity_check after round ${round}`);
      } finally {
        db.close();
      }
    }
    server = await start();
    const keys = Object.keys(acknowledged);
    const list = await api(server.url, token, 'GET', `/api/v2/orgs/${orgId}/secrets`);
    assert.equal(list.status, 200);
    const present = new Set(list.json.secrets as string[]);
    const missing = keys.filter((k) => !present.has(k));
    assert.deepEqual(missing, [], `acknowledged keys missing after round ${round} (seed ${seed})`);
    for (let i = 0; i < keys.length; i += 200) {
      const chunk = Object.fromEntries(keys.slice(i, i + 200).map((k) => [k, acknowledged[k]!]));
      assert.deepEqual(await mismatchedSecrets(server.url, token, orgId, chunk), [], `values after round ${round} (seed ${seed})`);
    }
  }
  assert.equal(await server.stop('SIGTERM'), 0, `clean shutdown:\n${server.output()}`);
  return { acknowledged: Object.keys(acknowledged).length };
}
