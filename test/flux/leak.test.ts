/**
 * Scripts that try to get a secret out of a run: through results, display(), die(), error
 * messages, json.encode, encodings, names and logs. No output of any of them may contain the
 * canary in any encoding (raw, base64, URL-encoded, JSON-escaped, hex).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runFlux } from '../../src/flux/runtime.js';
import { encodeAnnotatedCsv } from '../../src/flux/csv.js';
import { createScrubber } from '../../src/flux/scrub.js';
import { MapSecretReader } from './secret-store.js';
import { assertNoLeak, tempDir } from './run-helpers.js';

const CANARY = 'CANARY-7d1f/9a+e "q" secret';
const NUMERIC = '4815162342';
const PRELUDE = `import "influxdata/influxdb/secrets"
import "array"
import "strings"
import "json"
import "http"
s = secrets.get(key: "CANARY")
n = secrets.get(key: "NUMERIC")
`;

/** name -> script body; each tries one way out. */
const ATTEMPTS: Record<string, string> = {
  'yield the value': 'array.from(rows: [{v: s}])',
  'yield inside a longer string': 'array.from(rows: [{v: "prefix " + s + " suffix"}])',
  'yield interpolated': 'array.from(rows: [{v: "x=${s}"}])',
  'yield as a group key': 'array.from(rows: [{k: s, v: 1}]) |> group(columns: ["k"])',
  'yield via set()': 'array.from(rows: [{v: 1}]) |> set(key: "t", value: s)',
  'yield via map()': 'array.from(rows: [{v: 1}]) |> map(fn: (r) => ({r with t: strings.toLower(v: s)}))',
  'yield upper-cased pieces': 'array.from(rows: [{v: strings.joinStr(arr: strings.split(v: s, t: ""), v: ".")}])',
  'yield json.encode': 'array.from(rows: [{v: string(v: json.encode(v: {secret: s, list: [s]}))}])',
  'yield bytes round trip': 'array.from(rows: [{v: string(v: bytes(v: s))}])',
  'yield basic auth header': 'array.from(rows: [{v: http.basicAuth(u: "u", p: s)}])',
  'yield path-escaped': 'array.from(rows: [{v: http.pathEscape(inputString: s)}])',
  'yield a numeric secret as int': 'array.from(rows: [{v: int(v: n)}])',
  'yield a numeric secret as float': 'array.from(rows: [{v: float(v: n) * 1.0}])',
  'yield a numeric secret summed': 'array.from(rows: [{_value: int(v: n)}, {_value: 0}]) |> sum()',
  'yield a numeric secret as a time': 'array.from(rows: [{v: time(v: int(v: n))}])',
  'display the value': 'array.from(rows: [{v: display(v: {s: s, arr: [s], d: [s: s]})}])',
  'rebuild the secret from untainted text': 'array.from(rows: [{v: "CANARY-7d1f/9a+e \\"q\\" secret"}])',
  'die with the value': 'die(msg: "leaking " + s)',
  'fail a conversion with the value': 'x = int(v: s)',
  'fail a float conversion': 'x = float(v: s)',
  'fail a time conversion': 'x = time(v: s)',
  'fail a bool conversion': 'x = bool(v: s)',
  'fail a duration conversion': 'x = duration(v: s)',
  'index out of bounds with a secret index': 'x = [1, 2][int(v: n)]',
  'name a result after the secret': 'array.from(rows: [{v: 1}]) |> yield(name: s)',
  'rename a column to the secret': 'array.from(rows: [{v: 1}]) |> rename(columns: {v: s})',
  'rename via fn': 'array.from(rows: [{v: 1}]) |> rename(fn: (column) => s)',
  'set a column named after the secret': 'array.from(rows: [{v: 1}]) |> set(key: s, value: "x")',
  'look up a column named after the secret': 'x = array.from(rows: [{v: 1}]) |> tableFind(fn: (key) => true) |> getColumn(column: s)',
  'use the secret as a secret key': 'x = secrets.get(key: s)',
  'use the secret as a sql driver name': 'import "sql"\nx = sql.from(driverName: s, dataSourceName: "x", query: "q")'.replace('import "sql"\n', ''),
  'echo the secret from sqlite': 'import "sql"\nsql.from(driverName: "sqlite3", dataSourceName: ":memory:", query: "SELECT \'${s}\' AS v")'.replace('import "sql"\n', ''),
  'make sqlite fail with the secret in the query': 'x = sql.from(driverName: "sqlite3", dataSourceName: ":memory:", query: "SELECT * FROM \\"${s}\\"")',
  'secret in an unsupported regexp': 'x = "a" =~ /(?U)a/ or s == ""',
};

for (const [name, body] of Object.entries(ATTEMPTS)) {
  test(`no leak: ${name}`, async () => {
    const usesSql = body.includes('sql.from');
    const source = (usesSql ? 'import "sql"\n' : '') + PRELUDE + body;
    const logs: string[] = [];
    let output = '';
    try {
      const out = await runFlux(source, {
        secrets: new MapSecretReader(new Map([['CANARY', CANARY], ['NUMERIC', NUMERIC]])),
        sqliteDir: tempDir('flux-leak-'),
        onLog: (l) => logs.push(l),
      });
      output = encodeAnnotatedCsv(out.results, { annotations: ['datatype', 'group', 'default'] });
      output += JSON.stringify(out.results, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    } catch (e) {
      output = `${(e as Error).message}\n${JSON.stringify(e)}`;
    }
    for (const where of [output, logs.join('\n')]) {
      assertNoLeak(where, CANARY, name);
      assertNoLeak(where, NUMERIC, name);
    }
  });
}

test('a masked result still says a value was there', async () => {
  const out = await runFlux(PRELUDE + 'array.from(rows: [{v: s, w: "plain"}])', {
    secrets: new MapSecretReader(new Map([['CANARY', CANARY], ['NUMERIC', NUMERIC]])),
    sqliteDir: tempDir('flux-leak-'),
  });
  assert.deepEqual(out.results[0]!.tables[0]!.rows, [['***', 'plain']]);
  assert.deepEqual(out.secretKeysRead, ['CANARY', 'NUMERIC']);
});

test('the scrubber removes every encoding, including base64 at any offset', () => {
  const scrub = createScrubber([CANARY]);
  for (const prefix of ['', 'a', 'ab', 'abc']) {
    const embedded = Buffer.from(`${prefix}${CANARY}tail`).toString('base64');
    assertNoLeak(scrub(`header: Basic ${embedded}`), CANARY, `base64 with prefix ${JSON.stringify(prefix)}`);
  }
  const forms = [CANARY, encodeURIComponent(CANARY), JSON.stringify(CANARY), Buffer.from(CANARY).toString('base64url')];
  for (const form of forms) assert.ok(!scrub(`x ${form} y`).includes(form), form);
  assert.equal(scrub('nothing to see'), 'nothing to see');
});

test('property: no derived form of any secret value reaches the output', async () => {
  const alphabet = 'abcXYZ0189+/=_-:@ "\\%&?#é€😀'.split(/(?:)/u);
  const secretArb = fc.array(fc.constantFrom(...alphabet), { minLength: 8, maxLength: 24 }).map((cs) => cs.join(''));
  const script = `import "influxdata/influxdb/secrets"
import "array"
import "strings"
import "json"
import "http"
s = secrets.get(key: "K")
x = display(v: {s: s})
array.from(rows: [{
  raw: s, upper: strings.toUpper(v: s), json: string(v: json.encode(v: [s])), basic: http.basicAuth(u: "user", p: s),
  esc: http.pathEscape(inputString: s), cut: strings.substring(v: s, start: 1, end: 100), joined: strings.joinStr(arr: [s, s], v: "|"),
}])`;
  const sqliteDir = tempDir('flux-prop-');
  await fc.assert(fc.asyncProperty(secretArb, async (secret) => {
    const logs: string[] = [];
    const out = await runFlux(script, {
      secrets: new MapSecretReader(new Map([['K', secret]])),
      sqliteDir,
      onLog: (l) => logs.push(l),
    });
    const csv = encodeAnnotatedCsv(out.results, { annotations: ['datatype', 'group', 'default'] });
    assert.deepEqual(out.results[0]!.tables[0]!.rows[0], Array(7).fill('***'));
    assertNoLeak(csv + logs.join('\n'), secret, 'property run');
  }), { numRuns: 60 });
});
