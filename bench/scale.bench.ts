/**
 * Scale: 1,000,000 secrets across 10,000 orgs (seeded with real sealed values by bench/seed.ts),
 * then listing one 100-key org on that store against the same org on an otherwise empty store,
 * in alternating rounds. Goals: within 1.2× of the empty store; server RSS under 200 MB.
 * Sizes: BENCH_SCALE_ORGS (default 10000), BENCH_SCALE_KEYS (default 100);
 * BENCH_STORAGE=sqlite (or postgres) picks one store (default both).
 */
import { readFileSync } from 'node:fs';
import { freshPostgresDatabase } from '../test/helpers/postgres.js';
import { seedStore } from './seed.js';
import { type ChildServer, type Row, benchStorages, call, cannon, envNumber, median, newMasterKey, removeDir, round, runBench, setup, startChild, tempDir } from './lib.js';

const ORGS = envNumber('BENCH_SCALE_ORGS', 10_000);
const KEYS = envNumber('BENCH_SCALE_KEYS', 100);
const CONNECTIONS = 32;
const DURATION = envNumber('BENCH_DURATION', 6);
// More rounds than the other benchmarks: the two stores are compared, and each round is noisy.
const ROUNDS = envNumber('BENCH_ROUNDS', 5);
const STORAGES = benchStorages();

function peakRssMb(pid: number): number {
  // VmHWM: the most the process has ever been resident.
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

interface Store { server: ChildServer; token: string; orgId: string; path: string }

async function prepared(storage: 'sqlite' | 'postgres', dir: string, postgresUrl: string | undefined, masterKey: string): Promise<{ token: string; orgId: string }> {
  const server = await startChild({ mode: 'strongroom', storage, dataDir: dir, ...(postgresUrl ? { postgresUrl } : {}) }, { STRONGROOM_MASTER_KEY: masterKey });
  try {
    const auth = await setup(server.url);
    const pairs = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`service_${String(i).padStart(3, '0')}_api_key`, `value-${i}-${'x'.repeat(32)}`]));
    await call(server.url, auth.token, 'PATCH', `/api/v2/orgs/${auth.orgId}/secrets`, pairs);
    return auth;
  } finally {
    await server.stop();
  }
}

async function measure(storage: 'sqlite' | 'postgres', rows: Row[], notes: string[]): Promise<void> {
  const dirs = [tempDir(), tempDir()];
  const pgDbs = storage === 'postgres' ? [await freshPostgresDatabase(), await freshPostgresDatabase()] : [];
  const keys = [newMasterKey(), newMasterKey()];
  const stores: Store[] = [];
  try {
    const auths = [];
    for (let i = 0; i < 2; i++) auths.push(await prepared(storage, dirs[i]!, pgDbs[i]?.url, keys[i]!));
    let lastReport = Date.now();
    const seconds = await seedStore(
      storage === 'postgres' ? { kind: 'postgres', url: pgDbs[0]!.url } : { kind: 'sqlite', dataDir: dirs[0]! },
      Buffer.from(keys[0]!, 'base64'),
      { orgs: ORGS, keysPerOrg: KEYS, onProgress: (n) => { if (Date.now() - lastReport > 15_000) { lastReport = Date.now(); process.stderr.write(`  seeded ${n}/${ORGS} orgs\n`); } } },
    );
    rows.push({ metric: `seed ${(ORGS * KEYS).toLocaleString('en-US')} sealed secrets in ${ORGS.toLocaleString('en-US')} orgs`, storage, value: round(seconds, 1), unit: 's', note: 'bench/seed.ts: multi-row inserts, 100 orgs per transaction' });
    for (let i = 0; i < 2; i++) {
      const server = await startChild({ mode: 'strongroom', storage, dataDir: dirs[i], ...(pgDbs[i] ? { postgresUrl: pgDbs[i]!.url } : {}) }, { STRONGROOM_MASTER_KEY: keys[i]! });
      stores.push({ server, ...auths[i]!, path: `/api/v2/orgs/${auths[i]!.orgId}/secrets` });
    }
    const count = await call(stores[0]!.server.url, stores[0]!.token, 'GET', '/api/v2/orgs?org=seed-org-' + (ORGS - 1));
    if (count.orgs.length !== 1) throw new Error('the seeded store lacks its last org');
    const load = (s: Store, duration: number) => cannon({ url: s.server.url + s.path, connections: CONNECTIONS, duration, headers: { Authorization: `Token ${s.token}` } });
    for (const s of stores) await load(s, 2);
    const big: number[] = [];
    const empty: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      big.push((await load(stores[0]!, DURATION)).requests.average);
      empty.push((await load(stores[1]!, DURATION)).requests.average);
    }
    // Latency ratio = throughput ratio inverted: how much slower the big store answers.
    const slowdown = median(empty.map((e, i) => e / big[i]!));
    rows.push({
      metric: `GET 100-key org on ${(ORGS * KEYS).toLocaleString('en-US')}-secret store`, storage, value: round(median(big), 0), unit: 'req/s',
      baseline: { name: 'same on empty store', value: round(median(empty), 0) }, ratio: round(slowdown, 3), goal: 'slowdown ≤ 1.2×', pass: slowdown <= 1.2,
      rounds: big.map((x) => round(x, 0)),
    });
    const rss = stores[0]!.server.rssMb();
    const peak = peakRssMb(stores[0]!.server.pid);
    rows.push({ metric: 'server RSS after load (big store)', storage, value: round(rss, 1), unit: 'MB', baseline: { name: 'empty store', value: round(stores[1]!.server.rssMb(), 1) }, goal: '< 200 MB', pass: rss < 200 });
    rows.push({ metric: 'server peak RSS (VmHWM, big store)', storage, value: round(peak, 1), unit: 'MB', goal: '< 200 MB', pass: peak < 200 });
    notes.push(`${storage}: ratio column is the slowdown (empty-store req/s ÷ big-store req/s), median of ${ROUNDS} alternating rounds of ${DURATION} s.`);
  } finally {
    for (const s of stores) await s.server.stop();
    for (const d of pgDbs) await d.drop();
    for (const d of dirs) removeDir(d);
  }
}

await runBench('scale', `Scale: ${(ORGS * KEYS).toLocaleString('en-US')} secrets in ${ORGS.toLocaleString('en-US')} orgs`, async (rows, notes) => {
  for (const storage of STORAGES) await measure(storage, rows, notes);
});
