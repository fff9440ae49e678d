/**
 * map() builds its table position by position when every record has the same labels in the
 * same order, and by label otherwise (table.ts). Records of other shapes, a type collision and
 * a column of nulls give what they gave before the positional path existed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StrongroomError } from '../../src/errors.js';
import { run } from './run-helpers.js';

const ROWS = `import "array"
rows = array.from(rows: [{n: 1}, {n: 2}, {n: 3}, {n: 4}])
`;

async function outcome(source: string): Promise<string> {
  try {
    return (await run(ROWS + source, {})).csv;
  } catch (e) {
    assert.ok(e instanceof StrongroomError, String(e));
    return `ERR ${e.message}`;
  }
}

test('records with the labels in another order: columns in first-seen order', async () => {
  assert.equal(await outcome('rows |> map(fn: (r) => if r.n > 2 then {a: r.n, b: "x"} else {b: "y", a: r.n})'),
    ',result,table,b,a\r\n,_result,0,y,1\r\n,_result,0,y,2\r\n,_result,0,x,3\r\n,_result,0,x,4\r\n\r\n');
});

test('records with fewer labels: the missing cells are null', async () => {
  assert.equal(await outcome('rows |> map(fn: (r) => if r.n > 2 then {a: r.n, b: "x"} else {a: r.n})'),
    ',result,table,a,b\r\n,_result,0,1,\r\n,_result,0,2,\r\n,_result,0,3,x\r\n,_result,0,4,x\r\n\r\n');
});

test('a label holding two types is a schema collision', async () => {
  assert.equal(await outcome('rows |> map(fn: (r) => if r.n > 1 then {a: r.n, b: "x"} else {a: "s", c: 1})'),
    'ERR error calling function "map" @3:9-3:77: schema collision: column "a" is both string and int');
});

test('a column of nulls is a string column', async () => {
  assert.equal(await outcome('rows |> map(fn: (r) => ({a: r.missing, b: r.n}))'),
    ',result,table,a,b\r\n,_result,0,,1\r\n,_result,0,,2\r\n,_result,0,,3\r\n,_result,0,,4\r\n\r\n');
});
