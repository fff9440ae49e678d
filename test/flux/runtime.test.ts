/** runFlux limits and cancellation, and the static readers: referencedSecretKeys, readTaskOptions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTaskOptions, referencedSecretKeys, runFlux } from '../../src/flux/runtime.js';
import { parse } from '../../src/flux/parser.js';
import { StrongroomError } from '../../src/errors.js';
import { MapSecretReader } from './secret-store.js';
import { tempDir } from './run-helpers.js';

const base = () => ({ secrets: new MapSecretReader(new Map([['K', 'value-of-k']])), sqliteDir: tempDir('flux-rt-') });

async function rejects(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof StrongroomError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

// A script that does a lot of work: 300 x 300 function calls.
const BUSY = `import "array"
xs = array.map(arr: [${Array.from({ length: 300 }, (_, i) => i).join(',')}], fn: (x) => x)
y = array.map(arr: xs, fn: (x) => length(arr: array.map(arr: xs, fn: (x) => x + 1)))`;

test('a run that exceeds its time budget stops with a clear error', async () => {
  await rejects(runFlux(BUSY, { ...base(), timeoutMs: 30 }), 'unprocessable entity', /query exceeded its time limit of 30 ms/);
});

test('a run that creates too many rows stops', async () => {
  await rejects(runFlux(BUSY, { ...base(), maxRows: 5000 }), 'unprocessable entity', /query exceeded its limit of 5000 rows/);
});

test('deep recursion stops at the call depth limit', async () => {
  await rejects(runFlux('f = (n) => f(n: n + 1)\nx = f(n: 0)', { ...base(), maxCallDepth: 50 }), 'unprocessable entity', /call depth limit of 50/);
});

test('an aborted signal cancels the run', async () => {
  const ac = new AbortController();
  const p = runFlux(BUSY, { ...base(), signal: ac.signal });
  ac.abort();
  await rejects(p, 'internal error', /query canceled/);
});

test('syntax errors are all reported, with positions, before anything runs', async () => {
  const secrets = new MapSecretReader(new Map([['K', 'v']]));
  await rejects(runFlux('import "influxdata/influxdb/secrets"\nx = secrets.get(key: "K")\ny = (1 +\nz = "\\q"', { ...base(), secrets }),
    'invalid', /^compilation failed: error @\d+:\d+: .+; error @\d+:\d+: /);
  assert.deepEqual(secrets.reads, [], 'no secret is read when the script does not parse');
});

test('display() output goes to onLog, masked', async () => {
  const logs: string[] = [];
  await runFlux('import "influxdata/influxdb/secrets"\nx = display(v: {k: secrets.get(key: "K"), n: 1})\ny = display(v: "plain")', { ...base(), onLog: (l) => logs.push(l) });
  assert.deepEqual(logs, ['{k: ***, n: 1}', 'plain']);
});

test('referencedSecretKeys finds literal keys, also through an import alias', () => {
  const file = parse(`import s "influxdata/influxdb/secrets"
import "influxdata/influxdb/secrets"
a = s.get(key: "ALPHA")
f = () => secrets.get(key: "BETA")
b = secrets.get(key: "ALPHA")
c = other.get(key: "NOT_A_SECRET")
d = secrets.get(key: "dyn" + "amic")`);
  assert.deepEqual(referencedSecretKeys(file), ['ALPHA', 'BETA']);
  assert.deepEqual(referencedSecretKeys(parse('x = secrets.get(key: "NO_IMPORT")')), []);
});

test('readTaskOptions reads every and offset without running the script', () => {
  const opts = readTaskOptions(parse('option task = {name: "pg-sync", every: 90m, offset: -5m, retry: 3}\nx = die(msg: "not run")'));
  assert.deepEqual(opts, { name: 'pg-sync', every: '1h30m', everyNs: 5_400_000_000_000n, offset: '-5m', offsetNs: -300_000_000_000n, concurrency: 1, retry: 3 });
  assert.deepEqual(readTaskOptions(parse('option task = {name: "c", cron: "0 * * * *"}')), { name: 'c', cron: '0 * * * *', concurrency: 1, retry: 1 });
  assert.equal(readTaskOptions(parse('x = 1')), null);
});

test('readTaskOptions rejects malformed options with InfluxDB-style messages', () => {
  const bad = (src: string, pattern: RegExp) => assert.throws(() => readTaskOptions(parse(src)), (e: unknown) => {
    assert.ok(e instanceof StrongroomError);
    assert.equal(e.code, 'invalid');
    assert.match(e.message, pattern);
    return true;
  });
  bad('option task = {every: 1h}', /^invalid options: name required/);
  bad('option task = {name: "x", every: 1h, cron: "* * * * *"}', /must specify exactly one of either cron or every/);
  bad('option task = {name: "x"}', /must specify exactly one of either cron or every/);
  bad('option task = {name: "x", every: 500ms}', /every option must be at least 1 second/);
  bad('option task = {name: "x", every: 1500ms}', /whole seconds/);
  bad('option task = {name: "x", every: 1mo}', /every must not use months or years/);
  bad('n = "x"\noption task = {name: n, every: 1h}', /name must be a string literal/);
  bad('option task = {name: "x", every: 1h, concurrency: 0}', /concurrency must be an integer from 1 to 100/);
});
