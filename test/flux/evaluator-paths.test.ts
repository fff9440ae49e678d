/**
 * Call-free expressions and callbacks run synchronously (expressions.ts); expressions with calls
 * take the async path. The two must agree: same results, same taint, same error messages.
 * Each case runs once as written and once with an identity call forcing the async path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StrongroomError } from '../../src/errors.js';
import { run } from './run-helpers.js';

const ROWS = `import "array"
import "influxdata/influxdb/secrets"
k = secrets.get(key: "K")
id = (v) => v
rows = array.from(rows: [
  {host: "a", region: "east", value: 12.5, n: 1},
  {host: "b", region: "west", value: 3.0, n: 2},
  {host: "a", region: "east", value: 30.0, n: 3},
  {host: "c", region: "east", value: 11.0, n: 4},
])
`;

/** The same pipeline with `X(e)` as `e` (sync path) and as `id(v: e)` (async path). */
function both(pipeline: string): [string, string] {
  return [pipeline.replace(/X\(([^()]*)\)/g, '($1)'), pipeline.replace(/X\(([^()]*)\)/g, 'id(v: $1)')];
}

async function outcome(source: string): Promise<string> {
  try {
    return (await run(ROWS + source, { K: 'secret-value-k' })).csv;
  } catch (e) {
    assert.ok(e instanceof StrongroomError, String(e));
    return `${e.code}: ${e.message}`;
  }
}

const CASES = [
  'rows |> filter(fn: (r) => X(r.value > 10.0 and r.region == "east"))',
  'rows |> filter(fn: (r) => X(r.missing > 1.0 or r.n == 2))',
  'rows |> map(fn: (r) => ({r with value: X(r.value * 2.0), tag: "t-${r.host}"}))',
  'rows |> map(fn: (r) => ({host: r.host, big: X(if r.value > 11.0 then "yes" else "no")}))',
  'rows |> map(fn: (r) => { d = r.n * 2\n return {r with d: X(d)} })',
  'rows |> map(fn: (r) => ({r with v: X([r.n, r.n + 1][1])}))',
  'rows |> group(columns: ["host"]) |> sum(column: "value")',
  // filter refills one record per table for a call-free predicate
  'rows |> group(columns: ["host"]) |> filter(fn: (r) => X(r.n > 1))',
  'rows |> filter(fn: (r) => { f = () => r.n\n return X(r.n > 2 and r.host != "b") })',
];

for (const c of CASES) {
  test(`sync and async paths agree: ${c.split('\n')[0]}`, async () => {
    const [sync, viaCall] = both(c);
    const a = await outcome(sync);
    const b = await outcome(viaCall);
    assert.equal(a, b);
    assert.doesNotMatch(a, /^[a-z ]+: /, 'the case should succeed');
  });
}

test('errors in a synchronous callback keep their message and position', async () => {
  // Messages as the evaluator gave them before callbacks ran synchronously.
  const expected: [string, string][] = [
    ['rows |> filter(fn: (r) => r.value + 1 > 2.0)', 'error calling function "filter" @11:9-11:45: error @11:27-11:38: expected float but found int for operator +'],
    ['rows |> filter(fn: (r) => r.host)', 'error calling function "filter" @11:9-11:34: filter: fn must return a bool, got string'],
    ['rows |> map(fn: (r) => { return r.nope.x })', 'error calling function "map" @11:9-11:44: map: fn must return a record, got null'],
    ['rows |> map(fn: (r) => { x = 1\n x = 2\n return r })', 'error calling function "map" @11:9-13:13: error @12:2-12:7: variable "x" reassigned'],
    ['rows |> map(fn: (r) => ({r with v: [1][r.n]}))', 'error calling function "map" @11:9-11:47: error @11:36-11:44: cannot access element 1 of array of length 1'],
    ['rows |> map(fn: (r) => ({r with v: {a: 1}.b}))', 'error calling function "map" @11:9-11:47: error @11:36-11:44: record is missing label b'],
    ['rows |> map(fn: (r) => { x = 1 })', 'error calling function "map" @11:9-11:34: error @11:24-11:33: function body block has no return statement'],
  ];
  for (const [source, message] of expected) assert.equal(await outcome(source), `invalid: ${message}`);
});

test('a secret stays tainted through a synchronous callback', async () => {
  const csv = await outcome('rows |> map(fn: (r) => ({host: r.host, tag: "t-${k}", n: r.n}))');
  assert.match(csv, /\*\*\*/);
  assert.doesNotMatch(csv, /secret-value-k/);
  assert.match(await outcome('rows |> map(fn: (r) => ({host: r.host, tag: "t-${r.region}"}))'), /t-east/);
});
