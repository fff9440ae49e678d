/**
 * Listing an org's 100 secret keys with token auth, 32 connections, against a bare Fastify route
 * serving the very same bytes on the same route (same path, same parameter), in alternating rounds. Goal: ≥ 0.7× the bare route's requests/s.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshPostgresDatabase } from '../test/helpers/postgres.js';
import { type Row, benchStorages, call, cannon, envNumber, median, newMasterKey, removeDir, round, runBench, setup, startChild, tempDir } from './lib.js';

const CONNECTIONS = 32;
const DURATION = envNumber('BENCH_DURATION', 8);
const ROUNDS = envNumber('BENCH_ROUNDS', 3);

async function measure(storage: 'sqlite' | 'postgres', rows: Row[]): Promise<void> {
  const dir = tempDir();
  const pgDb = storage === 'postgres' ? await freshPostgresDatabase() : undefined;
  const server = await startChild({ mode: 'strongroom', storage, dataDir: dir, ...(pgDb ? { postgresUrl: pgDb.url } : {}) }, { STRONGROOM_MASTER_KEY: newMasterKey() });
  let bare;
  try {
    const { token, orgId } = await setup(server.url);
    const pairs = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`service_${String(i).padStart(3, '0')}_api_key`, `value-${i}-${'x'.repeat(32)}`]));
    await call(server.url, token, 'PATCH', `/api/v2/orgs/${orgId}/secrets`, pairs);
    const path = `/api/v2/orgs/${orgId}/secrets`;
    const bytes = await (await fetch(server.url + path, { headers: { Authorization: `Token ${token}` } })).text();
    const bodyFile = join(dir, 'list.json');
    writeFileSync(bodyFile, bytes);
    bare = await startChild({ mode: 'bare', bodyFile });
    const ours: number[] = [];
    const theirs: number[] = [];
    const p99: number[] = [];
    const ourCpu: number[] = [];
    const theirCpu: number[] = [];
    // Warm both up (JIT, SQLite page cache) before measuring.
    await cannon({ url: server.url + path, connections: CONNECTIONS, duration: 2, headers: { Authorization: `Token ${token}` } });
    await cannon({ url: bare.url + path, connections: CONNECTIONS, duration: 2 });
    for (let i = 0; i < ROUNDS; i++) {
      let cpu0 = server.cpuMicros();
      const a = await cannon({ url: server.url + path, connections: CONNECTIONS, duration: DURATION, headers: { Authorization: `Token ${token}` } });
      ourCpu.push((server.cpuMicros() - cpu0) / a.requests.total);
      ours.push(a.requests.average);
      p99.push(a.latency.p99);
      cpu0 = bare.cpuMicros();
      const b = await cannon({ url: bare.url + path, connections: CONNECTIONS, duration: DURATION });
      theirCpu.push((bare.cpuMicros() - cpu0) / b.requests.total);
      theirs.push(b.requests.average);
    }
    const ratios = ours.map((x, i) => x / theirs[i]!);
    const ratio = median(ratios);
    rows.push({
      metric: `GET secrets (100 keys, token auth, ${CONNECTIONS} conns)`, storage, value: round(median(ours), 0), unit: 'req/s',
      baseline: { name: 'bare Fastify, same route and bytes', value: round(median(theirs), 0) }, ratio: round(ratio, 3), goal: '≥ 0.7×', pass: ratio >= 0.7,
      rounds: ours.map((x) => round(x, 0)), note: `ratios per round ${ratios.map((r) => round(r, 3)).join(', ')}`,
    });
    rows.push({ metric: 'GET secrets p99 latency', storage, value: median(p99), unit: 'ms', rounds: p99 });
    rows.push({
      metric: 'server CPU per list request (all threads, user + system)', storage, value: round(median(ourCpu), 1), unit: 'µs',
      baseline: { name: 'bare Fastify, same route and bytes', value: round(median(theirCpu), 1) }, ratio: round(median(ourCpu) / median(theirCpu), 2),
      rounds: ourCpu.map((x) => round(x, 1)), note: `bare route per round: ${theirCpu.map((x) => round(x, 1)).join(', ')} µs`,
    });
  } finally {
    await bare?.stop();
    await server.stop();
    await pgDb?.drop();
    removeDir(dir);
  }
}

await runBench('list', 'List 100 keys vs a bare Fastify route', async (rows, notes) => {
  for (const storage of benchStorages()) await measure(storage, rows);
  notes.push(`${ROUNDS} alternating rounds of ${DURATION} s each (after a 2 s warm-up of each); the ratio is the median of per-round ratios. Server and bare route each run in their own process; autocannon in the bench process.`);
});
