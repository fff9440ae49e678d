/**
 * group() regroups rows directly when its input tables share one schema, and through records
 * otherwise (group.ts). An empty table with another schema forces the record path without
 * changing the answer, so each case is run both ways and must agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StrongroomError } from '../../src/errors.js';
import { run } from './run-helpers.js';

const ROWS = `import "array"
rows = array.from(rows: [
  {host: "a", region: "east", value: 12.5, n: 1},
  {host: "b", region: "west", value: 3.0, n: 2},
  {host: "a", region: "east", value: 30.0, n: 3},
  {host: "c", region: "east", value: 11.0, n: 4},
  {host: "b", region: "east", value: 7.0, n: 5},
])
  |> map(fn: (r) => ({r with opt: if r.n > 3 then "x" else r.missing}))
empty = rows |> keep(columns: ["host"]) |> filter(fn: (r) => false, onEmpty: "keep")
`;

async function outcome(source: string): Promise<string> {
  try {
    return (await run(ROWS + source, {})).csv;
  } catch (e) {
    assert.ok(e instanceof StrongroomError, String(e));
    return `${e.code}: ${e.message}`;
  }
}

const GROUPINGS = [
  'group(columns: ["host"])',
  'group(columns: ["region", "host"])',
  'group(columns: ["host", "host"])',
  'group(columns: ["opt"])',
  'group(columns: ["nope"])',
  'group()',
  'group(columns: ["value", "n", "opt"], mode: "except")',
  'group(columns: ["host"]) |> sum(column: "value")',
  'group(columns: ["region"]) |> group(columns: ["host"])',
  'filter(fn: (r) => false) |> group(columns: ["host"])',
];

for (const g of GROUPINGS) {
  test(`group gives the same tables on both paths: ${g}`, async () => {
    const direct = await outcome(`rows |> ${g}`);
    const viaRecords = await outcome(`union(tables: [rows, empty]) |> ${g}`);
    assert.equal(direct, viaRecords);
    assert.doesNotMatch(direct, /^[a-z ]+: /, 'the case should succeed');
  });
}
