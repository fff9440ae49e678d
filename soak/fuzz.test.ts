/**
 * The long fuzzing run: the hostile-request fuzzer of `npm test` (test/fuzz.test.ts, 10,000
 * requests on one seed) with several fresh seeds and more requests each. Rare interleavings of
 * concurrent requests show up only over many seeds (a PATCH racing a DELETE of the same org
 * once answered 500). Each run prints its seed; FUZZ_SEED reproduces it in `npm test`'s file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const SEEDS = Number(process.env.STRONGROOM_SOAK_FUZZ_SEEDS ?? 8);
const RUNS = Number(process.env.STRONGROOM_SOAK_FUZZ_RUNS ?? 25_000);

for (let i = 0; i < SEEDS; i++) {
  // Far apart, and new every run: a soak repeats no earlier seed unless told to.
  const seed = (Date.now() + i * 104_729) % 2 ** 31;
  // Every other seed with 32 requests in flight instead of 8 (more room for races between them),
  // and every other pair on PostgreSQL, which refuses some text SQLite stores.
  const concurrency = i % 2 === 0 ? 8 : 32;
  const storage = i % 4 < 2 ? 'sqlite' : 'postgres';
  test(`fuzzer on ${storage}, seed ${seed}: ${RUNS} hostile requests, ${concurrency} at a time, no 5xx, every error an InfluxDB body`, { timeout: 15 * 60_000 }, (t) => {
    // Without the runner's NODE_TEST_CONTEXT the child is a test run of its own, with its own report.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', 'test/fuzz.test.ts'], {
      env: { ...env, FUZZ_SEED: String(seed), FUZZ_RUNS: String(RUNS), FUZZ_CONCURRENCY: String(concurrency), FUZZ_STORAGE: storage }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    assert.match(run.stdout, /^# pass [1-9]/m, `the fuzzer did not run:\n${run.stdout.slice(0, 2000)}${run.stderr.slice(0, 2000)}`);
    for (const line of run.stdout.split('\n').filter((l) => l.startsWith('# statuses') || l.startsWith('# fuzz seed'))) t.diagnostic(line.slice(2));
    assert.equal(run.status, 0, `seed ${seed} failed (reproduce with FUZZ_SEED=${seed} FUZZ_RUNS=${RUNS} FUZZ_CONCURRENCY=${concurrency} FUZZ_STORAGE=${storage} node --import tsx --test test/fuzz.test.ts):\n${run.stdout.split('\n').filter((l) => /not ok|#\d+ \d{3}|error/.test(l)).slice(0, 40).join('\n')}`);
  });
}
