/**
 * Flux runtime benchmark (not run by tests): `node --import tsx bench/flux-runtime.ts`.
 * - secrets.get: per-call cost of a script that reads N secrets (interpreter + masking overhead;
 *   the in-memory store itself costs next to nothing).
 * - a seed-style task query against SQLite: sql.from -> filter -> map -> group -> sum -> CSV, p50/p99.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runFlux } from '../src/flux/runtime.js';
import type { SecretReader } from '../src/flux/runtime.js';
import { encodeAnnotatedCsv } from '../src/flux/csv.js';

const secrets: SecretReader = {
  async get(key) {
    return `value-of-${key}-0123456789`;
  },
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(20, runs); i++) await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-bench-'));
const db = new Database(path.join(dir, 'seed.db'));
db.exec('CREATE TABLE metrics (host TEXT, region TEXT, value REAL, at DATETIME)');
const insert = db.prepare('INSERT INTO metrics VALUES (?, ?, ?, ?)');
db.transaction(() => {
  for (let i = 0; i < 5000; i++) {
    insert.run(`host-${i % 50}`, i % 2 ? 'east' : 'west', (i * 7919) % 1000 / 10, new Date(1_700_000_000_000 + i * 60_000).toISOString());
  }
})();
db.close();

const N = 200;
const secretScript = `import "influxdata/influxdb/secrets"\n${Array.from({ length: N }, (_, i) => `s${i} = secrets.get(key: "K${i % 10}")`).join('\n')}`;
const oneSecret = `import "influxdata/influxdb/secrets"\ns = secrets.get(key: "K")`;
const seedQuery = `import "sql"
import "influxdata/influxdb/secrets"
token = secrets.get(key: "SQLITE_TOKEN")
sql.from(driverName: "sqlite3", dataSourceName: "file:seed.db?mode=ro", query: "SELECT host, region, value, at FROM metrics")
  |> filter(fn: (r) => r.value > 10.0 and r.region == "east")
  |> map(fn: (r) => ({r with value: r.value * 2.0, tag: "t-\${token}"}))
  |> group(columns: ["host"])
  |> sum(column: "value")
  |> yield(name: "per_host")`;

const opts = { secrets, sqliteDir: dir };
const baseline = await time(200, () => runFlux(oneSecret, opts));
const many = await time(100, () => runFlux(secretScript, opts));
const perCallUs = ((percentile(many, 50) - percentile(baseline, 50)) / (N - 1)) * 1000;
const seed = await time(50, async () => encodeAnnotatedCsv((await runFlux(seedQuery, opts)).results));

const report = {
  node: process.version,
  secretsGet: { perCallMicros: Number(perCallUs.toFixed(2)), scriptWith200Reads: { p50ms: percentile(many, 50), p99ms: percentile(many, 99) } },
  seedQuerySqlite5000Rows: { p50ms: percentile(seed, 50), p99ms: percentile(seed, 99), runs: seed.length },
};
console.log(JSON.stringify(report, null, 2));
fs.rmSync(dir, { recursive: true, force: true });
