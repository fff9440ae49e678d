/**
 * Data-driven language tests. Each `cases/NAME.flux` runs with the secrets below and a fixed
 * `now`; its `NAME.csv` holds the expected annotated CSV (all three annotations; written with
 * LF line ends, compared as CRLF), or its `NAME.error` holds the expected error code on the first
 * line and a substring of the message on the second.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFlux } from '../../src/flux/runtime.js';
import { encodeAnnotatedCsv } from '../../src/flux/csv.js';
import { StrongroomError } from '../../src/errors.js';
import { MapSecretReader } from './secret-store.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');
const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-cases-'));

/** Secrets every case can read; CANARY values must never appear in any output. */
export const CASE_SECRETS = new Map([
  ['PG_PASS', 's3cr3t-pg-pass'],
  ['API_TOKEN', 'tok_9f8e7d6c5b4a'],
  ['PIN', '73519'],
  ['USER', 'app_user'],
  ['EMPTY', ''],
]);

const names = fs.readdirSync(dir).filter((f) => f.endsWith('.flux')).map((f) => f.slice(0, -5)).sort();

test('the case folder holds at least 150 cases, each with one expectation', () => {
  assert.ok(names.length >= 150, `only ${names.length} cases`);
  for (const n of names) {
    const has = ['.csv', '.error'].filter((ext) => fs.existsSync(path.join(dir, n + ext)));
    assert.equal(has.length, 1, `${n} needs exactly one of .csv or .error`);
  }
});

for (const name of names) {
  test(name, async () => {
    const source = fs.readFileSync(path.join(dir, `${name}.flux`), 'utf8');
    const logs: string[] = [];
    const run = runFlux(source, {
      secrets: new MapSecretReader(CASE_SECRETS, new Set(['FORBIDDEN'])),
      now: new Date('2024-01-02T03:04:05Z'),
      params: { bucket: 'b1', limit: 3, ratio: 0.5, tags: ['x', 'y'] },
      sqliteDir,
      timeoutMs: 5_000,
      maxCallDepth: 200,
      maxRows: 10_000,
      onLog: (l) => logs.push(l),
    });
    const csvPath = path.join(dir, `${name}.csv`);
    if (fs.existsSync(csvPath)) {
      const outcome = await run;
      const expected = fs.readFileSync(csvPath, 'utf8').replace(/\r?\n/g, '\r\n');
      const actual = encodeAnnotatedCsv(outcome.results, { annotations: ['datatype', 'group', 'default'] });
      assert.equal(actual, expected);
    } else {
      const [code, message] = fs.readFileSync(path.join(dir, `${name}.error`), 'utf8').split('\n');
      await assert.rejects(run, (e: unknown) => {
        assert.ok(e instanceof StrongroomError, `expected StrongroomError, got ${String(e)}`);
        assert.equal(e.code, code!.trim());
        assert.ok(e.message.includes(message!.trim()), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(message!.trim())}`);
        return true;
      });
    }
    for (const secret of CASE_SECRETS.values()) {
      if (secret.length >= 4) assert.ok(!logs.join('\n').includes(secret), 'a secret reached the log');
    }
  });
}
