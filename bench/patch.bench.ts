/**
 * Durable single-key PATCH writes (acknowledged only after the commit's fsync), 32 concurrent
 * clients, with group commit against the same server committing every write alone, in
 * alternating rounds. Goals: ≥ 10,000 writes/s and p99 < 20 ms.
 */
import { freshPostgresDatabase } from '../test/helpers/postgres.js';
import { type ChildServer, type Row, benchServices, benchStorages, cannon, envNumber, median, newMasterKey, removeDir, round, runBench, setup, startChild, tempDir } from './lib.js';

const CONNECTIONS = 32;
const DURATION = envNumber('BENCH_DURATION', 8);
const ROUNDS = envNumber('BENCH_ROUNDS', 3);
/** Writes cycle over this many keys: creates at first, then replaces (with history pruning). */
const KEYS = 2000;

async function writeLoad(server: ChildServer, token: string, orgId: string, duration: number) {
  let n = 0;
  return cannon({
    url: `${server.url}/api/v2/orgs/${orgId}/secrets`, method: 'PATCH', connections: CONNECTIONS, duration,
    headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ [`key_${n++ % KEYS}`]: `value-${n}-${'v'.repeat(24)}` }) }),
  });
}

async function measure(storage: 'sqlite' | 'postgres', rows: Row[]): Promise<void> {
  const dirs = [tempDir(), tempDir()];
  const pgDbs = storage === 'postgres' ? [await freshPostgresDatabase(), await freshPostgresDatabase()] : [];
  const servers: ChildServer[] = [];
  try {
    for (const [i, groupCommit] of [true, false].entries()) {
      servers.push(await startChild({ mode: 'strongroom', storage, dataDir: dirs[i], groupCommit, ...(pgDbs[i] ? { postgresUrl: pgDbs[i]!.url } : {}) }, { STRONGROOM_MASTER_KEY: newMasterKey() }));
    }
    const auth = await Promise.all(servers.map((s) => setup(s.url)));
    for (const [i, s] of servers.entries()) await writeLoad(s, auth[i]!.token, auth[i]!.orgId, 2);
    const gc = { rps: [] as number[], p99: [] as number[], p50: [] as number[], cpu: [] as number[] };
    const alone = { rps: [] as number[], p99: [] as number[], p50: [] as number[], cpu: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, into] of [gc, alone].entries()) {
        const cpu0 = servers[i]!.cpuMicros();
        const res = await writeLoad(servers[i]!, auth[i]!.token, auth[i]!.orgId, DURATION);
        into.cpu.push((servers[i]!.cpuMicros() - cpu0) / res.requests.total);
        into.rps.push(res.requests.average);
        into.p99.push(res.latency.p99);
        into.p50.push(res.latency.p50);
      }
    }
    const ratio = median(gc.rps.map((x, i) => x / alone.rps[i]!));
    rows.push({
      metric: `durable PATCH, 1 key, ${CONNECTIONS} clients`, storage, value: round(median(gc.rps), 0), unit: 'writes/s',
      baseline: { name: 'one commit per write', value: round(median(alone.rps), 0) }, ratio: round(ratio, 2), goal: '≥ 10,000/s', pass: median(gc.rps) >= 10_000,
      rounds: gc.rps.map((x) => round(x, 0)),
    });
    rows.push({
      metric: 'durable PATCH p99 latency', storage, value: median(gc.p99), unit: 'ms',
      baseline: { name: 'one commit per write', value: median(alone.p99) }, ratio: round(median(gc.p99) / median(alone.p99), 2), goal: '< 20 ms', pass: median(gc.p99) < 20, rounds: gc.p99,
    });
    rows.push({ metric: 'durable PATCH p50 latency', storage, value: median(gc.p50), unit: 'ms', baseline: { name: 'one commit per write', value: median(alone.p50) }, rounds: gc.p50 });
    rows.push({
      metric: 'server CPU per durable PATCH (all threads, user + system)', storage, value: round(median(gc.cpu), 1), unit: 'µs',
      baseline: { name: 'one commit per write', value: round(median(alone.cpu), 1) }, ratio: round(median(gc.cpu) / median(alone.cpu), 2), rounds: gc.cpu.map((x) => round(x, 1)),
    });
  } finally {
    for (const s of servers) await s.stop();
    for (const d of pgDbs) await d.drop();
    for (const d of dirs) removeDir(d);
  }
}

/**
 * The same writes through the services in this process, without HTTP: 32 concurrent callers,
 * each authenticating its token, checking the org and writing one key, as the route does. Shows
 * how much of a durable write is storage and service, and how much the HTTP layer.
 */
async function withoutHttp(storage: 'sqlite' | 'postgres', rows: Row[]): Promise<void> {
  const { s, token, orgId, meta, close } = await benchServices(storage);
  try {
    let n = 0;
    const caller = async (until: number) => {
      while (Date.now() < until) {
        const p = await s.authenticator.fromToken(token);
        await s.orgs.findReadable(p, orgId);
        await s.secrets.patch(p, meta, orgId, { [`key_${n++ % KEYS}`]: `value-${n}-${'v'.repeat(24)}` });
      }
    };
    const run = async (seconds: number) => {
      n = 0;
      const cpu0 = process.cpuUsage();
      const t0 = Date.now();
      await Promise.all(Array.from({ length: CONNECTIONS }, () => caller(t0 + seconds * 1000)));
      const cpu = process.cpuUsage(cpu0);
      return { rps: (n / (Date.now() - t0)) * 1000, cpuMicros: (cpu.user + cpu.system) / n };
    };
    await run(2);
    const results = [];
    for (let i = 0; i < ROUNDS; i++) results.push(await run(DURATION));
    rows.push({
      metric: `durable writes through the services, no HTTP, ${CONNECTIONS} callers`, storage, value: round(median(results.map((x) => x.rps)), 0), unit: 'writes/s',
      rounds: results.map((x) => round(x.rps, 0)), note: `CPU per write ${round(median(results.map((x) => x.cpuMicros)), 1)} µs`,
    });
  } finally {
    await close();
  }
}

await runBench('patch', 'Durable PATCH with group commit vs one commit per write', async (rows, notes) => {
  for (const storage of benchStorages()) {
    await measure(storage, rows);
    await withoutHttp(storage, rows);
  }
  notes.push(`${ROUNDS} alternating rounds of ${DURATION} s; ${KEYS} keys written round-robin (creates, then replaces with history pruning); every write is audited. SQLite: COMMIT writes the WAL and an fdatasync off the event loop flushes it before any write of the batch is acknowledged; PostgreSQL with its defaults (fsync on commit).`);
  notes.push('"Through the services, no HTTP": the same authenticated, audited, durable writes made by 32 concurrent callers in the bench process, to show what the HTTP layer adds.');
  notes.push('The baseline is the same server handing its group committer one write at a time, so every write is its own transaction and fsync.');
});
